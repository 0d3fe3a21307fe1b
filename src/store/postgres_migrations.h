// Versioned schema migrations for the PostgreSQL store: the steps of postgres_schema.h. The
// database's schema version is the row of table `schema_version` (no table: version 0).
// A step and its version bump commit in one transaction, under a transaction-level advisory
// lock, so a crash leaves either the old version or the new one and several processes
// opening one database at once apply each step once.
#pragma once

#include <cstdint>
#include <span>

#include "core/status.h"
#include "store/migration.h"
#include "store/postgres_connection.h"

namespace appvault::store::pg {

// The store's migrations, ordered by version; never edit a released step, append one.
std::span<const Migration> SchemaMigrations();
// The schema version this binary writes: SchemaMigrations().back().version.
std::int64_t BinarySchemaVersion();

// The database's schema version (0 for a database without appvault's tables).
Result<std::int64_t> SchemaVersion(Connection& connection);

// Applies, in order and each in its own transaction, every migration newer than the
// database's version; returns how many were applied (0 when up to date).
// Errors: kUnavailable "database schema version N is newer than this binary (M)" when the
// database was written by a newer binary (nothing is changed); kInternal when a step fails
// (that step is rolled back, earlier steps stay); other database errors as mapped.
Result<std::int64_t> Migrate(Connection& connection, std::span<const Migration> migrations);

}  // namespace appvault::store::pg
