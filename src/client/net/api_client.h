// ApiClient: appvaultd's HTTP API (docs/api.md) as one call per route — the only place in
// the client that names a route. Commands and engines speak in these calls; the routes'
// paths, methods, query strings and percent-encoding live here.
//
// Every call's errors are ServerConnection::Call's (the server's error code and message,
// kUnavailable when it cannot be reached, kInternal for an answer that is not JSON); a typed
// answer that does not decode is kUnavailable "the server's answer to ROUTE does not parse:
// FIELD: …" (a server this client does not understand is as good as unreachable).
#pragma once

#include <cstdint>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>

#include "api/accounts.h"
#include "api/blobs.h"
#include "api/catalog.h"
#include "api/devices.h"
#include "api/restore_plans.h"
#include "api/snapshots.h"
#include "client/net/server_connection.h"
#include "core/sha256.h"
#include "core/status.h"

namespace appvault::client {

// What GET /v1/catalog/software filters on; "" leaves a filter out.
struct SoftwareSearch {
  std::string text;
  std::string category;
  int limit = 100;
  int offset = 0;
};

// The query of POST /v1/catalog/packages: where a new software comes from ("" = not given).
struct PublishTarget {
  std::string software, name, publisher, category, description;
};

// Thread-safety: a value type, as ServerConnection.
class ApiClient {
 public:
  explicit ApiClient(ServerConnection server) : server_(std::move(server)) {}

  // The path a blob is downloaded from: "/v1/blobs/<sha256>" (a restore plan may name no
  // other URL: the session token goes nowhere else).
  static std::string BlobPath(const Sha256& sha256);

  // --- accounts and sessions ---
  Result<api::Account> Register(const api::Credentials& credentials) const;
  Result<api::SessionInfo> Login(const api::Credentials& credentials) const;
  Result<api::SignedOut> Logout() const;  // DELETE /v1/sessions/current
  Result<api::Me> Me() const;
  // PUT /v1/me/preferences with the settings object (a key sent is set, null clears it).
  Result<api::PreferencesReply> SetPreferences(const nlohmann::json& settings) const;

  // --- devices ---
  Result<api::DeviceList> ListDevices() const;
  Result<api::DeviceInfo> RegisterDevice(const api::DeviceRequest& device) const;

  // --- the library ---
  // One page of the search (at most search.limit software).
  Result<api::SoftwareList> SearchSoftware(const SoftwareSearch& search) const;
  Result<api::VoteReply> Vote(const std::string& software_id) const;
  // Streams the package file (never held in memory).
  Result<api::PublishedPackage> Publish(const PublishTarget& target, const std::string& file) const;

  // --- blobs ---
  // Whether the signed-in user may read the blob (HEAD: its bytes are not sent).
  Result<bool> HasBlob(const Sha256& sha256) const;
  // Streams the file as one of the user's private blobs.
  Result<api::StoredBlob> UploadBlob(const std::string& file) const;

  // --- backups and snapshots ---
  Result<api::BackupList> ListBackups() const;
  Result<api::ForgottenApp> ForgetApp(const std::string& app) const;  // DELETE /v1/backups/{app}
  // POST /v1/snapshots {device_id, apps[, snapshot_id]}: adds to snapshot_id when given.
  Result<api::CreatedSnapshot> CreateSnapshot(const std::string& device_id,
                                              const nlohmann::json& apps,
                                              std::optional<std::int64_t> snapshot_id) const;
  Result<api::SnapshotList> ListSnapshots(const std::optional<std::string>& device_id) const;
  Result<api::SnapshotDetail> GetSnapshot(std::int64_t id) const;
  Result<api::ForgetReply> DeleteSnapshot(std::int64_t id) const;
  Result<api::ForgetReply> ForgetSnapshots(const api::ForgetRequest& request) const;

  // --- restore ---
  // One page of the plan, checked as restore::ReadPlan checks it (kInternal "the server's
  // restore plan is not understood: FIELD: …").
  Result<api::RestorePlan> PlanRestore(const api::RestorePlanRequest& request) const;

  const ServerConnection& connection() const { return server_; }

 private:
  ServerConnection server_;
};

}  // namespace appvault::client
