// Decide(): the install decision of CONTRACT §4 for one app, as a pure function. The caller
// (the server) gathers the facts from its stores; this function does no I/O.
#pragma once

#include <optional>
#include <vector>

#include "core/backup.h"
#include "core/device.h"
#include "core/package.h"
#include "core/plan.h"
#include "core/preferences.h"

namespace appvault {

// A software and its packages (any platforms; Decide filters).
struct CatalogEntry {
  Software software;
  std::vector<Package> packages;
};

struct DecisionInput {
  AppId app = *AppId::Parse("unset");              // the app asked for
  std::optional<BackupRecord> backup;              // this user's backup of it, if any
  std::optional<CatalogEntry> backed_up_software;  // the library's software for the backup
  std::vector<CatalogEntry> related;  // software of the same category (may include itself)
  Preferences sent;                   // settings sent with this request
  Preferences stored;                 // the user's stored settings
  DeviceProfile device;               // REQUIRES: device.Validate().ok()
};

// In order: no backup → kNotBackedUp; software unknown → kNotInCatalog; else the fitting
// packages of the device's platform. For an Android backup that recorded its signer, on an
// Android device, only those signed by that certificate or a v3 rotation successor of it are
// the app's own (rule 6); of them, pick the backed-up version (same platform) or, with
// install_latest, the highest; a missing or unfitting backed-up version falls back to the
// highest with version_substituted; among one version's packages, the device's most
// preferred ABI; the backup's configuration goes with the package. When only packages of
// another signer fit: with accept_alternatives, the highest as kAlternative of the same
// software (alternative_for = its id), no configuration; else kNoCompatiblePackage; the
// reason names both certificates. Nothing fits → with accept_alternatives, the most-voted
// related software (ties: lower id) with a fitting package, its highest version, no
// configuration; else kNoCompatiblePackage with the device's OS in the reason.
// Deterministic: the same input always gives the same item. Thread-safe.
PlanItem Decide(const DecisionInput& input);

}  // namespace appvault
