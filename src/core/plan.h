// PlanItem: the server's decision for one app of a restore (CONTRACT §4).
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/app_id.h"
#include "core/package.h"
#include "core/sha256.h"
#include "core/split_choice.h"

namespace appvault {

enum class PlanOutcome {
  kInstall,              // install `package` (of the backed-up software)
  kAlternative,          // install `package` of a related software instead
  kNotBackedUp,          // the user never backed this app up: nothing is installed
  kNotInCatalog,         // backed up, but the library does not have the software
  kNoCompatiblePackage,  // nothing fits the device (and no alternative was taken)
};

// The wire name: "install", "alternative", "not_backed_up", "not_in_catalog",
// "no_compatible_package".
std::string_view OutcomeName(PlanOutcome outcome);

struct PlanItem {
  AppId app = *AppId::Parse("unset");  // as requested
  PlanOutcome outcome = PlanOutcome::kNotBackedUp;
  std::optional<std::string> software_id;  // the software whose package is sent, if any
  std::optional<Package> package;          // set for kInstall and kAlternative only
  // With package: the APKs to install, the base first — for an app set the splits
  // ChooseSplits picked for the device, else the package alone.
  std::vector<ChosenMember> members;
  std::optional<Sha256> config_sha256;  // the backup's configuration, same software only
  // The signing certificate the backup recorded, when it did: a client restores the
  // configuration only into a package of that certificate's lineage (CONTRACT §4 rule 5).
  std::optional<Sha256> backup_signer_sha256;
  bool version_substituted = false;            // not the backed-up version, though it was asked
  std::optional<std::string> alternative_for;  // kAlternative: the backed-up software's id
  std::string reason;                          // for people; empty when there is nothing to say
};

}  // namespace appvault
