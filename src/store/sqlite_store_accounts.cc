// SqliteStore: users and their preferences.
#include <sqlite3.h>

#include "store/sqlite_codec.h"
#include "store/sqlite_connection.h"
#include "store/sqlite_rows.h"
#include "store/sqlite_store.h"

namespace appvault::store {

using sqlite::Connection;
using sqlite::Sql;
using sqlite::Statement;

Result<User> SqliteStore::CreateUser(const std::string& username, const std::string& password_hash,
                                     Role role, std::int64_t now) {
  return Fetch(Access::kWrite, [&](Connection& c) -> Result<User> {
    Result<Statement> stmt = c.Prepare(
        "INSERT INTO users (username, password_hash, role, created_at) VALUES (?1, ?2, ?3, ?4)");
    if (!stmt.ok()) return stmt.status();
    stmt->Bind(1, username).Bind(2, password_hash).Bind(3, RoleName(role)).Bind(4, now);
    Status inserted = stmt->Run();
    if (inserted.code() == StatusCode::kConflict) {
      return Status(StatusCode::kConflict, "username \"" + username + "\" is taken");
    }
    if (!inserted.ok()) return inserted;
    return User{
        sqlite3_last_insert_rowid(c.handle()), username, password_hash, role, Preferences{}, now};
  });
}

Result<User> SqliteStore::FindUserByName(std::string_view username) {
  static const std::string kSql =
      Sql({"SELECT ", sqlite::kUserColumns, " FROM users WHERE username = ?1"});
  return Fetch(Access::kRead, [&](Connection& c) -> Result<User> {
    Result<Statement> stmt = c.Prepare(kSql);
    if (!stmt.ok()) return stmt.status();
    stmt->Bind(1, username);
    return sqlite::ReadOne(*stmt, sqlite::ReadUser, "no user \"" + std::string(username) + "\"");
  });
}

Result<User> SqliteStore::FindUserById(std::int64_t user_id) {
  static const std::string kSql =
      Sql({"SELECT ", sqlite::kUserColumns, " FROM users WHERE id = ?1"});
  return Fetch(Access::kRead, [&](Connection& c) -> Result<User> {
    Result<Statement> stmt = c.Prepare(kSql);
    if (!stmt.ok()) return stmt.status();
    stmt->Bind(1, user_id);
    return sqlite::ReadOne(*stmt, sqlite::ReadUser, "no user " + std::to_string(user_id));
  });
}

Status SqliteStore::SetPreferences(std::int64_t user_id, const Preferences& preferences) {
  return Run(Access::kWrite, [&](Connection& c) -> Status {
    Result<Statement> stmt = c.Prepare(
        "UPDATE users SET install_latest = ?2, accept_alternatives = ?3, backup_config = ?4 "
        "WHERE id = ?1");
    if (!stmt.ok()) return stmt.status();
    stmt->Bind(1, user_id)
        .Bind(2, sqlite::PreferenceColumn(preferences.install_latest))
        .Bind(3, sqlite::PreferenceColumn(preferences.accept_alternatives))
        .Bind(4, sqlite::PreferenceColumn(preferences.backup_config));
    Status updated = stmt->Run();
    if (updated.ok() && stmt->Changes() == 0) {
      return Status(StatusCode::kNotFound, "no user " + std::to_string(user_id));
    }
    return updated;
  });
}

}  // namespace appvault::store
