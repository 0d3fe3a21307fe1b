// The wire types of the account, session and settings routes (docs/api.md) and their JSON
// codecs, used by the server's handlers and the client alike. A decoder names the first
// field that is wrong.
//
//   POST   /v1/accounts Credentials         → Account
//   POST   /v1/sessions Credentials         → SessionInfo
//   DELETE /v1/sessions/current             → SignedOut
//   GET    /v1/me                           → Me
//   PUT    /v1/me/preferences {settings…}   → PreferencesReply (the body is read with
//                                             ReadPreferences, json_fields.h)
#pragma once

#include <cstdint>
#include <nlohmann/json.hpp>
#include <string>

#include "core/preferences.h"
#include "core/status.h"

namespace appvault::api {

struct Credentials {
  std::string username;  // 1..64 bytes here; the server checks the account rules
  std::string password;  // 1..1024 bytes
};

// An account as created: role is "user", "publisher" or "admin".
struct Account {
  std::string username;
  std::string role;
  std::int64_t created_at = 0;
};

struct SessionInfo {
  std::string token;  // shown once; the server keeps only its SHA-256
  std::int64_t expires_at = 0;
  std::string username;
  std::string role;
};

struct SignedOut {
  bool signed_out = true;
};

struct Me {
  std::string username;
  std::string role;
  std::int64_t created_at = 0;
  Preferences preferences;  // an unset value: the system default (false) applies
};

struct PreferencesReply {
  Preferences preferences;
};

// {install_latest, accept_alternatives, backup_config}: each true, false or null.
nlohmann::json ToJson(const Preferences& value);
nlohmann::json ToJson(const Credentials& value);
nlohmann::json ToJson(const Account& value);
nlohmann::json ToJson(const SessionInfo& value);
nlohmann::json ToJson(const SignedOut& value);
nlohmann::json ToJson(const Me& value);
nlohmann::json ToJson(const PreferencesReply& value);

// Unknown fields are refused (a request); the others accept what a newer server may add.
Result<Credentials> CredentialsFromJson(const nlohmann::json& json);
Result<Account> AccountFromJson(const nlohmann::json& json);
Result<SessionInfo> SessionInfoFromJson(const nlohmann::json& json);
Result<SignedOut> SignedOutFromJson(const nlohmann::json& json);
Result<Me> MeFromJson(const nlohmann::json& json);
Result<PreferencesReply> PreferencesReplyFromJson(const nlohmann::json& json);

}  // namespace appvault::api
