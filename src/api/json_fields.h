// Reading JSON request bodies with precise errors: every failure names the field
// ("apps[2].version_code: expected an integer or a string") so that a client can fix
// its request. nlohmann::json exceptions never leave this file.
#pragma once

#include <cstdint>
#include <initializer_list>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <string_view>

#include "core/preferences.h"
#include "core/sha256.h"
#include "core/status.h"

namespace appvault::api {

// The JSON API's field readers, shared by the server (reading requests) and the client
// (reading answers): src/api's codecs are written with them.
//
// Parses a request body that must be one JSON object.
// Errors: kInvalidArgument "request body: …" for an empty body, invalid JSON (with the
// byte offset) or a value that is not an object.
Result<nlohmann::json> ParseJsonObject(std::string_view body);

// Reads the fields of one JSON object, remembering the first error; read every field,
// then check status(). A field that fails reads as empty/absent.
// `path` prefixes field names in messages ("" at the top level, "apps[2]" inside).
// Not thread-safe; holds a reference to `object`, which must outlive the reader.
class FieldReader {
 public:
  // REQUIRES: object.is_object().
  FieldReader(const nlohmann::json& object, std::string path);

  // A required non-empty string of at most max_length bytes.
  std::string String(std::string_view name, std::size_t max_length = 1024);
  // A string, absent or null → nullopt; "" allowed.
  std::optional<std::string> OptionalString(std::string_view name, std::size_t max_length = 4096);
  // A boolean; absent or null → nullopt.
  std::optional<bool> OptionalBool(std::string_view name);
  // A required boolean.
  bool Bool(std::string_view name);
  // A required integer in [min, max].
  std::int64_t Integer(std::string_view name, std::int64_t min, std::int64_t max);
  // An integer in [min, max]; absent or null → nullopt.
  std::optional<std::int64_t> OptionalInteger(std::string_view name, std::int64_t min,
                                              std::int64_t max);
  // A version: a non-negative integer or a string ("30", "16.4"); required.
  std::string VersionText(std::string_view name);
  // 64 hex digits; absent or null → nullopt.
  std::optional<Sha256> OptionalSha256(std::string_view name);
  // A required array of strings, each 1..max_length bytes, at most max_items.
  std::vector<std::string> StringArray(std::string_view name, std::size_t max_items,
                                       std::size_t max_length = 256);
  // The raw value of a field that must be an array (of anything), at most max_items;
  // nullptr when absent (an error for a required field) or not an array.
  const nlohmann::json* Array(std::string_view name, std::size_t max_items, bool required = true);
  // The raw value of a field that must be an object; nullptr when absent or null.
  const nlohmann::json* OptionalObject(std::string_view name);
  // Whether the field is present (null counts as present).
  bool Has(std::string_view name) const;

  // Records an error about the field `name` (for checks the caller makes itself).
  void Fail(std::string_view name, std::string_view problem);
  // Records a failure whose message already names the field (keeps the first error).
  void Record(const Status& status);
  // Records an error for every field not in `known`.
  void RejectUnknown(std::initializer_list<std::string_view> known);

  // The first error (kInvalidArgument "FIELD: problem"), or ok.
  const Status& status() const { return status_; }
  // The full name of a field for messages: "apps[2].app".
  std::string FieldName(std::string_view name) const;

 private:
  // The field's value, or nullptr when absent; records "missing" when required.
  const nlohmann::json* Find(std::string_view name, bool required);

  const nlohmann::json& object_;
  std::string path_;
  Status status_;
};

// The settings of a preferences object (install_latest, accept_alternatives,
// backup_config: each a boolean or null) applied over `base`: a key present replaces the
// base's setting (null clears it), an absent key keeps it. Unknown keys are errors.
Preferences ReadPreferences(FieldReader& reader, Preferences base = {});

// JSON for a value that may be absent: the value, or null.
template <typename T>
nlohmann::json OrNull(const std::optional<T>& value) {
  return value.has_value() ? nlohmann::json(*value) : nlohmann::json(nullptr);
}

}  // namespace appvault::api
