// Turning SQLite result codes into Status values (the store's common error contract).
#pragma once

#include <sqlite3.h>

#include <string_view>

#include "core/status.h"

namespace appvault::store::sqlite {

// The Status for a failed SQLite call: `rc` is its (extended) result code, `db` the
// connection it ran on (nullptr when there is none), `what` the operation, for the message.
//   SQLITE_BUSY, SQLITE_LOCKED, I/O, full disk, cannot open, read-only → kUnavailable;
//   UNIQUE / PRIMARY KEY constraint → kConflict; FOREIGN KEY constraint → kNotFound (a
//   referenced row is missing); other constraints → kInvalidArgument;
//   corrupt / not a database → kDataLoss; anything else → kInternal.
// REQUIRES: rc is an error code (not SQLITE_OK, SQLITE_ROW or SQLITE_DONE).
Status SqliteStatus(int rc, sqlite3* db, std::string_view what);

}  // namespace appvault::store::sqlite
