// The wire types of POST /v1/restore-plans (CONTRACT §4 and §6, docs/api.md) and their JSON
// codecs: the server's handler reads the request and writes the plan with them, the client
// writes the request and reads the plan. A decoder names the first field that is wrong
// ("items[1].package.sha256: expected 64 hex digits").
//
//   POST /v1/restore-plans RestorePlanRequest → RestorePlan
#pragma once

#include <cstdint>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "core/package.h"
#include "core/plan.h"
#include "core/preferences.h"
#include "core/sha256.h"
#include "core/status.h"

namespace appvault::api {

class FieldReader;

// The path of a blob on the server, "/v1/blobs/<sha256>": the only URL a plan may name.
std::string BlobPath(const Sha256& sha256);

// What to plan. Exactly one of `apps` (1..kMaxAppsPerPlan app ids) and `all`; the source is
// at most one of snapshot_id and source_device_id (neither: CONTRACT §6's default sources).
struct RestorePlanRequest {
  std::string device_id;  // the device to restore onto: its profile decides
  std::vector<std::string> apps;
  bool all = false;
  std::optional<std::size_t> offset;  // with `all`: the page starting at this backup
  Preferences preferences;            // only what the request overrides of the stored settings
  std::optional<std::int64_t> snapshot_id;
  std::optional<std::string> source_device_id;
};

// A package the plan says to install: its facts as the library recorded them (to be checked
// on the file) and where to fetch it (BlobPath of its sha256).
struct PlannedPackage {
  Package package;
  std::string url;
};

// One APK of a planned package (CONTRACT §7): the base (split "", null on the wire) or a
// split the server chose for the device; where to fetch it (BlobPath of its sha256).
struct PlannedMember {
  std::string split;
  Sha256 sha256;
  std::uint64_t size = 0;
  std::string url;
};

// The backup's configuration bundle.
struct PlannedConfig {
  Sha256 sha256;
  std::string url;  // BlobPath(sha256)
};

// One app of the plan.
struct RestorePlanItem {
  std::string requested;  // as the client sent it
  std::string app;        // the backed-up app id (as requested when there is no backup)
  PlanOutcome outcome = PlanOutcome::kNotBackedUp;
  std::optional<std::string> software_id;
  std::optional<std::string> version_code;  // of the package
  std::optional<std::string> version_name;
  bool version_substituted = false;
  std::optional<std::string> alternative_for;
  std::string reason;
  std::optional<PlannedPackage> package;  // exactly for kInstall and kAlternative
  // With package: the APKs to install, the base (package itself) first, then the splits
  // chosen for the device; empty without a package. A plan of a server older than sets has
  // none: read as the base alone.
  std::vector<PlannedMember> packages;
  std::optional<PlannedConfig> config;  // only with kInstall (CONTRACT §4 rule 5)
  // The certificate the backup recorded: the configuration goes only into a package of its
  // lineage.
  std::optional<Sha256> backup_signer_sha256;
  // The snapshot whose record was decided on (CONTRACT §6); nullopt when there was none.
  std::optional<std::int64_t> snapshot_id;
};

struct RestorePlan {
  std::string device_id;
  std::optional<std::int64_t> snapshot_id;  // when every item comes from one snapshot
  std::vector<RestorePlanItem> items;
  std::optional<std::size_t> next_offset;  // with `all`: the next page's offset
};

nlohmann::json ToJson(const RestorePlanRequest& value);
nlohmann::json ToJson(const PlannedPackage& value);
nlohmann::json ToJson(const RestorePlanItem& value);
nlohmann::json ToJson(const RestorePlan& value);

// A package object has "splits" only when it is an app set: [{name, sha256, size, url, kind,
// config_for, abi, density, locale}] (null for what a split does not serve).
// The fields of a package object (what ToJson(PlannedPackage) writes) read with `reader`,
// checked as RestorePlanFromJson checks a plan's package; for the types whose JSON adds
// fields to it (api/catalog.h), which the caller reads with the same reader.
PlannedPackage ReadPlannedPackage(FieldReader& reader);

// The request as the server reads it: unknown fields, both apps and all, offset without
// all, both sources, an app id past 256 bytes or more than kMaxAppsPerPlan apps are
// refused (kInvalidArgument naming the field).
Result<RestorePlanRequest> RestorePlanRequestFromJson(const nlohmann::json& json);
// The plan as the client reads it, every item well formed: a known outcome; a package
// exactly when the outcome installs, with a valid platform, app id, version, 64-hex digests
// and a url that is BlobPath of its own sha256 (no other URL is ever fetched: the session
// token goes to the server and nowhere else); a config likewise, and only with install;
// snapshot ids positive; packages, when given, only with a package, the first the package's
// own base (split null, same sha256 and size), each url BlobPath of its sha256.
Result<RestorePlan> RestorePlanFromJson(const nlohmann::json& json);

}  // namespace appvault::api
