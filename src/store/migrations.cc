#include "store/migrations.h"

#include <string>

#include "store/schema_v1.h"
#include "store/schema_v2.h"
#include "store/schema_v3.h"
#include "store/schema_v4.h"
#include "store/schema_v5.h"

namespace appvault::store::sqlite {
namespace {

constexpr Migration kMigrations[] = {
    {1, "initial schema", kSchemaV1},
    {2, "snapshots", kSchemaV2},
    {3, "package signer lineage", kSchemaV3},
    {4, "device density and locales", kSchemaV4},
    {5, "app sets", kSchemaV5},
};

Status CheckNumbering(std::span<const Migration> migrations) {
  for (std::size_t i = 0; i < migrations.size(); ++i) {
    if (migrations[i].version != static_cast<std::int64_t>(i) + 1) {
      return Status(
          StatusCode::kInternal,
          "database: migration \"" + std::string(migrations[i].name) + "\" is out of order");
    }
  }
  return Status::Ok();
}

// Applies `step` unless another process got there first; returns whether it did.
Result<bool> ApplyStep(Connection& connection, const Migration& step, std::int64_t latest) {
  Result<Transaction> tx = Transaction::Begin(connection, TransactionMode::kWrite);
  if (!tx.ok()) return tx.status();
  Result<std::int64_t> current = connection.PragmaInt("user_version");
  if (!current.ok()) return current.status();
  if (*current > latest) return SchemaTooNew(*current, latest);
  if (*current >= step.version) return false;  // rolled back: nothing was done
  Status applied = connection.Exec(step.sql);
  if (applied.ok()) {
    applied = connection.Exec("PRAGMA user_version = " + std::to_string(step.version));
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

Result<std::int64_t> Migrate(Connection& connection, std::span<const Migration> migrations) {
  Status numbered = CheckNumbering(migrations);
  if (!numbered.ok()) return numbered;
  const std::int64_t latest = migrations.empty() ? 0 : migrations.back().version;
  Result<std::int64_t> current = connection.PragmaInt("user_version");
  if (!current.ok()) return current.status();
  if (*current > latest) return SchemaTooNew(*current, latest);
  if (*current < 0) {
    return Status(StatusCode::kInternal,
                  "database schema version " + std::to_string(*current) + " is invalid");
  }
  std::int64_t applied = 0;
  for (const Migration& step : migrations.subspan(static_cast<std::size_t>(*current))) {
    Result<bool> done = ApplyStep(connection, step, latest);
    if (!done.ok()) return done.status();
    if (*done) ++applied;
  }
  return applied;
}

}  // namespace appvault::store::sqlite
