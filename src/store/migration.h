// Migration: one step of a store's versioned schema (SQLite: migrations.h; PostgreSQL:
// postgres_migrations.h). Step N takes a database from schema version N-1 to N.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "core/status.h"

namespace appvault::store {

struct Migration {
  std::int64_t version;   // 1, 2, 3, ... in order
  std::string_view name;  // for messages: "initial schema"
  std::string_view sql;   // one or more statements
};

// kUnavailable "database schema version N is newer than this binary (M)".
inline Status SchemaTooNew(std::int64_t found, std::int64_t binary) {
  return Status(StatusCode::kUnavailable, "database schema version " + std::to_string(found) +
                                              " is newer than this binary (" +
                                              std::to_string(binary) + ")");
}

}  // namespace appvault::store
