// Params: the parameters of one PostgreSQL query ($1, $2, …), in order, each sent as text
// (integers in decimal, digests as bytea hex "\x…", NULL for an absent optional).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/sha256.h"

namespace appvault::store::pg {

class Params {
 public:
  Params& Add(std::int64_t value) { return Put(std::to_string(value)); }
  Params& Add(std::string_view text) { return Put(std::string(text)); }
  Params& Add(const char* text) { return Put(std::string(text)); }
  Params& Add(const std::string& text) { return Put(text); }
  Params& Add(const Sha256& digest) {  // as bytea
    std::string text = "\\x";          // appended: GCC 12 -Wrestrict misfires on "…" + s
    text += digest.Hex();
    return Put(std::move(text));
  }
  template <typename T>
  Params& Add(const std::optional<T>& value) {
    if (value.has_value()) return Add(*value);
    values_.emplace_back(std::nullopt);
    return *this;
  }

  int size() const { return static_cast<int>(values_.size()); }
  // The values as libpq takes them: null for NULL. Valid while this object is unchanged.
  std::vector<const char*> Pointers() const {
    std::vector<const char*> pointers;
    pointers.reserve(values_.size());
    for (const std::optional<std::string>& value : values_)
      pointers.push_back(value.has_value() ? value->c_str() : nullptr);
    return pointers;
  }

 private:
  Params& Put(std::string text) {
    values_.emplace_back(std::move(text));
    return *this;
  }

  std::vector<std::optional<std::string>> values_;
};

}  // namespace appvault::store::pg
