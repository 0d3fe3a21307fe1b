#include "server/trusted_proxies.h"

#include <algorithm>
#include <boost/asio/ip/address.hpp>
#include <charconv>

#include "base/strings.h"
#include "server/request.h"

namespace appvault::server {

namespace ip = boost::asio::ip;

namespace {

// An IP literal, IPv4-mapped IPv6 as IPv4; false when `text` is not one.
bool ParseAddress(std::string_view text, ip::address& out) {
  boost::system::error_code error;
  ip::address address = ip::make_address(std::string(text), error);
  if (error) return false;
  if (address.is_v6() && address.to_v6().is_v4_mapped()) {
    address = ip::make_address_v4(ip::v4_mapped, address.to_v6());
  }
  out = address;
  return true;
}

// An X-Forwarded-For entry: "192.0.2.7", "2001:db8::1", "192.0.2.7:4711", "[2001:db8::1]:80".
bool ParseEntry(std::string_view entry, ip::address& out) {
  entry = base::Trim(entry);
  if (ParseAddress(entry, out)) return true;
  if (!entry.empty() && entry.front() == '[') {
    std::size_t close = entry.find(']');
    return close != std::string_view::npos && ParseAddress(entry.substr(1, close - 1), out);
  }
  std::size_t colon = entry.find(':');
  return colon != std::string_view::npos && entry.find(':', colon + 1) == std::string_view::npos &&
         ParseAddress(entry.substr(0, colon), out);
}

std::array<std::uint8_t, 16> BytesOf(const ip::address& address) {
  std::array<std::uint8_t, 16> bytes{};
  if (address.is_v4()) {
    ip::address_v4::bytes_type v4 = address.to_v4().to_bytes();
    std::copy(v4.begin(), v4.end(), bytes.begin());
  } else {
    ip::address_v6::bytes_type v6 = address.to_v6().to_bytes();
    std::copy(v6.begin(), v6.end(), bytes.begin());
  }
  return bytes;
}

bool PrefixMatches(const std::array<std::uint8_t, 16>& a, const std::array<std::uint8_t, 16>& b,
                   int prefix) {
  for (int i = 0; i < prefix / 8; ++i) {
    if (a[static_cast<std::size_t>(i)] != b[static_cast<std::size_t>(i)]) return false;
  }
  int rest = prefix % 8;
  if (rest == 0) return true;
  auto mask = static_cast<std::uint8_t>(0xff << (8 - rest));
  std::size_t i = static_cast<std::size_t>(prefix / 8);
  return (a[i] & mask) == (b[i] & mask);
}

Status NotCidr(const std::string& text) {
  return Status(StatusCode::kInvalidArgument,
                "--trusted-proxy: \"" + text +
                    "\" is not a CIDR block (expected ADDRESS/BITS, e.g. 10.0.0.0/8 or fd00::/8)");
}

}  // namespace

Result<TrustedProxies> TrustedProxies::Parse(const std::vector<std::string>& cidrs) {
  TrustedProxies proxies;
  for (const std::string& text : cidrs) {
    std::string_view view = text;
    std::size_t slash = view.find('/');
    ip::address address;
    if (!ParseAddress(view.substr(0, slash), address)) return NotCidr(text);
    Block block;
    block.v4 = address.is_v4();
    block.bytes = BytesOf(address);
    const int bits = block.v4 ? 32 : 128;
    block.prefix = bits;
    if (slash != std::string_view::npos) {
      std::string_view digits = view.substr(slash + 1);
      auto [end, error] =
          std::from_chars(digits.data(), digits.data() + digits.size(), block.prefix);
      if (error != std::errc() || end != digits.data() + digits.size() || block.prefix < 0 ||
          block.prefix > bits) {
        return NotCidr(text);
      }
    }
    proxies.blocks_.push_back(block);
  }
  return proxies;
}

bool TrustedProxies::Contains(std::string_view text) const {
  ip::address address;
  if (blocks_.empty() || !ParseAddress(text, address)) return false;
  const std::array<std::uint8_t, 16> bytes = BytesOf(address);
  return std::any_of(blocks_.begin(), blocks_.end(), [&](const Block& block) {
    return block.v4 == address.is_v4() && PrefixMatches(block.bytes, bytes, block.prefix);
  });
}

std::string TrustedProxies::ClientAddress(const std::string& peer,
                                          const std::vector<std::string_view>& forwarded) const {
  if (!Contains(peer)) return peer;
  std::vector<std::string_view> entries;
  for (std::string_view header : forwarded) {
    while (true) {
      std::size_t comma = header.find(',');
      entries.push_back(header.substr(0, comma));
      if (comma == std::string_view::npos) break;
      header.remove_prefix(comma + 1);
    }
  }
  std::string client = peer;
  for (auto it = entries.rbegin(); it != entries.rend(); ++it) {
    ip::address address;
    if (!ParseEntry(*it, address)) return peer;
    client = address.to_string();
    if (!Contains(client)) return client;
  }
  return client;
}

std::string AddressKey(const std::string& address) {
  ip::address parsed;
  if (!ParseAddress(address, parsed) || parsed.is_v4()) return address;
  ip::address_v6::bytes_type bytes = parsed.to_v6().to_bytes();
  std::fill(bytes.begin() + 8, bytes.end(), 0);
  return ip::address_v6(bytes).to_string() + "/64";
}

}  // namespace appvault::server
