#include "client/net/api_error.h"

#include <optional>

#include "client/net/json_fields.h"

namespace appvault::client {
namespace {

std::string Route(std::string_view method, std::string_view path) {
  std::string route(method);
  route += ' ';
  std::string_view bare = path.substr(0, path.find('?'));  // a query may hold a secret
  route += bare;
  return route;
}

// The Status of an error document {"error":{"code","message"}}; nullopt when body is not one.
std::optional<Status> ErrorDocument(long http_status, const nlohmann::json& answer) {
  const nlohmann::json& error = Field(answer, "error");
  std::string code_name = Text(error, "code");
  if (code_name.empty()) return std::nullopt;
  std::string message = Text(error, "message");
  if (message.empty()) message = code_name;
  std::optional<StatusCode> code = CodeFromName(code_name);
  if (!code) {
    code = http_status >= 500 ? StatusCode::kUnavailable : StatusCode::kInternal;
    message = "the server answered " + code_name + ": " + message;
  }
  return Status(*code, std::move(message));
}

}  // namespace

std::optional<StatusCode> CodeFromName(std::string_view name) {
  for (int i = static_cast<int>(StatusCode::kInvalidArgument);
       i <= static_cast<int>(StatusCode::kInternal); ++i) {
    StatusCode code = static_cast<StatusCode>(i);
    if (CodeName(code) == name) return code;
  }
  return std::nullopt;
}

Result<nlohmann::json> ReadAnswer(std::string_view method, std::string_view path, long http_status,
                                  const std::string& body) {
  nlohmann::json answer = nlohmann::json::parse(body, nullptr, /*allow_exceptions=*/false);
  if (http_status >= 200 && http_status < 300) {
    if (answer.is_discarded()) {
      return Status(StatusCode::kInternal,
                    Route(method, path) + ": the server's answer is not JSON");
    }
    return answer;
  }
  if (!answer.is_discarded()) {
    if (std::optional<Status> error = ErrorDocument(http_status, answer)) return *error;
  }
  const std::string status_text = "HTTP " + std::to_string(http_status);
  if (http_status == 401) {
    return Status(
        StatusCode::kUnauthenticated,
        Route(method, path) + ": the server refused the credentials (" + status_text + ")");
  }
  if (http_status >= 500) {
    return Status(StatusCode::kUnavailable,
                  "the server failed on " + Route(method, path) + " (" + status_text + ")");
  }
  return Status(StatusCode::kInternal, Route(method, path) + ": unexpected answer " + status_text);
}

}  // namespace appvault::client
