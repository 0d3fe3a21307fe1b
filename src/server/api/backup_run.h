// One backup run as POST /v1/backups and POST /v1/snapshots receive it: the device's apps,
// checked, and recorded as one snapshot (CONTRACT §6). Internal to those two handlers.
#pragma once

#include "api/snapshots.h"
#include "server/api/routes.h"

namespace appvault::server::api {

// Reads {device_id, apps:[{app, version_code, version_name?, signer_sha256?,
// config_sha256?}…], snapshot_id?} from the call's body, resolves each app (the library's
// software id; the configuration blob must be one of the caller's uploads) and records
// the accepted apps as a new snapshot of the device — or, with snapshot_id, adds them to
// that snapshot, the newest of the device (a run of more than kMaxAppsPerBackup apps). A
// run whose every app failed records nothing (snapshot_id 0); a run of no apps records an
// empty snapshot (every app was uninstalled).
// Errors: kInvalidArgument naming the field; kNotFound for another user's device or
// snapshot; kConflict when snapshot_id is not the device's newest; kQuotaExceeded past the
// snapshot or backed-up-app limits (nothing is stored).
Result<appvault::api::CreatedSnapshot> RecordBackupRun(const Call& call);

}  // namespace appvault::server::api
