// Whom the server believes about a client's address: the reverse proxies named by the
// operator (`appvaultd serve --trusted-proxy CIDR`), and only for their X-Forwarded-For.
#pragma once

#include <array>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "core/status.h"

namespace appvault::server {

// A set of CIDR blocks. A value type; const access is thread-safe.
class TrustedProxies {
 public:
  TrustedProxies() = default;  // none: X-Forwarded-For is never read

  // Parses "127.0.0.1/32", "10.0.0.0/8", "::1/128", "fd00::/8" (a bare address is one
  // host). Errors: kInvalidArgument naming the text that is not a CIDR block.
  static Result<TrustedProxies> Parse(const std::vector<std::string>& cidrs);

  bool empty() const { return blocks_.empty(); }
  // Whether `address` (an IP literal) is in one of the blocks; false for anything else.
  bool Contains(std::string_view address) const;

  // The client of a request whose socket peer is `peer` and whose X-Forwarded-For headers
  // (in the order received, each a comma-separated list) are `forwarded`: `peer` itself
  // unless it is trusted. From a trusted peer the list is read from the right — each proxy
  // appends the address it saw — skipping trusted addresses: the first one that is not
  // trusted is the client (entries left of it are whatever that client wrote, never read);
  // when every entry is trusted, the left-most. `peer` when there is no entry, or when the
  // entry to take is not an IP address (a misconfigured proxy). Pure.
  std::string ClientAddress(const std::string& peer,
                            const std::vector<std::string_view>& forwarded) const;

 private:
  struct Block {
    bool v4 = false;
    std::array<std::uint8_t, 16> bytes{};  // the first 4 for IPv4
    int prefix = 0;
  };
  std::vector<Block> blocks_;
};

// The key an address is counted under by per-address limits: an IPv4 address as it is, an
// IPv6 address by its /64 (one subscriber's prefix: the addresses in it cost nothing to
// change). "" for "". Pure.
std::string AddressKey(const std::string& address);

}  // namespace appvault::server
