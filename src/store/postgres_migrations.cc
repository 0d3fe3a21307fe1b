#include "store/postgres_migrations.h"

#include <string>

#include "store/postgres_schema.h"

namespace appvault::store::pg {
namespace {

constexpr Migration kMigrations[] = {
    {1, "initial schema", kSchemaV1},
    {2, "snapshots", kSchemaV2},
    {3, "package signer lineage", kSchemaV3},
    {4, "device density and locales", kSchemaV4},
    {5, "app sets", kSchemaV5},
};

// The advisory lock every migration step holds (any number: one per database).
constexpr std::int64_t kMigrationLock = 0x6170707661756c74;  // "appvault"

// Applies `step` unless another process got there first; returns whether it did.
Result<bool> ApplyStep(Connection& connection, const Migration& step, std::int64_t latest) {
  // Read committed: the statements after the lock see the steps of its previous holder.
  Result<Transaction> tx = Transaction::Begin(connection, Isolation::kReadCommitted);
  if (!tx.ok()) return tx.status();
  Result<Rows> locked =
      connection.Query("SELECT pg_advisory_xact_lock($1)", Params().Add(kMigrationLock));
  if (!locked.ok()) return locked.status();
  Status table =
      connection.Exec("CREATE TABLE IF NOT EXISTS schema_version (version BIGINT NOT NULL)");
  if (!table.ok()) return table;
  Result<std::int64_t> current = SchemaVersion(connection);
  if (!current.ok()) return current.status();
  if (*current > latest) return SchemaTooNew(*current, latest);
  if (*current >= step.version) return false;  // rolled back: nothing was done
  Status applied = connection.Exec(step.sql);
  if (applied.ok()) {
    applied = connection.Exec("DELETE FROM schema_version; INSERT INTO schema_version VALUES (" +
                              std::to_string(step.version) + ")");
  }
  if (!applied.ok()) {
    return Status(StatusCode::kInternal, "database: migration " + std::to_string(step.version) +
                                             " (" + std::string(step.name) +
                                             ") failed: " + applied.message());
  }
  Status committed = tx->Commit();
  if (!committed.ok()) return committed;
  return true;
}

}  // namespace

std::span<const Migration> SchemaMigrations() {
  return kMigrations;
}

std::int64_t BinarySchemaVersion() {
  return SchemaMigrations().back().version;
}

Result<std::int64_t> SchemaVersion(Connection& connection) {
  Result<Rows> exists = connection.Query("SELECT to_regclass('schema_version') IS NOT NULL");
  if (!exists.ok()) return exists.status();
  if ((*exists)[0].Text(0) != "t") return std::int64_t{0};
  Result<Rows> version = connection.Query("SELECT COALESCE(MAX(version), 0) FROM schema_version");
  if (!version.ok()) return version.status();
  return (*version)[0].Int(0);
}

Result<std::int64_t> Migrate(Connection& connection, std::span<const Migration> migrations) {
  const std::int64_t latest = migrations.empty() ? 0 : migrations.back().version;
  Result<std::int64_t> current = SchemaVersion(connection);
  if (!current.ok()) return current.status();
  if (*current > latest) return SchemaTooNew(*current, latest);
  std::int64_t applied = 0;
  for (const Migration& step : migrations) {
    if (step.version <= *current) continue;
    Result<bool> done = ApplyStep(connection, step, latest);
    if (!done.ok()) return done.status();
    if (*done) ++applied;
  }
  return applied;
}

}  // namespace appvault::store::pg
