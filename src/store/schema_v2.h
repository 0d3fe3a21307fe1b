// Migration 2 of the SQLite store: snapshots (CONTRACT §6). A backup run is a snapshot of one
// device; a backup record is keyed by (snapshot, platform, app), so neither another device,
// nor an app of the other platform with the same id, nor a later backup replaces it.
//
// The schema-1 `backups` table (one row per user and app) becomes one snapshot per device
// that the user backed up from, holding that device's records, each with its own
// `backed_up_at`; the snapshot's time is the newest of them, and snapshots are numbered in
// the order of those times (so the newest stays the newest). Released steps are never edited.
#pragma once

#include <string_view>

namespace appvault::store::sqlite {

inline constexpr std::string_view kSchemaV2 = R"sql(
CREATE TABLE snapshots (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  user_id INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  device_id TEXT NOT NULL,
  platform TEXT NOT NULL CHECK (platform IN ('android', 'ios')),
  created_at INTEGER NOT NULL,
  apps INTEGER NOT NULL CHECK (apps >= 0),
  with_config INTEGER NOT NULL CHECK (with_config IN (0, 1))
);
CREATE INDEX snapshots_user ON snapshots (user_id, id);
CREATE INDEX snapshots_device ON snapshots (user_id, device_id, id);

CREATE TABLE snapshot_apps (
  snapshot_id INTEGER NOT NULL REFERENCES snapshots (id) ON DELETE CASCADE,
  platform TEXT NOT NULL CHECK (platform IN ('android', 'ios')),
  app TEXT NOT NULL,
  user_id INTEGER NOT NULL,
  software_id TEXT,
  version TEXT NOT NULL,
  version_name TEXT NOT NULL,
  signer_sha256 BLOB CHECK (signer_sha256 IS NULL OR length(signer_sha256) = 32),
  backed_up_at INTEGER NOT NULL,
  config_sha256 BLOB CHECK (config_sha256 IS NULL OR length(config_sha256) = 32),
  PRIMARY KEY (snapshot_id, platform, app)
) WITHOUT ROWID;
CREATE INDEX snapshot_apps_app ON snapshot_apps (user_id, platform, app, snapshot_id);
CREATE INDEX snapshot_apps_config ON snapshot_apps (config_sha256) WHERE config_sha256 IS NOT NULL;

INSERT INTO snapshots (user_id, device_id, platform, created_at, apps, with_config)
  SELECT b.user_id, b.device_id,
         COALESCE((SELECT d.platform FROM devices d WHERE d.id = b.device_id), MIN(b.platform)),
         MAX(b.backed_up_at), COUNT(*), MAX(b.config_sha256 IS NOT NULL)
  FROM backups b
  GROUP BY b.user_id, b.device_id
  ORDER BY MAX(b.backed_up_at), b.user_id, b.device_id;

INSERT INTO snapshot_apps (snapshot_id, platform, app, user_id, software_id, version,
                           version_name, signer_sha256, backed_up_at, config_sha256)
  SELECT s.id, b.platform, b.app, b.user_id, b.software_id, b.version, b.version_name,
         b.signer_sha256, b.backed_up_at, b.config_sha256
  FROM backups b
  JOIN snapshots s ON s.user_id = b.user_id AND s.device_id = b.device_id;

DROP TABLE backups;
)sql";

}  // namespace appvault::store::sqlite
