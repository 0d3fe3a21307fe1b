// Versioned schema migrations for the SQLite store. The database's schema version is kept
// in SQLite's `PRAGMA user_version` (0 for a new file); migration N takes it from N-1 to N.
// A step and its version bump commit in one transaction, so a crash leaves either the old
// version or the new one.
#pragma once

#include <cstdint>
#include <span>
#include <string_view>

#include "core/status.h"
#include "store/migration.h"
#include "store/sqlite_connection.h"

namespace appvault::store::sqlite {

using store::Migration;

// The store's migrations, ordered by version; never edit a released step, append one.
std::span<const Migration> SchemaMigrations();
// The schema version this binary writes: SchemaMigrations().back().version.
std::int64_t BinarySchemaVersion();

// Applies, in order and each in its own BEGIN IMMEDIATE transaction, every migration newer
// than the database's version; returns how many were applied (0 when up to date — safe to
// run on every open, and by several processes at once).
// Errors: kUnavailable "database schema version N is newer than this binary (M)" when the
// database was written by a newer binary (nothing is changed); kInternal when
// `migrations` is not numbered 1..M or a step fails (that step is rolled back, earlier
// steps stay); other database errors as mapped.
Result<std::int64_t> Migrate(Connection& connection, std::span<const Migration> migrations);

}  // namespace appvault::store::sqlite
