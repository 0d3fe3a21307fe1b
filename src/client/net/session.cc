#include "client/net/session.h"

#include <unistd.h>

#include <cerrno>
#include <charconv>
#include <chrono>

#include "base/file_util.h"
#include "client/net/state_file.h"

namespace appvault::client {
namespace {

std::string SessionPath(const Device& device) {
  return device.StateDirectory() + "/session.json";
}

std::string LoginHint(const std::string& username) {
  return "run `appvault login " + (username.empty() ? std::string("USER") : username) + "`";
}

// True when expires_at (seconds since the epoch) is in the past; an unreadable value is
// left to the server to judge.
bool Expired(const std::string& expires_at) {
  std::int64_t seconds = 0;
  const char* end = expires_at.data() + expires_at.size();
  auto [last, error] = std::from_chars(expires_at.data(), end, seconds);
  if (error != std::errc() || last != end || expires_at.empty()) return false;
  auto now = std::chrono::duration_cast<std::chrono::seconds>(
      std::chrono::system_clock::now().time_since_epoch());
  return seconds <= now.count();
}

}  // namespace

Result<std::optional<Session>> LoadSession(const Device& device) {
  const std::string path = SessionPath(device);
  Result<std::optional<nlohmann::json>> document = ReadStateFile(path);
  if (!document.ok()) return document.status();
  if (!document->has_value()) return std::optional<Session>();
  const nlohmann::json& json = **document;
  Session session;
  for (auto [field, member] :
       {std::pair{"server", &Session::server}, std::pair{"username", &Session::username},
        std::pair{"token", &Session::token}, std::pair{"expires_at", &Session::expires_at}}) {
    if (!json.contains(field) || !json[field].is_string()) {
      return Status(StatusCode::kInvalidArgument, path + ": not a session file (no \"" + field +
                                                      "\"); run `appvault login USER`");
    }
    session.*member = json[field].get<std::string>();
  }
  return std::optional<Session>(std::move(session));
}

Status SaveSession(const Device& device, const Session& s) {
  return WriteStateFile(SessionPath(device), {{"server", s.server},
                                              {"username", s.username},
                                              {"token", s.token},
                                              {"expires_at", s.expires_at}});
}

Status ClearSession(const Device& device) {
  const std::string path = SessionPath(device);
  if (::unlink(path.c_str()) != 0 && errno != ENOENT) return base::ErrnoStatus("remove", path);
  return Status::Ok();
}

Result<std::pair<ServerConnection, Session>> ConnectSignedIn(const std::string& server_url,
                                                             const Device& device) {
  Result<std::optional<Session>> session = LoadSession(device);
  if (!session.ok()) return session.status();
  ServerConnection anonymous(server_url, "");
  if (!session->has_value() || (*session)->server != anonymous.BaseUrl()) {
    return Status(StatusCode::kUnauthenticated,
                  "not logged in to " + anonymous.BaseUrl() + ": " + LoginHint(""));
  }
  const Session& s = **session;
  if (Expired(s.expires_at)) {
    return Status(StatusCode::kUnauthenticated, "the session of " + s.username + " on " + s.server +
                                                    " has expired: " + LoginHint(s.username));
  }
  return std::pair<ServerConnection, Session>(ServerConnection(s.server, s.token), s);
}

}  // namespace appvault::client
