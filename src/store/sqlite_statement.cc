#include "store/sqlite_statement.h"

#include <cstring>
#include <utility>

#include "store/sqlite_error.h"

namespace appvault::store::sqlite {

Statement::Statement(sqlite3_stmt* stmt, sqlite3* db, bool* in_use)
    : stmt_(stmt), db_(db), in_use_(in_use) {}

Statement::Statement(Statement&& other) noexcept
    : stmt_(std::exchange(other.stmt_, nullptr)),
      db_(other.db_),
      in_use_(std::exchange(other.in_use_, nullptr)),
      bind_error_(other.bind_error_),
      bind_error_index_(other.bind_error_index_) {}

Statement::~Statement() {
  if (stmt_ == nullptr) return;
  sqlite3_reset(stmt_);
  sqlite3_clear_bindings(stmt_);
  if (in_use_ != nullptr) *in_use_ = false;
}

Statement& Statement::Check(int rc, int index) {
  if (rc != SQLITE_OK && bind_error_ == SQLITE_OK) {
    bind_error_ = rc;
    bind_error_index_ = index;
  }
  return *this;
}

Statement& Statement::Bind(int index, std::int64_t value) {
  return Check(sqlite3_bind_int64(stmt_, index, value), index);
}

Statement& Statement::Bind(int index, std::string_view text) {
  return Check(
      sqlite3_bind_text64(stmt_, index, text.data(), text.size(), SQLITE_TRANSIENT, SQLITE_UTF8),
      index);
}

Statement& Statement::Bind(int index, const Sha256& digest) {
  const auto& bytes = digest.bytes();
  return Check(sqlite3_bind_blob(stmt_, index, bytes.data(), static_cast<int>(bytes.size()),
                                 SQLITE_TRANSIENT),
               index);
}

Statement& Statement::BindNull(int index) {
  return Check(sqlite3_bind_null(stmt_, index), index);
}

Result<bool> Statement::Step() {
  if (bind_error_ != SQLITE_OK) {
    return SqliteStatus(bind_error_, db_, "bind parameter " + std::to_string(bind_error_index_));
  }
  const int rc = sqlite3_step(stmt_);
  if (rc == SQLITE_ROW) return true;
  if (rc == SQLITE_DONE) return false;
  return SqliteStatus(rc, db_, std::string_view(sqlite3_sql(stmt_)).substr(0, 60));
}

Status Statement::Run() {
  while (true) {
    Result<bool> row = Step();
    if (!row.ok()) return row.status();
    if (!*row) return Status::Ok();
  }
}

std::int64_t Statement::Changes() const {
  return sqlite3_changes64(db_);
}

bool Statement::IsNull(int column) const {
  return sqlite3_column_type(stmt_, column) == SQLITE_NULL;
}

std::int64_t Statement::Int(int column) const {
  return sqlite3_column_int64(stmt_, column);
}

std::string Statement::Text(int column) const {
  const auto* text = reinterpret_cast<const char*>(sqlite3_column_text(stmt_, column));
  if (text == nullptr) return std::string();
  return std::string(text, static_cast<std::size_t>(sqlite3_column_bytes(stmt_, column)));
}

std::optional<std::string> Statement::OptionalText(int column) const {
  if (IsNull(column)) return std::nullopt;
  return Text(column);
}

std::optional<bool> Statement::OptionalBool(int column) const {
  if (IsNull(column)) return std::nullopt;
  return Int(column) != 0;
}

Result<Sha256> Statement::Digest(int column) const {
  const void* blob = sqlite3_column_blob(stmt_, column);
  const int size = sqlite3_column_bytes(stmt_, column);
  if (blob == nullptr || size != static_cast<int>(Sha256::kSize)) {
    return Status(StatusCode::kInternal,
                  "database: a stored SHA-256 has " + std::to_string(size) + " bytes, not 32");
  }
  Sha256::Bytes bytes;
  std::memcpy(bytes.data(), blob, bytes.size());
  return Sha256(bytes);
}

Result<std::optional<Sha256>> Statement::OptionalDigest(int column) const {
  if (IsNull(column)) return std::optional<Sha256>();
  Result<Sha256> digest = Digest(column);
  if (!digest.ok()) return digest.status();
  return std::optional<Sha256>(*digest);
}

}  // namespace appvault::store::sqlite
