// FolderDevice::Install: the install rules of CONTRACT §3 (folder_device.h, docs/client.md).
#include <sys/stat.h>

#include <algorithm>
#include <cerrno>
#include <cstdio>
#include <optional>

#include "base/file_util.h"
#include "client/config_bundle.h"
#include "client/device_json.h"
#include "client/file_util.h"
#include "client/folder_device.h"
#include "client/folder_transaction.h"
#include "client/package_config.h"
#include "core/package.h"
#include "pkg/apk_set.h"

namespace appvault::client {
namespace {

// What an install goes over: the installed app's version and signer, from its package when
// it still reads, else from its install.json.
struct Installed {
  Version version = Version::Android(0);
  std::string signer;  // hex, "" when none
  std::string version_name;
  bool healthy = true;
};

std::string Signer(const pkg::PackageFacts& facts) {
  return facts.signer_sha256 ? facts.signer_sha256->Hex() : "";
}

std::string DescribeSigner(const std::string& hex) {
  return hex.empty() ? "no verified certificate" : "certificate " + hex.substr(0, 12) + "…";
}

std::string DescribeVersion(const std::string& code, const std::string& name) {
  return "version " + code + (name.empty() ? "" : " (" + name + ")");
}

Result<Installed> InstalledState(const InstalledApp& app, Platform platform) {
  if (app.package) {
    return Installed{app.package->version, Signer(*app.package), app.package->version_name,
                     app.healthy()};
  }
  Result<Version> version = app.record ? Version::Parse(platform, app.record->version_code)
                                       : Result<Version>(Status(StatusCode::kNotFound, ""));
  if (!version.ok()) {
    return Status(StatusCode::kConflict, app.app.str() +
                                             " is installed but damaged beyond reading (" +
                                             app.problem + "); remove its folder to install it");
  }
  return Installed{*version, app.record->signer_sha256, app.record->version_name, false};
}

// The kind of install over an installed app, or the refusal: another signer, a downgrade,
// the same version over a healthy install.
Result<InstallKind> InstallOver(const InstalledApp& app, const pkg::PackageFacts& facts) {
  Result<Installed> installed = InstalledState(app, facts.platform);
  if (!installed.ok()) return installed.status();
  const std::string& id = app.app.str();
  if (installed->signer != Signer(facts)) {
    return Status(StatusCode::kSignerMismatch,
                  id + " is installed signed by " + DescribeSigner(installed->signer) +
                      "; this package is signed by " + DescribeSigner(Signer(facts)));
  }
  const std::string old_version =
      DescribeVersion(installed->version.text(), installed->version_name);
  const std::string new_version = DescribeVersion(facts.version.text(), facts.version_name);
  if (facts.version < installed->version) {
    return Status(StatusCode::kConflict, id + " " + old_version +
                                             " is installed: an app is never downgraded (to " +
                                             new_version + ")");
  }
  if (facts.version > installed->version) return InstallKind::kUpdated;
  if (!installed->healthy) return InstallKind::kRepaired;
  return Status(StatusCode::kConflict, id + " " + old_version + " is already installed");
}

Status CheckFits(const pkg::PackageFacts& facts, const DeviceProfile& device) {
  Package package;
  package.platform = facts.platform;
  package.min_os = facts.min_os;
  package.max_os = facts.max_os;
  package.abis = facts.abis;
  std::optional<std::string> problem = FitProblem(package, device);
  if (!problem) return Status::Ok();
  return Status(StatusCode::kConflict, facts.app.str() + " " + facts.version.text() +
                                           " does not fit this device, " + device.Describe() +
                                           ": it " + *problem);
}

// What an install will do, decided before anything is staged.
struct InstallPlan {
  InstallResult result;
  bool new_data = true;  // write data/<app> (else the installed app's data is kept)
};

Result<pkg::PackageFacts> CopyAndInspect(const std::string& from, const std::string& copy,
                                         const base::FaultHook& fault) {
  Status status = base::CheckFault(fault, "install:copy");
  if (status.ok()) status = CopyNewFile(from, copy);
  if (!status.ok()) return status;
  return pkg::InspectPackage(copy);
}

// True when path names something below folder (no "." or ".." segments: not resolved).
bool IsBelow(const std::string& path, const std::string& folder) {
  if (path.size() <= folder.size() + 1 || path.compare(0, folder.size(), folder) != 0 ||
      path[folder.size()] != '/') {
    return false;
  }
  std::string rest(1, '/');
  rest.append(path, folder.size() + 1).push_back('/');
  return rest.find("/../") == std::string::npos && rest.find("/./") == std::string::npos;
}

// Moves (or, across file systems or when not allowed to, copies) an inspected package to the
// scratch path; its facts stand for the staged file, whose size must still be theirs.
Result<pkg::PackageFacts> StageInspected(const InspectedPackage& package, const std::string& to,
                                         const base::FaultHook& fault) {
  Status status = base::CheckFault(fault, "install:copy");
  if (!status.ok()) return status;
  if (!package.may_move || ::rename(package.path.c_str(), to.c_str()) != 0) {
    if (package.may_move && errno != EXDEV) return base::ErrnoStatus("rename", package.path);
    status = CopyNewFile(package.path, to);
    if (!status.ok()) return status;
  }
  struct stat info {};
  if (::stat(to.c_str(), &info) != 0) return base::ErrnoStatus("stat", to);
  if (static_cast<std::uint64_t>(info.st_size) != package.facts.size) {
    return Status(StatusCode::kDataLoss, package.path +
                                             ": the package changed after it was "
                                             "inspected (" +
                                             std::to_string(info.st_size) + " bytes, not " +
                                             std::to_string(package.facts.size) + ")");
  }
  return package.facts;
}

Result<InstallPlan> PlanInstall(const pkg::PackageFacts& facts, const DeviceProfile& device,
                                const std::optional<InstalledApp>& installed, bool has_data) {
  Status fits = CheckFits(facts, device);
  if (!fits.ok()) return fits;
  InstallPlan plan{{facts, InstallKind::kInstalled, std::nullopt, ConfigSource::kKept, ""}, true};
  if (installed) {
    Result<InstallKind> kind = InstallOver(*installed, facts);
    if (!kind.ok()) return kind.status();
    plan.result.kind = *kind;
    plan.result.replaced_version =
        installed->package ? installed->package->version.text() : installed->record->version_code;
    plan.new_data = !has_data;
  }
  return plan;
}

// The staged files of one app: its package (an app set's base) and an app set's splits.
struct StagedApp {
  std::string package;
  pkg::PackageFacts facts;
  std::vector<std::pair<std::string, pkg::PackageFacts>> splits;  // path, facts; by name
};

// Stages apps/<app>: the package, an app set's splits (split_<name>.apk) and install.json.
Status StageApp(const std::string& dir, const StagedApp& app, const InstallRecord& record,
                const base::FaultHook& fault) {
  Status status = MakeDirectory(dir);
  if (status.ok()) {
    status = RenamePath(app.package, dir + "/" + DeviceLayout::PackageName(app.facts.platform));
  }
  for (const auto& [path, facts] : app.splits) {
    if (status.ok()) status = base::CheckFault(fault, "install:split");
    if (status.ok()) status = RenamePath(path, dir + "/" + DeviceLayout::SplitName(facts.split));
  }
  if (status.ok()) status = base::CheckFault(fault, "install:record");
  if (status.ok()) {
    status = WriteNewFile(dir + "/" + DeviceLayout::kInstallJson, InstallRecordJson(record),
                          FileSync::kByCaller);  // staged: the commit syncs the tree
  }
  return status;
}

// Stages data/<app>/config: the package's generated configuration, or installed.json.
Result<ConfigSource> StageData(const std::string& dir, const std::string& package,
                               const pkg::PackageFacts& facts, const ConfigLimits& limits,
                               const base::FaultHook& fault) {
  const std::string config = dir + "/config";
  Status status = MakeDirectory(dir);
  if (status.ok()) status = MakeDirectory(config);
  if (status.ok()) status = base::CheckFault(fault, "install:config");
  if (!status.ok()) return status;
  Result<std::uint64_t> files = ExtractGeneratedConfig(package, facts.platform, config, limits);
  if (!files.ok()) return files.status();
  if (*files > 0) return ConfigSource::kPackage;
  status = WriteNewFile(config + "/installed.json", InstalledJson(facts), FileSync::kByCaller);
  if (!status.ok()) return status;
  return ConfigSource::kInstalledJson;
}

// Stages the configuration bundle given with a package in place of the app's configuration:
// over the staged data folder's config/ (new data) or as a step of its own over
// data/<app>/config (kept data). A bundle that cannot be used is no failure of the install:
// plan.result.config_refused says why, and nothing of it stays staged.
Status StageBundle(FolderTransaction& txn, const std::string& bundle, InstallPlan& plan,
                   const std::string& data_dir, const FolderDeviceOptions& options,
                   const std::string& scratch) {
  const std::size_t steps = txn.StepCount();
  const std::string config = plan.new_data
                                 ? txn.ScratchPath(scratch)
                                 : txn.AddStep(DeviceLayout::ConfigTarget(plan.result.facts.app));
  Status status = MakeDirectory(config);
  if (status.ok()) status = base::CheckFault(options.fault, "install:bundle");
  if (!status.ok()) return status;
  Status extracted = ExtractConfigBundle(bundle, config, options.config_limits);
  if (!extracted.ok()) {
    plan.result.config_refused = extracted.message();
    return plan.new_data ? RemoveTree(config) : txn.DropSteps(steps);
  }
  if (plan.new_data) {
    status = RemoveTree(data_dir + "/config");
    if (status.ok()) status = RenamePath(config, data_dir + "/config");
  }
  if (status.ok()) plan.result.config = ConfigSource::kBundle;
  return status;
}

// Stages the plan's folders in txn, and the configuration bundle when one is given. The
// generated configuration is extracted (and so checked) even when the app's data is kept (it
// is then left in the scratch folder `<scratch>-data`) or a bundle replaces it.
Status StageInstall(FolderTransaction& txn, const StagedApp& staged, InstallPlan& plan,
                    const FolderDeviceOptions& options, const InstallRecord& record,
                    const std::string& bundle, const std::string& scratch) {
  const std::string& package = staged.package;
  const std::string data = scratch + "-data";
  const AppId& app = plan.result.facts.app;
  const std::string data_dir =
      plan.new_data ? txn.AddStep(DeviceLayout::DataTarget(app)) : txn.ScratchPath(data);
  const std::string app_dir = txn.AddStep(DeviceLayout::AppTarget(app));
  Result<ConfigSource> config =
      StageData(data_dir, package, plan.result.facts, options.config_limits, options.fault);
  if (!config.ok()) return config.status();
  if (plan.new_data) plan.result.config = *config;
  Status status = StageApp(app_dir, staged, record, options.fault);
  if (status.ok() && !bundle.empty()) {
    status = StageBundle(txn, bundle, plan, data_dir, options, scratch + "-bundle");
  }
  if (status.ok()) status = base::CheckFault(options.fault, "install:staged");
  return status;
}

Status TwiceInOneCall(const AppId& app) {
  return Status(StatusCode::kConflict,
                app.str() +
                    " is installed by another package of the same call; install it on "
                    "its own");
}

// The facts an app set must fit the device by: the base's, with the native code of every
// member (an ABI split brings the ABI the base lacks).
pkg::PackageFacts FitFacts(const StagedApp& app) {
  pkg::PackageFacts facts = app.facts;
  for (const auto& [path, split] : app.splits) {
    for (const std::string& abi : split.abis) {
      if (std::find(facts.abis.begin(), facts.abis.end(), abi) == facts.abis.end())
        facts.abis.push_back(abi);
    }
  }
  return facts;
}

// The staged members checked as one app: a single package, or an app set (any member a
// split, or several members) checked by pkg::ValidateApkSet.
Result<StagedApp> CheckMembers(std::vector<pkg::ApkSetMember> members) {
  if (members.size() == 1 && members.front().facts.split.empty()) {
    return StagedApp{members.front().name, std::move(members.front().facts), {}};
  }
  Result<pkg::ApkSet> set = pkg::ValidateApkSet(std::move(members));
  if (!set.ok()) return set.status();
  StagedApp app{set->base.name, std::move(set->base.facts), {}};
  for (pkg::ApkSetMember& split : set->splits)
    app.splits.emplace_back(split.name, std::move(split.facts));
  return app;
}

}  // namespace

Result<InstallResult> FolderDevice::Install(const std::string& package_path) {
  return InstallSet({package_path});
}

Result<InstallResult> FolderDevice::InstallSet(const std::vector<std::string>& paths) {
  if (paths.empty()) return Status(StatusCode::kInvalidArgument, "no package file to install");
  ToStage set{{}, ""};
  for (const std::string& path : paths) {
    set.members.push_back([&path, this](const std::string& copy) {
      return CopyAndInspect(path, copy, options_.fault);
    });
  }
  return std::move(InstallTogether({set}).front());
}

Result<InstallResult> FolderDevice::InstallInspected(const InspectedPackage& package) {
  return std::move(InstallInspectedAll({package}).front());
}

std::vector<Result<InstallResult>> FolderDevice::InstallInspectedAll(
    const std::vector<InspectedPackage>& packages) {
  std::vector<Result<InstallResult>> results;
  std::vector<ToStage> group;
  std::vector<AppId> apps;  // of the group, as the callers' facts say
  auto install_group = [&] {
    for (Result<InstallResult>& result : InstallTogether(group))
      results.push_back(std::move(result));
    group.clear();
    apps.clear();
  };
  for (const InspectedPackage& package : packages) {
    if (group.size() == kMaxInstallGroup ||
        std::find(apps.begin(), apps.end(), package.facts.app) != apps.end()) {
      install_group();
    }
    apps.push_back(package.facts.app);
    ToStage app{{Member(package.path, package.facts, package.may_move)}, package.config_bundle};
    for (const InspectedSplitFile& split : package.splits)
      app.members.push_back(Member(split.path, split.facts, package.may_move));
    group.push_back(std::move(app));
  }
  if (!group.empty()) install_group();
  return results;
}

FolderDevice::Stager FolderDevice::Member(const std::string& path, const pkg::PackageFacts& facts,
                                          bool may_move) const {
  if (!IsBelow(path, StateDirectory())) {  // no trust: read again, as Install does
    return [path, this](const std::string& copy) {
      return CopyAndInspect(path, copy, options_.fault);
    };
  }
  return [path, facts, may_move, this](const std::string& staged) {
    return StageInspected(InspectedPackage{path, facts, may_move, ""}, staged, options_.fault);
  };
}

Result<InstallResult> FolderDevice::StageOne(FolderTransaction& txn, const ToStage& what,
                                             std::size_t index,
                                             const std::vector<AppId>& staged_apps) {
  std::vector<pkg::ApkSetMember> members;
  for (std::size_t m = 0; m < what.members.size(); ++m) {
    const std::string path =
        txn.ScratchPath("package-" + std::to_string(index) + "-" + std::to_string(m));
    Result<pkg::PackageFacts> facts = what.members[m](path);
    if (!facts.ok()) return facts.status();
    members.push_back({path, std::move(facts).value()});
  }
  Result<StagedApp> app = CheckMembers(std::move(members));
  if (!app.ok()) return app.status();
  const AppId id = app->facts.app;
  if (std::find(staged_apps.begin(), staged_apps.end(), id) != staged_apps.end())
    return TwiceInOneCall(id);
  Result<InstallPlan> plan = PlanInstall(FitFacts(*app), profile_, ReadApp(id),
                                         KindOf(layout_.AppData(id)) != PathKind::kMissing);
  if (!plan.ok()) return plan.status();
  plan->result.facts = app->facts;
  InstallRecord record = RecordOf(app->facts, Now());
  for (const auto& [path, split] : app->splits) {
    record.splits.push_back({split.split, split.sha256.Hex()});
    plan->result.splits.push_back(split.split);
  }
  Status staged =
      StageInstall(txn, *app, *plan, options_, record, what.config_bundle, std::to_string(index));
  if (!staged.ok()) return staged;
  return plan->result;
}

std::vector<Result<InstallResult>> FolderDevice::InstallTogether(
    const std::vector<ToStage>& packages) {
  auto every = [&](const Status& status) {
    return std::vector<Result<InstallResult>>(packages.size(), status);
  };
  Result<DeviceLock> lock = LockForChange(layout_.root());
  if (!lock.ok()) return every(lock.status());
  Result<FolderTransaction> txn = FolderTransaction::Begin(layout_.root(), options_.fault);
  if (!txn.ok()) return every(txn.status());
  std::vector<Result<InstallResult>> results;
  std::vector<AppId> staged_apps;
  for (std::size_t i = 0; i < packages.size(); ++i) {
    const std::size_t steps = txn->StepCount();
    Result<InstallResult> result = StageOne(*txn, packages[i], i, staged_apps);
    if (result.ok()) {
      staged_apps.push_back(result->facts.app);
    } else if (Status dropped = txn->DropSteps(steps); !dropped.ok()) {
      return every(dropped);
    }
    results.push_back(std::move(result));
  }
  if (staged_apps.empty()) return results;
  Status committed = txn->Commit();
  if (!committed.ok()) {
    for (Result<InstallResult>& result : results) {
      if (result.ok()) result = committed;
    }
  }
  return results;
}

}  // namespace appvault::client
