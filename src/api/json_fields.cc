#include "api/json_fields.h"

#include <utility>

namespace appvault::api {

using nlohmann::json;

namespace {

std::string_view TypeName(const json& value) {
  switch (value.type()) {
    case json::value_t::null:
      return "null";
    case json::value_t::boolean:
      return "a boolean";
    case json::value_t::number_integer:
    case json::value_t::number_unsigned:
    case json::value_t::number_float:
      return "a number";
    case json::value_t::string:
      return "a string";
    case json::value_t::array:
      return "an array";
    case json::value_t::object:
      return "an object";
    default:
      return "an unsupported value";
  }
}

std::string Expected(std::string_view what, const json& got) {
  return "expected " + std::string(what) + ", got " + std::string(TypeName(got));
}

}  // namespace

Result<json> ParseJsonObject(std::string_view body) {
  if (body.empty()) {
    return Status(StatusCode::kInvalidArgument,
                  "request body: expected a JSON object, got nothing");
  }
  json value;
  try {
    value = json::parse(body);
  } catch (const json::parse_error& e) {
    return Status(StatusCode::kInvalidArgument,
                  "request body: not valid JSON (at byte " + std::to_string(e.byte) + ")");
  } catch (const json::exception& e) {
    return Status(StatusCode::kInvalidArgument, "request body: not valid JSON");
  }
  if (!value.is_object()) {
    return Status(StatusCode::kInvalidArgument,
                  "request body: " + Expected("a JSON object", value));
  }
  return value;
}

FieldReader::FieldReader(const json& object, std::string path)
    : object_(object), path_(std::move(path)) {}

std::string FieldReader::FieldName(std::string_view name) const {
  return path_.empty() ? std::string(name) : path_ + "." + std::string(name);
}

void FieldReader::Fail(std::string_view name, std::string_view problem) {
  if (!status_.ok()) return;
  status_ = Status(StatusCode::kInvalidArgument, FieldName(name) + ": " + std::string(problem));
}

void FieldReader::Record(const Status& status) {
  if (status_.ok()) status_ = status;
}

bool FieldReader::Has(std::string_view name) const {
  return object_.find(name) != object_.end();
}

const json* FieldReader::Find(std::string_view name, bool required) {
  auto it = object_.find(name);
  if (it == object_.end() || (required && it->is_null())) {
    if (required) Fail(name, "missing");
    return nullptr;
  }
  return &*it;
}

std::string FieldReader::String(std::string_view name, std::size_t max_length) {
  const json* value = Find(name, /*required=*/true);
  if (value == nullptr) return "";
  if (!value->is_string()) {
    Fail(name, Expected("a string", *value));
    return "";
  }
  const std::string& text = value->get_ref<const std::string&>();
  if (text.empty() || text.size() > max_length) {
    Fail(name, "expected 1 to " + std::to_string(max_length) + " characters");
    return "";
  }
  return text;
}

std::optional<std::int64_t> FieldReader::OptionalInteger(std::string_view name, std::int64_t min,
                                                         std::int64_t max) {
  const json* value = Find(name, /*required=*/false);
  if (value == nullptr || value->is_null()) return std::nullopt;
  const std::string range = " from " + std::to_string(min) + " to " + std::to_string(max);
  if (!value->is_number_integer()) {
    Fail(name, Expected("an integer" + range, *value));
    return std::nullopt;
  }
  if (value->is_number_unsigned() &&
      value->get<std::uint64_t>() > static_cast<std::uint64_t>(max)) {
    Fail(name, "expected an integer" + range);
    return std::nullopt;
  }
  const std::int64_t number = value->get<std::int64_t>();
  if (number < min || number > max) {
    Fail(name, "expected an integer" + range);
    return std::nullopt;
  }
  return number;
}

std::int64_t FieldReader::Integer(std::string_view name, std::int64_t min, std::int64_t max) {
  if (Find(name, /*required=*/true) == nullptr) return 0;
  return OptionalInteger(name, min, max).value_or(0);
}

std::optional<std::string> FieldReader::OptionalString(std::string_view name,
                                                       std::size_t max_length) {
  const json* value = Find(name, /*required=*/false);
  if (value == nullptr || value->is_null()) return std::nullopt;
  if (!value->is_string()) {
    Fail(name, Expected("a string or null", *value));
    return std::nullopt;
  }
  const std::string& text = value->get_ref<const std::string&>();
  if (text.size() > max_length) {
    Fail(name, "longer than " + std::to_string(max_length) + " characters");
    return std::nullopt;
  }
  return text;
}

std::optional<bool> FieldReader::OptionalBool(std::string_view name) {
  const json* value = Find(name, /*required=*/false);
  if (value == nullptr || value->is_null()) return std::nullopt;
  if (!value->is_boolean()) {
    Fail(name, Expected("true, false or null", *value));
    return std::nullopt;
  }
  return value->get<bool>();
}

bool FieldReader::Bool(std::string_view name) {
  const json* value = Find(name, /*required=*/true);
  if (value == nullptr) return false;
  if (!value->is_boolean()) {
    Fail(name, Expected("true or false", *value));
    return false;
  }
  return value->get<bool>();
}

std::string FieldReader::VersionText(std::string_view name) {
  const json* value = Find(name, /*required=*/true);
  if (value == nullptr) return "";
  if (value->is_number_unsigned()) return std::to_string(value->get<std::uint64_t>());
  if (value->is_string() && !value->get_ref<const std::string&>().empty()) {
    return value->get<std::string>();
  }
  Fail(name, Expected("a non-negative integer or a version string", *value));
  return "";
}

std::optional<Sha256> FieldReader::OptionalSha256(std::string_view name) {
  std::optional<std::string> text = OptionalString(name, 64);
  if (!text.has_value()) return std::nullopt;
  Result<Sha256> digest = Sha256::ParseHex(*text);
  if (!digest.ok()) {
    Fail(name, "expected 64 hex digits");
    return std::nullopt;
  }
  return *digest;
}

const json* FieldReader::Array(std::string_view name, std::size_t max_items, bool required) {
  const json* value = Find(name, required);
  if (value == nullptr || (!required && value->is_null())) return nullptr;
  if (!value->is_array()) {
    Fail(name, Expected("an array", *value));
    return nullptr;
  }
  if (value->size() > max_items) {
    Fail(name, "more than " + std::to_string(max_items) + " items");
    return nullptr;
  }
  return value;
}

std::vector<std::string> FieldReader::StringArray(std::string_view name, std::size_t max_items,
                                                  std::size_t max_length) {
  std::vector<std::string> out;
  const json* array = Array(name, max_items);
  if (array == nullptr) return out;
  for (std::size_t i = 0; i < array->size(); ++i) {
    const json& item = (*array)[i];
    const std::string item_name = std::string(name) + "[" + std::to_string(i) + "]";
    if (!item.is_string()) {
      Fail(item_name, Expected("a string", item));
      return {};
    }
    const std::string& text = item.get_ref<const std::string&>();
    if (text.empty() || text.size() > max_length) {
      Fail(item_name, "expected 1 to " + std::to_string(max_length) + " characters");
      return {};
    }
    out.push_back(text);
  }
  return out;
}

const json* FieldReader::OptionalObject(std::string_view name) {
  const json* value = Find(name, /*required=*/false);
  if (value == nullptr || value->is_null()) return nullptr;
  if (!value->is_object()) {
    Fail(name, Expected("an object or null", *value));
    return nullptr;
  }
  return value;
}

void FieldReader::RejectUnknown(std::initializer_list<std::string_view> known) {
  for (auto it = object_.begin(); it != object_.end(); ++it) {
    bool is_known = false;
    for (std::string_view name : known)
      is_known = is_known || it.key() == name;
    if (!is_known) Fail(it.key(), "unknown field");
  }
}

Preferences ReadPreferences(FieldReader& reader, Preferences base) {
  struct Setting {
    std::string_view name;
    std::optional<bool> Preferences::*member;
  };
  static constexpr Setting kSettings[] = {
      {"install_latest", &Preferences::install_latest},
      {"accept_alternatives", &Preferences::accept_alternatives},
      {"backup_config", &Preferences::backup_config},
  };
  for (const Setting& setting : kSettings) {
    if (reader.Has(setting.name)) base.*setting.member = reader.OptionalBool(setting.name);
  }
  reader.RejectUnknown({"install_latest", "accept_alternatives", "backup_config"});
  return base;
}

}  // namespace appvault::api
