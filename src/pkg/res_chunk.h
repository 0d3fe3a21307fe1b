// Internal to src/pkg: the ResChunk_header framing shared by Android binary XML and
// resources.arsc.
#pragma once

#include <cstdint>
#include <optional>
#include <string_view>

#include "pkg/le_bytes.h"

namespace appvault::pkg {

inline constexpr std::uint16_t kResStringPoolType = 0x0001;
inline constexpr std::size_t kChunkHeaderSize = 8;

struct ResChunk {
  std::uint16_t type = 0;
  std::uint16_t header_size = 0;
  std::string_view bytes;  // the whole chunk, header included
};

// Why the chunk at the start of data does not fit, or nullptr when it does (then *out holds
// it: its header fits in its size, its size in data).
inline const char* ReadResChunk(std::string_view data, ResChunk* out) {
  if (data.size() < kChunkHeaderSize) return "truncated chunk header";
  const auto* p = reinterpret_cast<const std::uint8_t*>(data.data());
  out->type = LoadLe16(p);
  out->header_size = LoadLe16(p + 2);
  const std::uint32_t size = LoadLe32(p + 4);
  if (out->header_size < kChunkHeaderSize || size < out->header_size) {
    return "malformed chunk header";
  }
  if (size > data.size()) return "chunk runs past the end of the data";
  out->bytes = data.substr(0, size);
  return nullptr;
}

}  // namespace appvault::pkg
