// Migration 5 of the SQLite store: app sets (CONTRACT §7). A package that is a set is its
// base APK's row in `packages` (with the base's requiredSplitTypes and splitTypes, JSON
// arrays) plus one `package_splits` row per split APK: its split name, blob, kind ('abi',
// 'density', 'language', 'feature', 'other'), the feature split it configures ('' = the
// base), what it serves, its own ABIs and split types (JSON arrays). A split's blob is
// referenced as a package's is. Released steps are never edited.
#pragma once

#include <string_view>

namespace appvault::store::sqlite {

inline constexpr std::string_view kSchemaV5 = R"sql(
ALTER TABLE packages ADD COLUMN required_split_types TEXT NOT NULL DEFAULT '[]';
ALTER TABLE packages ADD COLUMN split_types TEXT NOT NULL DEFAULT '[]';
CREATE TABLE package_splits (
  package_sha256 BLOB NOT NULL REFERENCES packages (sha256) ON DELETE CASCADE,
  name TEXT NOT NULL,
  sha256 BLOB NOT NULL CHECK (length(sha256) = 32),
  size INTEGER NOT NULL CHECK (size >= 0),
  kind TEXT NOT NULL CHECK (kind IN ('abi', 'density', 'language', 'feature', 'other')),
  config_for TEXT NOT NULL,
  abi TEXT NOT NULL,
  density INTEGER NOT NULL,
  locale TEXT NOT NULL,
  abis TEXT NOT NULL,
  required_split_types TEXT NOT NULL,
  split_types TEXT NOT NULL,
  PRIMARY KEY (package_sha256, name)
) WITHOUT ROWID;
CREATE INDEX package_splits_sha256 ON package_splits (sha256);
)sql";

}  // namespace appvault::store::sqlite
