// Reading a server's answer into a type of src/api: an answer that does not parse is the
// server's failure (kUnavailable, exit 4), named by the request it answered.
#pragma once

#include <nlohmann/json.hpp>
#include <string>
#include <string_view>

#include "core/status.h"

namespace appvault::client::cli {

// decode(*answer), or the answer's own failure, or kUnavailable "the server's answer to
// REQUEST does not parse: FIELD: …".
template <typename T>
Result<T> DecodeAnswer(const Result<nlohmann::json>& answer,
                       Result<T> (*decode)(const nlohmann::json&), std::string_view request) {
  if (!answer.ok()) return answer.status();
  Result<T> value = decode(*answer);
  if (value.ok()) return value;
  return Status(StatusCode::kUnavailable, "the server's answer to " + std::string(request) +
                                              " does not parse: " + value.status().message());
}

}  // namespace appvault::client::cli
