// Test-only: writes Android binary XML the way aapt lays it out, with every field settable
// so tests can also write malformed documents.
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <utility>
#include <vector>

namespace appvault::pkg::test_util {

inline void PutLe16(std::string& out, std::uint32_t v) {
  out += static_cast<char>(v & 0xff);
  out += static_cast<char>((v >> 8) & 0xff);
}
inline void PutLe32(std::string& out, std::uint32_t v) {
  PutLe16(out, v & 0xffff);
  PutLe16(out, v >> 16);
}

// UTF-8 (valid) to UTF-16 code units.
inline std::u16string ToUtf16(const std::string& s) {
  std::u16string out;
  for (std::size_t i = 0; i < s.size();) {
    const auto c = static_cast<unsigned char>(s[i]);
    std::uint32_t cp = c;
    std::size_t len = 1;
    if (c >= 0xF0)
      cp = c & 0x07, len = 4;
    else if (c >= 0xE0)
      cp = c & 0x0F, len = 3;
    else if (c >= 0xC0)
      cp = c & 0x1F, len = 2;
    for (std::size_t k = 1; k < len; ++k)
      cp = (cp << 6) | (static_cast<unsigned char>(s[i + k]) & 0x3F);
    i += len;
    if (cp >= 0x10000) {
      out += static_cast<char16_t>(0xD800 + ((cp - 0x10000) >> 10));
      out += static_cast<char16_t>(0xDC00 + ((cp - 0x10000) & 0x3FF));
    } else {
      out += static_cast<char16_t>(cp);
    }
  }
  return out;
}

struct BuilderAttribute {
  std::string ns;  // "" for none
  std::string name;
  std::uint8_t type = 0x03;  // Res_value::dataType
  std::uint32_t data = 0;    // for strings: ignored, the value's index is used
  std::string value;         // the string (type 0x03) or raw text ("" for none)
};

class BinaryXmlBuilder {
 public:
  static constexpr std::uint32_t kNone = 0xFFFFFFFF;

  // resource_names: attribute names with resource ids; they take the first pool indexes,
  // as aapt does, so the resource map can cover them.
  explicit BinaryXmlBuilder(bool utf8,
                            std::vector<std::pair<std::string, std::uint32_t>> resource_names = {})
      : utf8_(utf8) {
    for (auto& [name, id] : resource_names) {
      Index(name);
      ids_.push_back(id);
    }
  }

  // The pool index of s, adding it.
  std::uint32_t Index(const std::string& s) {
    auto it = index_.find(s);
    if (it != index_.end()) return it->second;
    strings_.push_back(s);
    return index_[s] = static_cast<std::uint32_t>(strings_.size() - 1);
  }

  void Start(const std::string& ns, const std::string& name,
             const std::vector<BuilderAttribute>& attributes) {
    std::string ext;
    PutLe32(ext, ns.empty() ? kNone : Index(ns));
    PutLe32(ext, Index(name));
    PutLe16(ext, 20);  // attributeStart
    PutLe16(ext, 20);  // attributeSize
    PutLe16(ext, static_cast<std::uint32_t>(attributes.size()));
    PutLe16(ext, 0);
    PutLe16(ext, 0);
    PutLe16(ext, 0);
    for (const BuilderAttribute& a : attributes) {
      PutLe32(ext, a.ns.empty() ? kNone : Index(a.ns));
      PutLe32(ext, Index(a.name));
      PutLe32(ext, a.value.empty() && a.type != 0x03 ? kNone : Index(a.value));
      PutLe16(ext, 8);
      ext += '\0';
      ext += static_cast<char>(a.type);
      PutLe32(ext, a.type == 0x03 ? Index(a.value) : a.data);
    }
    Node(0x0102, ext);
  }

  void End(const std::string& ns, const std::string& name) {
    std::string ext;
    PutLe32(ext, ns.empty() ? kNone : Index(ns));
    PutLe32(ext, Index(name));
    Node(0x0103, ext);
  }

  // Appends raw bytes as they are (for malformed chunks).
  void Raw(const std::string& bytes) { body_ += bytes; }

  std::string StringPool() const {
    std::string offsets, data;
    for (const std::string& s : strings_) {
      PutLe32(offsets, static_cast<std::uint32_t>(data.size()));
      utf8_ ? PutUtf8(data, s) : PutUtf16(data, s);
    }
    while (data.size() % 4 != 0)
      data += '\0';
    std::string pool;
    PutLe16(pool, 0x0001);
    PutLe16(pool, 28);
    PutLe32(pool, static_cast<std::uint32_t>(28 + offsets.size() + data.size()));
    PutLe32(pool, static_cast<std::uint32_t>(strings_.size()));
    PutLe32(pool, 0);
    PutLe32(pool, utf8_ ? 0x100 : 0);
    PutLe32(pool, static_cast<std::uint32_t>(28 + offsets.size()));
    PutLe32(pool, 0);
    return pool + offsets + data;
  }

  std::string ResourceMap() const {
    std::string map;
    PutLe16(map, 0x0180);
    PutLe16(map, 8);
    PutLe32(map, static_cast<std::uint32_t>(8 + 4 * ids_.size()));
    for (std::uint32_t id : ids_)
      PutLe32(map, id);
    return map;
  }

  std::string Build() const {
    const std::string inner = StringPool() + (ids_.empty() ? "" : ResourceMap()) + body_;
    std::string out;
    PutLe16(out, 0x0003);
    PutLe16(out, 8);
    PutLe32(out, static_cast<std::uint32_t>(8 + inner.size()));
    return out + inner;
  }

 private:
  static void PutLength8(std::string& out, std::size_t n) {
    if (n > 0x7F) out += static_cast<char>(0x80 | (n >> 8));
    out += static_cast<char>(n & 0xFF);
  }
  static void PutUtf8(std::string& out, const std::string& s) {
    PutLength8(out, ToUtf16(s).size());
    PutLength8(out, s.size());
    out += s;
    out += '\0';
  }
  static void PutUtf16(std::string& out, const std::string& s) {
    const std::u16string units = ToUtf16(s);
    if (units.size() > 0x7FFF)
      PutLe16(out, 0x8000 | static_cast<std::uint32_t>(units.size() >> 16));
    PutLe16(out, units.size() & 0xFFFF);
    for (char16_t u : units)
      PutLe16(out, u);
    PutLe16(out, 0);
  }
  void Node(std::uint16_t type, const std::string& ext) {
    PutLe16(body_, type);
    PutLe16(body_, 16);
    PutLe32(body_, static_cast<std::uint32_t>(16 + ext.size()));
    PutLe32(body_, ++line_);
    PutLe32(body_, kNone);
    body_ += ext;
  }

  bool utf8_;
  std::vector<std::string> strings_;
  std::map<std::string, std::uint32_t> index_;
  std::vector<std::uint32_t> ids_;
  std::string body_;
  std::uint32_t line_ = 0;
};

}  // namespace appvault::pkg::test_util
