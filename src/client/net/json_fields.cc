#include "client/net/json_fields.h"

namespace appvault::client {

const nlohmann::json& Field(const nlohmann::json& object, std::string_view key) {
  static const nlohmann::json kNull;
  if (!object.is_object()) return kNull;
  auto it = object.find(key);
  return it == object.end() ? kNull : *it;
}

std::string Text(const nlohmann::json& object, std::string_view key) {
  const nlohmann::json& value = Field(object, key);
  if (value.is_string()) return value.get<std::string>();
  if (value.is_number_integer()) return value.dump();
  return "";
}

std::optional<std::int64_t> Integer(const nlohmann::json& object, std::string_view key) {
  const nlohmann::json& value = Field(object, key);
  if (!value.is_number_integer()) return std::nullopt;
  return value.get<std::int64_t>();
}

std::optional<bool> Boolean(const nlohmann::json& object, std::string_view key) {
  const nlohmann::json& value = Field(object, key);
  if (!value.is_boolean()) return std::nullopt;
  return value.get<bool>();
}

const nlohmann::json& Array(const nlohmann::json& object, std::string_view key) {
  static const nlohmann::json kEmpty = nlohmann::json::array();
  const nlohmann::json& value = Field(object, key);
  return value.is_array() ? value : kEmpty;
}

}  // namespace appvault::client
