// Sha256: a SHA-256 digest as a value — the name of every blob and package, and the
// fingerprint of a signing certificate. This type only holds and prints digests; computing
// them is the job of the modules that read bytes.
#pragma once

#include <array>
#include <compare>
#include <cstdint>
#include <string>
#include <string_view>

#include "core/status.h"

namespace appvault {

class Sha256 {
 public:
  static constexpr std::size_t kSize = 32;
  using Bytes = std::array<std::uint8_t, kSize>;

  Sha256() = default;  // all zero bytes
  explicit Sha256(const Bytes& bytes) : bytes_(bytes) {}

  // Parses 64 hex digits, either case. Errors: kInvalidArgument.
  static Result<Sha256> ParseHex(std::string_view hex);

  const Bytes& bytes() const { return bytes_; }
  // 64 lowercase hex digits.
  std::string Hex() const;
  // The first 12 hex digits, for messages and logs.
  std::string Short() const { return Hex().substr(0, 12); }

  auto operator<=>(const Sha256&) const = default;

 private:
  Bytes bytes_{};
};

}  // namespace appvault
