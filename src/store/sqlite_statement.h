// Statement: a prepared SQLite statement lent out by a Connection for one use — bind the
// parameters, step through the rows, read the columns. Destruction resets it and clears
// its bindings, so the connection can lend it again.
#pragma once

#include <sqlite3.h>

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "core/sha256.h"
#include "core/status.h"

namespace appvault::store::sqlite {

// Thread-safety: like its connection, used by one thread at a time. Move-only; must not
// outlive the Connection that lent it.
class Statement {
 public:
  // Lends `stmt` (owned by the connection's cache); `*in_use` (when not null) is cleared on
  // destruction.
  Statement(sqlite3_stmt* stmt, sqlite3* db, bool* in_use);
  Statement(Statement&& other) noexcept;
  Statement& operator=(Statement&&) = delete;
  Statement(const Statement&) = delete;
  Statement& operator=(const Statement&) = delete;
  ~Statement();

  // Binds parameter `index` (1-based). A failure is kept and reported by the next Step/Run.
  Statement& Bind(int index, std::int64_t value);
  Statement& Bind(int index, std::string_view text);
  Statement& Bind(int index, const char* text) { return Bind(index, std::string_view(text)); }
  Statement& Bind(int index, const Sha256& digest);  // as a 32-byte BLOB
  Statement& BindNull(int index);
  template <typename T>
  Statement& Bind(int index, const std::optional<T>& value) {
    return value.has_value() ? Bind(index, *value) : BindNull(index);
  }

  // Advances to the next row: true when a row is ready, false when there are no more.
  // Errors: the mapped SQLite error (see SqliteStatus).
  Result<bool> Step();
  // Runs a statement that returns no rows to completion. Errors: as Step.
  Status Run();
  // Rows inserted, updated or deleted by the last Run on this connection.
  std::int64_t Changes() const;

  // Column readers for the current row (0-based). REQUIRES: Step() returned true.
  bool IsNull(int column) const;
  std::int64_t Int(int column) const;
  std::string Text(int column) const;
  std::optional<std::string> OptionalText(int column) const;
  std::optional<bool> OptionalBool(int column) const;
  // A 32-byte BLOB as a digest. Errors: kInternal when the stored value is not 32 bytes.
  Result<Sha256> Digest(int column) const;
  // As Digest; nullopt for NULL.
  Result<std::optional<Sha256>> OptionalDigest(int column) const;

 private:
  Statement& Check(int rc, int index);

  sqlite3_stmt* stmt_;
  sqlite3* db_;
  bool* in_use_;
  int bind_error_ = SQLITE_OK;
  int bind_error_index_ = 0;
};

}  // namespace appvault::store::sqlite
