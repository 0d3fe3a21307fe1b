#include "core/decide.h"

#include <algorithm>
#include <utility>

#include "core/split_choice.h"

namespace appvault {
namespace {

using Candidates = std::vector<const Package*>;

std::string DisplayName(const Software& software) {
  return software.name.empty() ? software.id : software.name;
}

Candidates FittingPackages(const CatalogEntry& entry, const DeviceProfile& device) {
  Candidates out;
  for (const Package& package : entry.packages) {
    if (Fits(package, device)) out.push_back(&package);
  }
  return out;
}

// Among packages of one version: the device's most preferred ABI, then the lower digest.
const Package* BestForAbi(const Candidates& same_version, const DeviceProfile& device) {
  return *std::min_element(same_version.begin(), same_version.end(),
                           [&](const Package* a, const Package* b) {
                             auto rank_a = AbiRank(*a, device);
                             auto rank_b = AbiRank(*b, device);
                             if (rank_a != rank_b) return rank_a < rank_b;
                             return a->sha256 < b->sha256;
                           });
}

// The candidate of exactly this version (best ABI), or nullptr.
const Package* OfVersion(const Candidates& candidates, const Version& version,
                         const DeviceProfile& device) {
  Candidates same;
  for (const Package* package : candidates) {
    if (package->version == version) same.push_back(package);
  }
  return same.empty() ? nullptr : BestForAbi(same, device);
}

// REQUIRES: !candidates.empty().
const Package* Highest(const Candidates& candidates, const DeviceProfile& device) {
  const Package* top =
      *std::max_element(candidates.begin(), candidates.end(),
                        [](const Package* a, const Package* b) { return a->version < b->version; });
  return OfVersion(candidates, top->version, device);
}

// Whether the backed-up certificate decides (CONTRACT §4 rule 6): an Android backup that
// recorded its signer, restored onto an Android device. iOS signers are not verified yet.
bool SignerApplies(const BackupRecord& backup, const DeviceProfile& device) {
  return backup.platform == Platform::kAndroid && device.platform == Platform::kAndroid &&
         backup.signer_sha256.has_value();
}

// The fitting packages split by signer: those of the backed-up certificate's lineage (all of
// them when the signer does not apply) and those of another signer.
struct SignerSplit {
  Candidates own;
  Candidates other;
};

SignerSplit SplitBySigner(const Candidates& candidates, const BackupRecord& backup,
                          const DeviceProfile& device) {
  if (!SignerApplies(backup, device)) return SignerSplit{candidates, {}};
  SignerSplit split;
  for (const Package* package : candidates) {
    (SignedByLineageOf(*package, *backup.signer_sha256) ? split.own : split.other)
        .push_back(package);
  }
  return split;
}

// Why the backed-up version is not among the candidates.
std::string WhyNotBackedUpVersion(const CatalogEntry& entry, const BackupRecord& backup,
                                  const DeviceProfile& device) {
  std::string version = "backed-up version " + backup.version.text();
  const Package* fitting_other_signer = nullptr;
  const Package* unfitting = nullptr;
  for (const Package& package : entry.packages) {
    if (package.platform != device.platform || package.version != backup.version) continue;
    (Fits(package, device) ? fitting_other_signer : unfitting) = &package;
  }
  if (fitting_other_signer) return version + " is signed by another certificate";
  if (unfitting) return version + " " + *FitProblem(*unfitting, device);
  return version + " is not in the library";
}

void AppendReason(PlanItem* item, const std::string& text) {
  if (text.empty()) return;
  item->reason += (item->reason.empty() ? "" : "; ") + text;
}

void ChooseOwn(const DecisionInput& input, const ResolvedPreferences& prefs,
               const Candidates& candidates, PlanItem* item) {
  const BackupRecord& backup = *input.backup;
  const CatalogEntry& entry = *input.backed_up_software;
  const Package* chosen = nullptr;
  if (prefs.install_latest) {
    chosen = Highest(candidates, input.device);
  } else {
    bool same_platform = backup.platform == input.device.platform;
    if (same_platform) chosen = OfVersion(candidates, backup.version, input.device);
    if (chosen == nullptr) {
      chosen = Highest(candidates, input.device);
      item->version_substituted = true;
      std::string why = same_platform
                            ? WhyNotBackedUpVersion(entry, backup, input.device)
                            : "backed up on " + std::string(PlatformName(backup.platform));
      AppendReason(item, why + "; installing version " + chosen->version.text() + " instead");
    }
  }
  item->outcome = PlanOutcome::kInstall;
  item->software_id = entry.software.id;
  item->package = *chosen;
  item->config_sha256 = backup.config_sha256;
}

// Only packages of another signer fit (rule 6): another app. With accept_alternatives, its
// highest version as an alternative of the same software, without the configuration; else
// kNoCompatiblePackage. Either way the reason names both certificates.
void OfferAnotherSigner(const DecisionInput& input, const ResolvedPreferences& prefs,
                        const Candidates& other, PlanItem* item) {
  const Software& own = input.backed_up_software->software;
  const Package* chosen = Highest(other, input.device);
  AppendReason(item, "only packages signed by another certificate (" +
                         chosen->signer_sha256.Short() + ") than the backed-up app's (" +
                         input.backup->signer_sha256->Short() + ") fit this device (" +
                         input.device.Describe() + "): another signer's app is another app");
  if (!prefs.accept_alternatives) {
    item->outcome = PlanOutcome::kNoCompatiblePackage;
    AppendReason(item, "accept alternatives to install it, without the backed-up configuration");
    return;
  }
  item->outcome = PlanOutcome::kAlternative;
  item->software_id = own.id;
  item->package = *chosen;
  item->alternative_for = own.id;
  AppendReason(item, "installing it as an alternative, without the backed-up configuration");
}

// The related software with the most votes (ties: lower id) that has a fitting package.
const CatalogEntry* PickAlternative(const DecisionInput& input, const Software& own) {
  const CatalogEntry* best = nullptr;
  for (const CatalogEntry& entry : input.related) {
    const Software& s = entry.software;
    if (s.id == own.id || own.category.empty() || s.category != own.category) continue;
    if (FittingPackages(entry, input.device).empty()) continue;
    if (best == nullptr || s.votes > best->software.votes ||
        (s.votes == best->software.votes && s.id < best->software.id)) {
      best = &entry;
    }
  }
  return best;
}

void ChooseAlternativeOrNothing(const DecisionInput& input, const ResolvedPreferences& prefs,
                                PlanItem* item) {
  const Software& own = input.backed_up_software->software;
  AppendReason(item, "no package of " + DisplayName(own) + " fits this device (" +
                         input.device.Describe() + ")");
  if (input.backup->platform == input.device.platform) {
    AppendReason(item,
                 WhyNotBackedUpVersion(*input.backed_up_software, *input.backup, input.device));
  }
  item->outcome = PlanOutcome::kNoCompatiblePackage;
  if (!prefs.accept_alternatives) return;
  const CatalogEntry* alternative = PickAlternative(input, own);
  if (alternative == nullptr) {
    AppendReason(item, "no related app fits it either");
    return;
  }
  const Software& alt = alternative->software;
  item->outcome = PlanOutcome::kAlternative;
  item->software_id = alt.id;
  item->package = *Highest(FittingPackages(*alternative, input.device), input.device);
  item->alternative_for = own.id;
  AppendReason(item, "recommending " + DisplayName(alt) + " (" + std::to_string(alt.votes) +
                         " votes), the most-voted related app in " + own.category);
}

// The APKs of the chosen package for the device (an app set's splits), and why.
// REQUIRES: item->package fits input.device (so its set can be completed).
void ChooseMembers(const DeviceProfile& device, PlanItem* item) {
  Result<SplitChoice> choice = ChooseSplits(*item->package, device);
  if (!choice.ok()) {
    item->members = {ChosenMember{"", item->package->sha256, item->package->size}};
    return;
  }
  item->members = std::move(choice->members);
  AppendReason(item, choice->reason);
}

}  // namespace

std::string_view OutcomeName(PlanOutcome outcome) {
  switch (outcome) {
    case PlanOutcome::kInstall:
      return "install";
    case PlanOutcome::kAlternative:
      return "alternative";
    case PlanOutcome::kNotBackedUp:
      return "not_backed_up";
    case PlanOutcome::kNotInCatalog:
      return "not_in_catalog";
    case PlanOutcome::kNoCompatiblePackage:
      return "no_compatible_package";
  }
  return "not_backed_up";
}

PlanItem Decide(const DecisionInput& input) {
  PlanItem item;
  item.app = input.app;
  if (!input.backup) {
    item.outcome = PlanOutcome::kNotBackedUp;
    item.reason = input.app.str() + " was never backed up by this user";
    return item;
  }
  if (!input.backed_up_software) {
    item.outcome = PlanOutcome::kNotInCatalog;
    item.reason = input.app.str() + " (" + std::string(PlatformName(input.backup->platform)) +
                  ") is not in the library";
    return item;
  }
  item.backup_signer_sha256 = input.backup->signer_sha256;
  ResolvedPreferences prefs = Resolve(input.sent, input.stored);
  SignerSplit split = SplitBySigner(FittingPackages(*input.backed_up_software, input.device),
                                    *input.backup, input.device);
  if (!split.own.empty()) {
    ChooseOwn(input, prefs, split.own, &item);
  } else if (!split.other.empty()) {
    OfferAnotherSigner(input, prefs, split.other, &item);
  } else {
    ChooseAlternativeOrNothing(input, prefs, &item);
  }
  if (item.package) ChooseMembers(input.device, &item);
  return item;
}

}  // namespace appvault
