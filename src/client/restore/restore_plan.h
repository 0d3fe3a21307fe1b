// The restore plan as the client reads it: the items of POST /v1/restore-plans
// (docs/api.md), checked field by field, before anything is downloaded.
#pragma once

#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "core/package.h"
#include "core/plan.h"
#include "core/sha256.h"
#include "core/status.h"

namespace appvault::client::restore {

// A package the plan says to install, and where to fetch it.
struct PlannedPackage {
  Package package;  // its facts as the library recorded them (to be checked on the file)
  std::string url;  // "/v1/blobs/<sha256>", relative to the server
};

// The backup's configuration bundle.
struct PlannedConfig {
  Sha256 sha256;
  std::string url;  // "/v1/blobs/<sha256>"
};

// One item of the plan.
struct PlanEntry {
  std::string requested;  // as the client sent it
  std::string app;        // the backed-up app id (as requested when there is no backup)
  PlanOutcome outcome = PlanOutcome::kNotBackedUp;
  std::optional<std::string> software_id;
  std::optional<std::string> version_code;  // of the package
  std::optional<std::string> version_name;
  bool version_substituted = false;
  std::optional<std::string> alternative_for;
  std::string reason;
  std::optional<PlannedPackage> package;  // set exactly for kInstall and kAlternative
  std::optional<PlannedConfig> config;
  // The certificate the backup recorded: the configuration goes only into a package of its
  // lineage (CheckConfigSigner).
  std::optional<Sha256> backup_signer_sha256;
  // The snapshot whose record was decided on (CONTRACT §6); nullopt when there was none.
  std::optional<std::int64_t> snapshot_id;
};

// Reads the plan document {"device_id","items":[…]}. Every item must be well formed: known
// outcome; a package exactly when the outcome is install or alternative, with a valid
// platform, app id, version, 64-hex digests and a url that is "/v1/blobs/" + its own sha256
// (no other URL is ever fetched: the session token goes to the server and nowhere else);
// a config likewise, and only with outcome install; backup_signer_sha256 64 hex digits or
// null; snapshot_id a positive integer or null. Errors: kInternal "the server's restore plan is not
// understood: items[1].package.sha256: …".
Result<std::vector<PlanEntry>> ParsePlan(const nlohmann::json& document);

}  // namespace appvault::client::restore
