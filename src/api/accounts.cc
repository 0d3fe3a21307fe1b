#include "api/accounts.h"

#include "api/codec.h"
#include "api/json_fields.h"

namespace appvault::api {

using nlohmann::json;

namespace {

std::string ReadRole(FieldReader& reader) {
  std::string role = reader.String("role", 16);
  if (reader.status().ok() && role != "user" && role != "publisher" && role != "admin") {
    reader.Fail("role", "expected \"user\", \"publisher\" or \"admin\"");
  }
  return role;
}

// The required object `preferences`, read as stored settings.
Preferences ReadPreferencesField(FieldReader& reader) {
  const json* object = reader.OptionalObject("preferences");
  if (object == nullptr) {
    if (reader.status().ok()) reader.Fail("preferences", "missing");
    return {};
  }
  FieldReader nested(*object, reader.FieldName("preferences"));
  Preferences preferences = ReadPreferences(nested);
  reader.Record(nested.status());
  return preferences;
}

}  // namespace

json ToJson(const Preferences& value) {
  return {{"install_latest", OrNull(value.install_latest)},
          {"accept_alternatives", OrNull(value.accept_alternatives)},
          {"backup_config", OrNull(value.backup_config)}};
}

json ToJson(const Credentials& value) {
  return {{"username", value.username}, {"password", value.password}};
}

json ToJson(const Account& value) {
  return {{"username", value.username}, {"role", value.role}, {"created_at", value.created_at}};
}

json ToJson(const SessionInfo& value) {
  return {{"token", value.token},
          {"expires_at", value.expires_at},
          {"username", value.username},
          {"role", value.role}};
}

json ToJson(const SignedOut& value) {
  return {{"signed_out", value.signed_out}};
}

json ToJson(const Me& value) {
  return {{"username", value.username},
          {"role", value.role},
          {"created_at", value.created_at},
          {"preferences", ToJson(value.preferences)}};
}

json ToJson(const PreferencesReply& value) {
  return {{"preferences", ToJson(value.preferences)}};
}

Result<Credentials> CredentialsFromJson(const json& value) {
  return ReadObject<Credentials>(value, "", [](FieldReader& reader) {
    Credentials out;
    out.username = reader.String("username", 64);
    out.password = reader.String("password", 1024);
    reader.RejectUnknown({"username", "password"});
    return out;
  });
}

Result<Account> AccountFromJson(const json& value) {
  return ReadObject<Account>(value, "", [](FieldReader& reader) {
    Account out;
    out.username = reader.String("username", 64);
    out.role = ReadRole(reader);
    out.created_at = reader.Integer("created_at", 0, kMaxId);
    return out;
  });
}

Result<SessionInfo> SessionInfoFromJson(const json& value) {
  return ReadObject<SessionInfo>(value, "", [](FieldReader& reader) {
    SessionInfo out;
    out.token = reader.String("token", 256);
    out.expires_at = reader.Integer("expires_at", 0, kMaxId);
    out.username = reader.String("username", 64);
    out.role = ReadRole(reader);
    return out;
  });
}

Result<SignedOut> SignedOutFromJson(const json& value) {
  return ReadObject<SignedOut>(
      value, "", [](FieldReader& reader) { return SignedOut{reader.Bool("signed_out")}; });
}

Result<Me> MeFromJson(const json& value) {
  return ReadObject<Me>(value, "", [](FieldReader& reader) {
    Me out;
    out.username = reader.String("username", 64);
    out.role = ReadRole(reader);
    out.created_at = reader.Integer("created_at", 0, kMaxId);
    out.preferences = ReadPreferencesField(reader);
    return out;
  });
}

Result<PreferencesReply> PreferencesReplyFromJson(const json& value) {
  return ReadObject<PreferencesReply>(value, "", [](FieldReader& reader) {
    return PreferencesReply{ReadPreferencesField(reader)};
  });
}

}  // namespace appvault::api
