// Migration 1 of the SQLite store: the initial schema. Released steps are never edited.
//
// Conventions: times are INTEGER seconds since the Unix epoch; SHA-256 digests are 32-byte
// BLOBs; versions are kept as their text (reparsed with the row's platform on read) plus,
// for packages, `version_key`, a text that sorts and compares like the version itself
// (see VersionKey in sqlite_codec.h); ABI lists are JSON arrays of strings (a package's
// sorted, a device's in preference order); preferences are NULL (unset), 0 or 1.
#pragma once

#include <string_view>

namespace appvault::store::sqlite {

inline constexpr std::string_view kSchemaV1 = R"sql(
CREATE TABLE users (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  username TEXT NOT NULL UNIQUE,
  password_hash TEXT NOT NULL,
  role TEXT NOT NULL CHECK (role IN ('user', 'publisher', 'admin')),
  install_latest INTEGER CHECK (install_latest IN (0, 1)),
  accept_alternatives INTEGER CHECK (accept_alternatives IN (0, 1)),
  backup_config INTEGER CHECK (backup_config IN (0, 1)),
  created_at INTEGER NOT NULL
);

CREATE TABLE sessions (
  token_hash BLOB PRIMARY KEY CHECK (length(token_hash) = 32),
  user_id INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  created_at INTEGER NOT NULL,
  expires_at INTEGER NOT NULL
) WITHOUT ROWID;
CREATE INDEX sessions_expires_at ON sessions (expires_at);
CREATE INDEX sessions_user_id ON sessions (user_id);

CREATE TABLE devices (
  id TEXT PRIMARY KEY,
  user_id INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  name TEXT NOT NULL,
  platform TEXT NOT NULL CHECK (platform IN ('android', 'ios')),
  os_version TEXT NOT NULL,
  abis TEXT NOT NULL,
  created_at INTEGER NOT NULL
);
CREATE INDEX devices_user_id ON devices (user_id, created_at);

CREATE TABLE software (
  id TEXT PRIMARY KEY,
  name TEXT NOT NULL,
  publisher TEXT NOT NULL,
  category TEXT NOT NULL,
  description TEXT NOT NULL,
  owner_id INTEGER NOT NULL REFERENCES users (id),
  created_at INTEGER NOT NULL,
  votes INTEGER NOT NULL DEFAULT 0 CHECK (votes >= 0)
);
CREATE INDEX software_category ON software (category, id);

CREATE TABLE packages (
  sha256 BLOB PRIMARY KEY CHECK (length(sha256) = 32),
  software_id TEXT NOT NULL REFERENCES software (id),
  platform TEXT NOT NULL CHECK (platform IN ('android', 'ios')),
  app_id TEXT NOT NULL,
  version TEXT NOT NULL,
  version_key TEXT NOT NULL,
  version_name TEXT NOT NULL,
  min_os TEXT,
  max_os TEXT,
  abis TEXT NOT NULL,
  signer_sha256 BLOB NOT NULL CHECK (length(signer_sha256) = 32),
  signer_subject TEXT NOT NULL,
  size INTEGER NOT NULL CHECK (size >= 0),
  published_by INTEGER NOT NULL REFERENCES users (id),
  published_at INTEGER NOT NULL,
  UNIQUE (software_id, platform, version_key, abis)
);
CREATE INDEX packages_app ON packages (platform, app_id);

CREATE TABLE votes (
  user_id INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  software_id TEXT NOT NULL REFERENCES software (id) ON DELETE CASCADE,
  created_at INTEGER NOT NULL,
  PRIMARY KEY (user_id, software_id)
) WITHOUT ROWID;
CREATE INDEX votes_software_id ON votes (software_id);

CREATE TABLE blobs (
  sha256 BLOB PRIMARY KEY CHECK (length(sha256) = 32),
  size INTEGER NOT NULL CHECK (size >= 0),
  kind TEXT NOT NULL CHECK (kind IN ('package', 'private')),
  created_at INTEGER NOT NULL
) WITHOUT ROWID;

CREATE TABLE blob_owners (
  sha256 BLOB NOT NULL REFERENCES blobs (sha256) ON DELETE CASCADE,
  user_id INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  PRIMARY KEY (sha256, user_id)
) WITHOUT ROWID;
CREATE INDEX blob_owners_user_id ON blob_owners (user_id);

CREATE TABLE backups (
  user_id INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  app TEXT NOT NULL,
  platform TEXT NOT NULL CHECK (platform IN ('android', 'ios')),
  software_id TEXT,
  version TEXT NOT NULL,
  version_name TEXT NOT NULL,
  signer_sha256 BLOB CHECK (signer_sha256 IS NULL OR length(signer_sha256) = 32),
  device_id TEXT NOT NULL,
  backed_up_at INTEGER NOT NULL,
  config_sha256 BLOB CHECK (config_sha256 IS NULL OR length(config_sha256) = 32),
  PRIMARY KEY (user_id, app)
) WITHOUT ROWID;
)sql";

}  // namespace appvault::store::sqlite
