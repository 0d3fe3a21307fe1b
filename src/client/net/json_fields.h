// Reading fields of the server's JSON answers without trusting their shape: a missing field
// or one of another type gives the fallback, never an exception.
#pragma once

#include <cstdint>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <string_view>

namespace appvault::client {

// object[key], or a null value when object is not an object or has no such key.
const nlohmann::json& Field(const nlohmann::json& object, std::string_view key);

// object[key] as text: a string as is, an integer in decimal; "" otherwise.
std::string Text(const nlohmann::json& object, std::string_view key);

// object[key] when it is an integer; nullopt otherwise.
std::optional<std::int64_t> Integer(const nlohmann::json& object, std::string_view key);

// object[key] when it is a boolean; nullopt otherwise (null: not set).
std::optional<bool> Boolean(const nlohmann::json& object, std::string_view key);

// object[key] when it is an array; an empty array otherwise.
const nlohmann::json& Array(const nlohmann::json& object, std::string_view key);

}  // namespace appvault::client
