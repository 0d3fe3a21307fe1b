// ByteReader: bounds-checked little-endian reads from a byte string, for the APK Signing
// Block and the v2/v3 signer records (internal to src/pkg).
#pragma once

#include <cstddef>
#include <cstdint>
#include <string_view>

#include "pkg/le_bytes.h"

namespace appvault::pkg {

// Reads front to back. Every Read* returns false, consuming nothing, when the bytes it
// needs are not there. Holds a view: the bytes must outlive the reader.
class ByteReader {
 public:
  explicit ByteReader(std::string_view data) : data_(data) {}

  // Whether every byte has been read, and how many are left.
  bool empty() const { return data_.empty(); }
  std::size_t remaining() const { return data_.size(); }

  // A little-endian uint32 / uint64.
  bool ReadU32(std::uint32_t* out) {
    if (data_.size() < 4) return false;
    *out = LoadLe32(Raw());
    data_.remove_prefix(4);
    return true;
  }

  bool ReadU64(std::uint64_t* out) {
    if (data_.size() < 8) return false;
    *out = LoadLe64(Raw());
    data_.remove_prefix(8);
    return true;
  }

  // The next n bytes, as a view into the data.
  bool ReadBytes(std::size_t n, std::string_view* out) {
    if (data_.size() < n) return false;
    *out = data_.substr(0, n);
    data_.remove_prefix(n);
    return true;
  }

  // A uint32 length, then that many bytes.
  bool ReadLengthPrefixed(std::string_view* out) {
    if (data_.size() < 4) return false;
    std::uint32_t n = LoadLe32(Raw());
    if (data_.size() - 4 < n) return false;
    *out = data_.substr(4, n);
    data_.remove_prefix(4 + static_cast<std::size_t>(n));
    return true;
  }

 private:
  const std::uint8_t* Raw() const { return reinterpret_cast<const std::uint8_t*>(data_.data()); }

  std::string_view data_;
};

}  // namespace appvault::pkg
