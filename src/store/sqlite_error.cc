#include "store/sqlite_error.h"

#include <string>

namespace appvault::store::sqlite {
namespace {

StatusCode ConstraintCode(int rc) {
  switch (rc) {
    case SQLITE_CONSTRAINT_UNIQUE:
    case SQLITE_CONSTRAINT_PRIMARYKEY:
      return StatusCode::kConflict;
    case SQLITE_CONSTRAINT_FOREIGNKEY:
      return StatusCode::kNotFound;
    default:
      return StatusCode::kInvalidArgument;
  }
}

StatusCode CodeFor(int rc) {
  switch (rc & 0xff) {
    case SQLITE_BUSY:
    case SQLITE_LOCKED:
    case SQLITE_IOERR:
    case SQLITE_FULL:
    case SQLITE_CANTOPEN:
    case SQLITE_READONLY:
    case SQLITE_PROTOCOL:
      return StatusCode::kUnavailable;
    case SQLITE_CONSTRAINT:
      return ConstraintCode(rc);
    case SQLITE_CORRUPT:
    case SQLITE_NOTADB:
      return StatusCode::kDataLoss;
    default:
      return StatusCode::kInternal;
  }
}

}  // namespace

Status SqliteStatus(int rc, sqlite3* db, std::string_view what) {
  const char* detail = db != nullptr ? sqlite3_errmsg(db) : sqlite3_errstr(rc);
  std::string message = "database: " + std::string(what) + ": " + detail;
  const int primary = rc & 0xff;
  if (primary == SQLITE_BUSY || primary == SQLITE_LOCKED) {
    message += " (busy past the timeout; try again)";
  }
  return Status(CodeFor(rc), std::move(message));
}

}  // namespace appvault::store::sqlite
