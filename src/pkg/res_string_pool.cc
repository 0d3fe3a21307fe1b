#include "pkg/res_string_pool.h"

#include "pkg/le_bytes.h"

namespace appvault::pkg {
namespace {

constexpr std::size_t kPoolHeaderSize = 28;
constexpr std::uint32_t kUtf8Flag = 1u << 8;
constexpr std::string_view kReplacement = "\xEF\xBF\xBD";

Status PoolError(const std::string& why) {
  return Status(StatusCode::kInvalidPackage, "binary XML string pool: " + why);
}

const std::uint8_t* Bytes(std::string_view s) {
  return reinterpret_cast<const std::uint8_t*>(s.data());
}

void AppendCodePoint(std::string& out, std::uint32_t cp) {
  if (cp < 0x80) {
    out += static_cast<char>(cp);
  } else if (cp < 0x800) {
    out += static_cast<char>(0xC0 | (cp >> 6));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  } else if (cp < 0x10000) {
    out += static_cast<char>(0xE0 | (cp >> 12));
    out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  } else {
    out += static_cast<char>(0xF0 | (cp >> 18));
    out += static_cast<char>(0x80 | ((cp >> 12) & 0x3F));
    out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  }
}

// The length of the valid UTF-8 sequence at the start of s, or 0.
std::size_t ValidSequence(std::string_view s) {
  const auto c = static_cast<std::uint8_t>(s[0]);
  if (c < 0x80) return 1;
  // Lead byte pattern -> sequence length, payload bits of the lead byte, smallest code point.
  struct Lead {
    std::uint8_t mask, value;
    std::size_t len;
    std::uint32_t min;
  };
  constexpr Lead kLeads[] = {
      {0xE0, 0xC0, 2, 0x80}, {0xF0, 0xE0, 3, 0x800}, {0xF8, 0xF0, 4, 0x10000}};
  const Lead* lead = nullptr;
  for (const Lead& l : kLeads) {
    if ((c & l.mask) == l.value) lead = &l;
  }
  if (lead == nullptr || s.size() < lead->len) return 0;
  const std::size_t len = lead->len;
  const std::uint32_t min = lead->min;
  std::uint32_t cp = c & static_cast<std::uint8_t>(~lead->mask);
  for (std::size_t i = 1; i < len; ++i) {
    const auto b = static_cast<std::uint8_t>(s[i]);
    if ((b & 0xC0) != 0x80) return 0;
    cp = (cp << 6) | (b & 0x3F);
  }
  if (cp < min || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) return 0;
  return len;
}

}  // namespace

std::string SanitizeUtf8(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  while (!text.empty()) {
    const std::size_t len = ValidSequence(text);
    out += len == 0 ? kReplacement : text.substr(0, len);
    text.remove_prefix(len == 0 ? 1 : len);
  }
  return out;
}

std::string Utf16LeToUtf8(std::string_view bytes) {
  std::string out;
  out.reserve(bytes.size());
  const std::size_t units = bytes.size() / 2;
  for (std::size_t i = 0; i < units; ++i) {
    const std::uint32_t u = LoadLe16(Bytes(bytes) + 2 * i);
    if (u >= 0xD800 && u <= 0xDBFF && i + 1 < units) {
      const std::uint32_t low = LoadLe16(Bytes(bytes) + 2 * (i + 1));
      if (low >= 0xDC00 && low <= 0xDFFF) {
        AppendCodePoint(out, 0x10000 + ((u - 0xD800) << 10) + (low - 0xDC00));
        ++i;
        continue;
      }
    }
    if (u >= 0xD800 && u <= 0xDFFF) {
      out += kReplacement;
    } else {
      AppendCodePoint(out, u);
    }
  }
  return out;
}

Result<ResStringPool> ResStringPool::Parse(std::string_view chunk) {
  if (chunk.size() < kPoolHeaderSize) return PoolError("truncated header");
  const std::uint8_t* p = Bytes(chunk);
  const std::uint16_t header_size = LoadLe16(p + 2);
  const std::uint64_t count = LoadLe32(p + 8), styles = LoadLe32(p + 12);
  const std::uint64_t strings_start = LoadLe32(p + 20), styles_start = LoadLe32(p + 24);
  if (header_size < kPoolHeaderSize || header_size > chunk.size()) {
    return PoolError("bad header size");
  }
  if ((count + styles) * 4 > chunk.size() - header_size) {
    return PoolError("offset table larger than the pool");
  }
  if (count > 0 &&
      (strings_start < header_size + (count + styles) * 4 || strings_start > chunk.size())) {
    return PoolError("string data outside the pool");
  }
  ResStringPool pool;
  pool.chunk_ = chunk;
  pool.offsets_ = header_size;
  pool.count_ = static_cast<std::uint32_t>(count);
  pool.utf8_ = (LoadLe32(p + 16) & kUtf8Flag) != 0;
  pool.strings_begin_ = static_cast<std::size_t>(strings_start);
  pool.strings_end_ = chunk.size();
  if (styles > 0 && styles_start > strings_start && styles_start <= chunk.size()) {
    pool.strings_end_ = static_cast<std::size_t>(styles_start);
  }
  return pool;
}

Result<std::string> ResStringPool::Get(std::uint32_t index) const {
  if (index >= count_) {
    return PoolError("string index " + std::to_string(index) + " out of range (" +
                     std::to_string(count_) + " strings)");
  }
  const std::uint64_t offset = LoadLe32(Bytes(chunk_) + offsets_ + 4 * std::size_t{index});
  if (offset >= strings_end_ - strings_begin_) return PoolError("string offset out of range");
  const auto pos = static_cast<std::size_t>(strings_begin_ + offset);
  return utf8_ ? GetUtf8(pos) : GetUtf16(pos);
}

// UTF-8 strings: the UTF-16 length, then the byte length (each 1 or 2 bytes, high bit of
// the first byte meaning "two"), the bytes and a NUL.
Result<std::string> ResStringPool::GetUtf8(std::size_t pos) const {
  std::size_t lengths[2] = {0, 0};
  for (std::size_t& length : lengths) {
    if (pos >= strings_end_) return PoolError("string runs out of the pool");
    const std::uint8_t first = Bytes(chunk_)[pos++];
    length = first;
    if (first & 0x80) {
      if (pos >= strings_end_) return PoolError("string runs out of the pool");
      length = (std::size_t{first & 0x7Fu} << 8) | Bytes(chunk_)[pos++];
    }
  }
  const std::size_t n = lengths[1];
  if (n >= strings_end_ - pos) return PoolError("string runs out of the pool");
  if (chunk_[pos + n] != '\0') return PoolError("string without terminator");
  return SanitizeUtf8(chunk_.substr(pos, n));
}

// UTF-16 strings: the length in code units (one unit, or two with the high bit set on the
// first), the units and a NUL unit.
Result<std::string> ResStringPool::GetUtf16(std::size_t pos) const {
  if (strings_end_ - pos < 2) return PoolError("string runs out of the pool");
  std::size_t units = LoadLe16(Bytes(chunk_) + pos);
  pos += 2;
  if (units & 0x8000) {
    if (strings_end_ - pos < 2) return PoolError("string runs out of the pool");
    units = ((units & 0x7FFF) << 16) | LoadLe16(Bytes(chunk_) + pos);
    pos += 2;
  }
  if (units >= (strings_end_ - pos) / 2) return PoolError("string runs out of the pool");
  if (LoadLe16(Bytes(chunk_) + pos + 2 * units) != 0) {
    return PoolError("string without terminator");
  }
  return Utf16LeToUtf8(chunk_.substr(pos, 2 * units));
}

}  // namespace appvault::pkg
