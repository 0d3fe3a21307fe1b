#include "core/sha256.h"

namespace appvault {
namespace {

int HexValue(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

}  // namespace

Result<Sha256> Sha256::ParseHex(std::string_view hex) {
  if (hex.size() != 2 * kSize) {
    return Status(StatusCode::kInvalidArgument,
                  "a SHA-256 is 64 hex digits, got " + std::to_string(hex.size()) + " characters");
  }
  Bytes bytes{};
  for (std::size_t i = 0; i < kSize; ++i) {
    int high = HexValue(hex[2 * i]);
    int low = HexValue(hex[2 * i + 1]);
    if (high < 0 || low < 0) {
      return Status(StatusCode::kInvalidArgument,
                    "a SHA-256 is 64 hex digits, got \"" + std::string(hex) + "\"");
    }
    bytes[i] = static_cast<std::uint8_t>(high * 16 + low);
  }
  return Sha256(bytes);
}

std::string Sha256::Hex() const {
  static constexpr char kDigits[] = "0123456789abcdef";
  std::string out(2 * kSize, '0');
  for (std::size_t i = 0; i < kSize; ++i) {
    out[2 * i] = kDigits[bytes_[i] >> 4];
    out[2 * i + 1] = kDigits[bytes_[i] & 0xf];
  }
  return out;
}

}  // namespace appvault
