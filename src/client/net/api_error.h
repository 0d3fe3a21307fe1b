// Reading appvaultd's answers: an HTTP status and body become a JSON document or the Status
// the server meant ({"error":{"code","message"}}, docs/api.md).
#pragma once

#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <string_view>

#include "core/status.h"

namespace appvault::client {

// The StatusCode whose wire name (CodeName) is name; nullopt for a name this client does
// not know (or "ok").
std::optional<StatusCode> CodeFromName(std::string_view name);

// The answer to `method path` with HTTP status http_status and body:
// - 2xx → the body parsed as JSON; a body that is not JSON → kInternal "METHOD PATH: the
//   server's answer is not JSON";
// - an error document → its code and message (an unknown code: kInternal for 4xx,
//   kUnavailable for 5xx, with the server's message);
// - any other answer → kUnauthenticated (401), kUnavailable (5xx: "the server failed …"),
//   else kInternal "METHOD PATH: unexpected answer HTTP N".
Result<nlohmann::json> ReadAnswer(std::string_view method, std::string_view path, long http_status,
                                  const std::string& body);

}  // namespace appvault::client
