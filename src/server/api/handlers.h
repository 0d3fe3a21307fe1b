// The API's handlers, one file per resource. Each answers one route of ApiRoutes(); the
// route's access check has already passed (call.user is set on non-public routes).
// Errors are returned as Status and become the API's JSON errors. All are thread-safe.
#pragma once

#include "server/api/routes.h"

namespace appvault::server::api {

// health.cc: GET /healthz — 200 {"status":"ok", …} or 503 {"status":"overloaded", …}
// (server/health_handler.h) from Services::load.
Result<server::Reply> GetHealth(const Call& call);

// accounts.cc: POST /v1/accounts {username,password} — 201 {username,role}; 403 when
// registration is off; 409 when the name is taken; 429 past the registration limits or
// when the password hashes at once are taken (login_throttle.h).
Result<server::Reply> CreateAccount(const Call& call);
// accounts.cc: on the io thread first, counts the registration against the limits per
// address and in all and refuses past them (429) before any worker or hash is spent.
server::FastAnswer RegistrationGate(const server::Request& request, Services& services);

// sessions.cc: POST /v1/sessions {username,password} — 201 {token,expires_at,username,
// role}; 401 on a wrong name or password; 429 with Retry-After after too many failures
// of the account from the client's address, or of the address, or when the password
// hashes at once are taken.
Result<server::Reply> CreateSession(const Call& call);
// sessions.cc: on the io thread first: the 429 of the limits above, or the account-wide
// delay to wait before the password is checked (login_throttle.h).
server::FastAnswer LoginGate(const server::Request& request, Services& services);
// sessions.cc: DELETE /v1/sessions/current — ends the caller's session.
Result<server::Reply> DeleteCurrentSession(const Call& call);

// me.cc: GET /v1/me — {username, role, created_at, preferences}.
Result<server::Reply> GetMe(const Call& call);
// me.cc: PUT /v1/me/preferences — sets the keys sent (null clears one), answers them all.
Result<server::Reply> PutPreferences(const Call& call);

// devices.cc: POST /v1/devices {name?,platform,os_version,abis} — 201 the device with its
// new device_id. GET /v1/devices — {items:[device…]}.
Result<server::Reply> CreateDevice(const Call& call);
Result<server::Reply> ListDevices(const Call& call);

// catalog.cc: GET /v1/catalog/software[?q=&category=&platform=&limit=&offset=] and
// GET /v1/catalog/software/{id} (the software with every package).
Result<server::Reply> SearchSoftware(const Call& call);
Result<server::Reply> GetSoftware(const Call& call);

// votes.cc: POST /v1/catalog/software/{id}/votes — 201 {software_id, votes}; 409 on a
// second vote by the same user.
Result<server::Reply> AddVote(const Call& call);

// publish.cc: POST /v1/catalog/packages?software=ID&name=&publisher=&category=&description=
// (streaming; body: the package file) — inspects, scans and adds it to the library:
// 201 the package; 422 refusals (invalid_package, bad_signature, unsigned,
// malware_detected, signer_mismatch, version_exists); 403 for another publisher's
// software; 409 when the app belongs to another software; 413 past the size limit.
Result<server::Reply> PublishPackage(const Call& call);
// publish.cc: before the package is received: the query is valid and a software it names
// is the caller's to publish to (403 otherwise), so a refused publisher sends no body.
Status CheckPublishRequest(const Call& call);

// blobs.cc: POST /v1/blobs (streaming; body: the bytes) — 201 {sha256,size}, a private
// blob of the caller. GET and HEAD /v1/blobs/{sha256} — the bytes (Range, ETag): packages
// to any signed-in user, a private blob to its owners only (404 for anyone else);
// 500 data_loss when the stored bytes no longer match their name.
Result<server::Reply> UploadBlob(const Call& call);
Result<server::Reply> DownloadBlob(const Call& call);

// backups.cc: GET /v1/backups (the newest record per platform and app), POST /v1/backups
// (a backup run, as POST /v1/snapshots: a snapshot and a report per app),
// DELETE /v1/backups/{app} (the app out of every snapshot).
Result<server::Reply> ListBackups(const Call& call);
Result<server::Reply> CreateBackups(const Call& call);
Result<server::Reply> DeleteBackup(const Call& call);

// snapshots.cc (CONTRACT §6; server/api/backup_run.h has the body of a backup run):
// POST /v1/snapshots — 201 {snapshot_id, items} (200 with snapshot_id null when no app was
// accepted); GET /v1/snapshots[?device_id=] — {items} newest first; GET /v1/snapshots/{id}
// — the snapshot with its apps; DELETE /v1/snapshots/{id} — {removed:[it], kept:[]};
// POST /v1/snapshots/forget {keep_last, keep_daily, keep_weekly, keep_monthly, device_id?,
// dry_run?} — {removed, kept, dry_run}, per device as restic's forget. Another user's
// snapshot or device is 404, as one that does not exist.
Result<server::Reply> CreateSnapshot(const Call& call);
Result<server::Reply> ListSnapshots(const Call& call);
Result<server::Reply> GetSnapshot(const Call& call);
Result<server::Reply> DeleteSnapshot(const Call& call);
Result<server::Reply> ForgetSnapshots(const Call& call);

// restore_plans.cc: POST /v1/restore-plans — the install decision (CONTRACT §4) per app.
Result<server::Reply> CreateRestorePlan(const Call& call);

}  // namespace appvault::server::api
