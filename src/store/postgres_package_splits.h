// The split APKs of a package that is an app set (CONTRACT §7), in the PostgreSQL store's
// package_splits table (schema 5): written with the package, read back with it.
#pragma once

#include <vector>

#include "core/package.h"
#include "core/status.h"
#include "store/postgres_connection.h"
#include "store/records.h"

namespace appvault::store::pg {

// Inserts a row per split of `package` (none for a single APK), inside the caller's
// transaction. Errors: as the connection maps them.
Status InsertSplits(Connection& c, const Package& package);

// Fills Package::splits of every record from package_splits, in ascending split name.
// Errors: kInternal when a stored row does not parse; database errors as mapped.
Status AttachSplits(Connection& c, std::vector<PackageRecord>* records);

}  // namespace appvault::store::pg
