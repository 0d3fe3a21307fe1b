#include "store/postgres_error.h"

#include <string>

namespace appvault::store::pg {
namespace {

std::string_view SqlState(const PGresult* result) {
  if (result == nullptr) return {};
  const char* state = PQresultErrorField(result, PG_DIAG_SQLSTATE);
  return state == nullptr ? std::string_view() : std::string_view(state);
}

StatusCode CodeFor(std::string_view state) {
  if (state.empty()) return StatusCode::kUnavailable;  // no server answer: connection lost
  if (state == "23505") return StatusCode::kConflict;
  if (state == "23503") return StatusCode::kNotFound;
  if (state.substr(0, 2) == "23") return StatusCode::kInvalidArgument;
  if (state == "40001" || state == "40P01") return StatusCode::kUnavailable;
  if (state.substr(0, 2) == "08" || state.substr(0, 2) == "53") return StatusCode::kUnavailable;
  if (state.substr(0, 3) == "57P") return StatusCode::kUnavailable;
  return StatusCode::kInternal;
}

// libpq's message without its trailing newline.
std::string Trimmed(const char* text) {
  std::string message = text == nullptr ? "" : text;
  while (!message.empty() && (message.back() == '\n' || message.back() == ' '))
    message.pop_back();
  return message;
}

}  // namespace

Status PostgresStatus(const PGresult* result, PGconn* conn, std::string_view what) {
  const std::string_view state = SqlState(result);
  std::string message = "database: ";
  message += what;
  message += ": ";
  message += Trimmed(result != nullptr ? PQresultErrorMessage(result) : PQerrorMessage(conn));
  if (message.back() == ' ') message += Trimmed(PQerrorMessage(conn));
  if (!state.empty()) {
    message += " (SQLSTATE ";
    message += state;
    message += ')';
  }
  return Status(CodeFor(state), std::move(message));
}

bool IsRetryable(const PGresult* result) {
  const std::string_view state = SqlState(result);
  return state == "40001" || state == "40P01";
}

std::string RedactedUrl(std::string_view url) {
  std::string out(url);
  const std::size_t scheme = out.find("://");
  if (scheme != std::string::npos) {
    const std::size_t authority = scheme + 3;
    const std::size_t end = out.find_first_of("/?", authority);
    const std::size_t at = out.rfind('@', end == std::string::npos ? out.size() : end);
    if (at != std::string::npos && at >= authority) {
      const std::size_t colon = out.find(':', authority);
      if (colon != std::string::npos && colon < at) out.replace(colon + 1, at - colon - 1, "***");
    }
  }
  for (std::size_t at = out.find("password="); at != std::string::npos;
       at = out.find("password=", at + 1)) {
    const std::size_t value = at + 9;
    const std::size_t end = out.find('&', value);
    out.replace(value, (end == std::string::npos ? out.size() : end) - value, "***");
  }
  return out;
}

}  // namespace appvault::store::pg
