#include "client/restore/item_installer.h"

#include <algorithm>

#include "client/restore/installed_check.h"
#include "pkg/inspect.h"

namespace appvault::client::restore {
namespace {

Status Mismatch(const std::string& field, const std::string& got, const std::string& planned) {
  return Status(StatusCode::kDataLoss, "the downloaded package is not the plan's: its " + field +
                                           " is " + got + ", the plan's " + planned);
}

std::string SignerHex(const std::optional<Sha256>& signer) {
  return signer ? signer->Hex() : "none";
}

// "downloaded package does not match the plan's SHA-256 (…)" for a digest mismatch; the
// download's own message otherwise.
std::string DownloadFailure(const std::string& what, const Status& status) {
  if (status.code() == StatusCode::kDataLoss &&
      status.message().find("the downloaded bytes do not match") != std::string::npos) {
    return std::string("downloaded ") + what + " does not match the plan's SHA-256 (" +
           status.message() + ")";
  }
  return std::string("cannot download the ") + what + ": " + status.message();
}

void Fail(ItemReport& report, std::string reason) {
  report.outcome = RestoreOutcome::kFailed;
  report.done = false;
  report.config_restored = false;
  report.reason = std::move(reason);
}

// Appends to the plan's reason (which may say why a version was substituted).
void AddReason(ItemReport& report, const std::string& reason) {
  report.reason = report.reason.empty() ? reason : report.reason + "; " + reason;
}

// The report's configuration part, once the app is installed with its downloaded bundle:
// restored (config_restored), or why the device refused it.
void ReportConfig(const InstallResult& installed, ItemReport& report) {
  if (installed.config == ConfigSource::kBundle) {
    report.config_restored = true;
    return;
  }
  report.done = false;
  AddReason(report,
            "installed with its generated configuration; the backed-up configuration was "
            "refused: " +
                installed.config_refused);
}

// The first field in which facts differ from what the plan says of the file — its digest and
// size, its split name, and the planned package's platform, app id, version code and signer
// — as Mismatch gives it; ok when none does.
Status FirstMismatch(const pkg::PackageFacts& facts, const Sha256& sha256, std::uint64_t size,
                     const std::string& split, const Package& planned) {
  if (facts.sha256 != sha256) return Mismatch("SHA-256", facts.sha256.Hex(), sha256.Hex());
  if (facts.size != size) return Mismatch("size", std::to_string(facts.size), std::to_string(size));
  if (facts.split != split) return Mismatch("split name", facts.split, split);
  if (facts.platform != planned.platform) {
    return Mismatch("platform", std::string(PlatformName(facts.platform)),
                    std::string(PlatformName(planned.platform)));
  }
  if (facts.app != planned.app) return Mismatch("app id", facts.app.str(), planned.app.str());
  if (facts.version != planned.version) {
    return Mismatch("version code", facts.version.text(), planned.version.text());
  }
  if (!SameSigner(facts.signer_sha256, planned.signer_sha256)) {
    return Mismatch("signer", SignerHex(facts.signer_sha256), planned.signer_sha256.Hex());
  }
  return Status::Ok();
}

}  // namespace

Result<pkg::PackageFacts> CheckAgainstPlan(const std::string& package_path, const Package& planned,
                                           const pkg::InspectOptions& known) {
  Result<pkg::PackageFacts> facts = pkg::InspectPackage(package_path, known);
  if (!facts.ok()) {
    return Status(facts.status().code(),
                  "the downloaded package is refused: " + facts.status().message());
  }
  if (Status mismatch = FirstMismatch(*facts, planned.sha256, planned.size, "", planned);
      !mismatch.ok()) {
    return mismatch;
  }
  return facts;
}

Result<pkg::PackageFacts> CheckSplitAgainstPlan(const std::string& path,
                                                const api::PlannedMember& member,
                                                const Package& planned,
                                                const pkg::InspectOptions& known) {
  Result<pkg::PackageFacts> facts = pkg::InspectPackage(path, known);
  const std::string what = "split " + member.split + ": ";
  if (!facts.ok()) {
    return Status(facts.status().code(),
                  what + "the downloaded APK is refused: " + facts.status().message());
  }
  if (Status mismatch = FirstMismatch(*facts, member.sha256, member.size, member.split, planned);
      !mismatch.ok()) {
    return Status(mismatch.code(), what + mismatch.message());
  }
  return facts;
}

namespace {

// The item's splits, checked (where the checker has not yet); the first failure, else their
// files for the install.
Result<std::vector<InspectedSplitFile>> CheckedSplits(const ItemToInstall& item) {
  std::vector<InspectedSplitFile> splits;
  for (const DownloadedSplit& split : item.files->splits) {
    if (!split.status.ok())
      return Status(split.status.code(),
                    DownloadFailure("split " + split.member->split, split.status));
    Result<pkg::PackageFacts> checked =
        split.plan_check
            ? *split.plan_check
            : CheckSplitAgainstPlan(split.path, *split.member, item.entry->package->package);
    if (!checked.ok()) return checked.status();
    splits.push_back({split.path, std::move(checked).value()});
  }
  return splits;
}

}  // namespace

Status CheckConfigSigner(const PlanEntry& entry, const pkg::PackageFacts& facts) {
  if (!entry.backup_signer_sha256 || !facts.signer_sha256) return Status::Ok();
  const Sha256& recorded = *entry.backup_signer_sha256;
  const std::vector<Sha256>& lineage = facts.signer_lineage;
  if (*facts.signer_sha256 == recorded ||
      std::find(lineage.begin(), lineage.end(), recorded) != lineage.end()) {
    return Status::Ok();
  }
  return Status(StatusCode::kDataLoss,
                "the plan sends the backed-up configuration with a package signed by " +
                    facts.signer_sha256->Short() + ", but the backup recorded the app signed by " +
                    recorded.Short() +
                    " and no rotation proof links them: another signer's app never gets "
                    "this configuration; not installed");
}

void InstallItems(Device& device, const std::vector<ItemToInstall>& items) {
  std::vector<const ItemToInstall*> passed;
  std::vector<InspectedPackage> packages;
  for (const ItemToInstall& item : items) {
    const DownloadedItem& files = *item.files;
    if (!files.package_status.ok()) {
      Fail(*item.report, DownloadFailure("package", files.package_status));
      continue;
    }
    Result<pkg::PackageFacts> checked =
        files.plan_check ? *files.plan_check
                         : CheckAgainstPlan(files.package_path, item.entry->package->package);
    if (!checked.ok()) {
      Fail(*item.report, checked.status().message());
      continue;
    }
    if (files.config_status) {
      if (Status signer = CheckConfigSigner(*item.entry, *checked); !signer.ok()) {
        Fail(*item.report, signer.message());
        continue;
      }
    }
    if (files.config_status && !files.config_status->ok()) {
      Fail(*item.report, DownloadFailure("configuration", *files.config_status) +
                             "; not installed, so that the next restore installs it with its "
                             "settings (--without-config installs it without them)");
      continue;
    }
    Result<std::vector<InspectedSplitFile>> splits = CheckedSplits(item);
    if (!splits.ok()) {
      Fail(*item.report,
           splits.status().message() + "; an app set is installed whole or not at all");
      continue;
    }
    bool movable = files.package_movable;
    for (const DownloadedSplit& split : files.splits)
      movable = movable && split.movable;
    passed.push_back(&item);  // with its configuration, when it has one: downloaded (above)
    packages.push_back(InspectedPackage{files.package_path, std::move(checked).value(), movable,
                                        files.config_status ? files.config_path : std::string(),
                                        std::move(splits).value()});
  }
  std::vector<Result<InstallResult>> installed = device.InstallInspectedAll(packages);
  for (std::size_t i = 0; i < passed.size(); ++i) {
    const ItemToInstall& item = *passed[i];
    ItemReport& report = *item.report;
    if (!installed[i].ok()) {
      Fail(report, "not installed: " + installed[i].status().message());
      continue;
    }
    report.outcome = item.entry->outcome == PlanOutcome::kAlternative
                         ? RestoreOutcome::kInstalledAlternative
                         : RestoreOutcome::kInstalled;
    report.done = true;
    if (item.files->config_status) ReportConfig(*installed[i], report);
  }
}

}  // namespace appvault::client::restore
