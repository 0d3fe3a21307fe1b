// Building blocks of src/api's codecs (not part of the wire vocabulary itself): reading an
// object or a list of them with FieldReader, and writing what may be absent.
#pragma once

#include <limits>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "api/json_fields.h"
#include "core/sha256.h"
#include "core/version.h"

namespace appvault::api {

inline constexpr std::int64_t kMaxId = std::numeric_limits<std::int64_t>::max();
// Long lists are answers the server pages or bounds elsewhere; this only guards memory.
inline constexpr std::size_t kMaxListItems = 1000000;

inline nlohmann::json DigestOrNull(const std::optional<Sha256>& digest) {
  return digest.has_value() ? nlohmann::json(digest->Hex()) : nlohmann::json(nullptr);
}

// A required "android" or "ios".
inline Platform ReadPlatform(FieldReader& reader, std::string_view name) {
  const std::string text = reader.String(name, 16);
  if (!reader.status().ok()) return Platform::kAndroid;
  Result<Platform> platform = ParsePlatform(text);
  if (!platform.ok()) reader.Fail(name, platform.status().message());
  return platform.ok() ? *platform : Platform::kAndroid;
}

// Reads `object` as an object at `path` with `read` (FieldReader& → T), or says what it is
// instead.
template <typename T, typename Read>
Result<T> ReadObject(const nlohmann::json& object, const std::string& path, Read read) {
  if (!object.is_object()) {
    return Status(StatusCode::kInvalidArgument,
                  (path.empty() ? std::string("body") : path) + ": expected an object");
  }
  FieldReader reader(object, path);
  T value = read(reader);
  if (!reader.status().ok()) return reader.status();
  return value;
}

// Every element of the array field `name` read with `read_one` (an element decoder taking
// the element and its path).
template <typename T, typename ReadOne>
std::vector<T> ReadList(FieldReader& reader, std::string_view name, std::size_t max_items,
                        ReadOne read_one) {
  std::vector<T> out;
  const nlohmann::json* items = reader.Array(name, max_items);
  if (items == nullptr) return out;
  for (std::size_t i = 0; i < items->size(); ++i) {
    Result<T> item = read_one((*items)[i], reader.FieldName(name) + "[" + std::to_string(i) + "]");
    if (!item.ok()) {
      reader.Record(item.status());
      return out;
    }
    out.push_back(std::move(item).value());
  }
  return out;
}

// The field `name`, read with `read` when it is an object (null or absent: nullopt).
template <typename T, typename Read>
std::optional<T> OptionalPart(FieldReader& reader, std::string_view name, Read read) {
  const nlohmann::json* object = reader.OptionalObject(name);
  if (object == nullptr || !reader.status().ok()) return std::nullopt;
  Result<T> part = ReadObject<T>(*object, reader.FieldName(name), read);
  if (!part.ok()) {
    reader.Record(part.status());
    return std::nullopt;
  }
  return *part;
}

// The JSON array of ToJson of each value.
template <typename T>
nlohmann::json ToJsonList(const std::vector<T>& values) {
  nlohmann::json out = nlohmann::json::array();
  for (const T& value : values)
    out.push_back(ToJson(value));
  return out;
}

}  // namespace appvault::api
