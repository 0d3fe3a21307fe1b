// PostgresStore: users and their preferences.
#include "store/postgres_connection.h"
#include "store/postgres_store.h"
#include "store/row_readers.h"

namespace appvault::store {

using pg::Connection;
using pg::Params;
using pg::Row;
using pg::Rows;
using rows::Sql;

Result<User> PostgresStore::CreateUser(const std::string& username,
                                       const std::string& password_hash, Role role,
                                       std::int64_t now) {
  static const std::string kSql =
      "INSERT INTO users (username, password_hash, role, created_at) VALUES ($1, $2, $3, $4) "
      "RETURNING id";
  return Fetch(Access::kWrite, [&](Connection& c) -> Result<User> {
    Result<Rows> inserted =
        c.Query(kSql, Params().Add(username).Add(password_hash).Add(RoleName(role)).Add(now));
    if (inserted.status().code() == StatusCode::kConflict) {
      return Status(StatusCode::kConflict, "username \"" + username + "\" is taken");
    }
    if (!inserted.ok()) return inserted.status();
    return User{(*inserted)[0].Int(0), username, password_hash, role, Preferences{}, now};
  });
}

Result<User> PostgresStore::FindUserByName(std::string_view username) {
  static const std::string kSql =
      Sql({"SELECT ", rows::kUserColumns, " FROM users WHERE username = $1"});
  return Fetch(Access::kRead, [&](Connection& c) -> Result<User> {
    Result<Rows> found = c.Query(kSql, Params().Add(username));
    if (!found.ok()) return found.status();
    return pg::ReadOne(*found, rows::ReadUser<Row>, "no user \"" + std::string(username) + "\"");
  });
}

Result<User> PostgresStore::FindUserById(std::int64_t user_id) {
  static const std::string kSql = Sql({"SELECT ", rows::kUserColumns, " FROM users WHERE id = $1"});
  return Fetch(Access::kRead, [&](Connection& c) -> Result<User> {
    Result<Rows> found = c.Query(kSql, Params().Add(user_id));
    if (!found.ok()) return found.status();
    return pg::ReadOne(*found, rows::ReadUser<Row>, "no user " + std::to_string(user_id));
  });
}

Status PostgresStore::SetPreferences(std::int64_t user_id, const Preferences& preferences) {
  static const std::string kSql =
      "UPDATE users SET install_latest = $2, accept_alternatives = $3, backup_config = $4 "
      "WHERE id = $1";
  return Run(Access::kWrite, [&](Connection& c) -> Status {
    Result<Rows> updated =
        c.Query(kSql, Params()
                          .Add(user_id)
                          .Add(sqlite::PreferenceColumn(preferences.install_latest))
                          .Add(sqlite::PreferenceColumn(preferences.accept_alternatives))
                          .Add(sqlite::PreferenceColumn(preferences.backup_config)));
    if (!updated.ok()) return updated.status();
    if (updated->Affected() == 0) {
      return Status(StatusCode::kNotFound, "no user " + std::to_string(user_id));
    }
    return Status::Ok();
  });
}

}  // namespace appvault::store
