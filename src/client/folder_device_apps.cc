// FolderDevice: the installed apps, read from their packages (folder_device.h).
#include <algorithm>
#include <vector>

#include "client/device_json.h"
#include "client/device_lock.h"
#include "client/file_util.h"
#include "client/folder_device.h"
#include "pkg/inspect.h"

namespace appvault::client {
namespace {

constexpr std::uint64_t kMaxInstallJsonBytes = 64 << 10;

struct PackageFile {
  std::string path;
  std::string problem;
};

PackageFile FindPackage(const std::string& app_dir) {
  const std::string apk = app_dir + "/" + DeviceLayout::PackageName(Platform::kAndroid);
  const std::string ipa = app_dir + "/" + DeviceLayout::PackageName(Platform::kIos);
  bool has_apk = KindOf(apk) == PathKind::kFile;
  bool has_ipa = KindOf(ipa) == PathKind::kFile;
  if (has_apk && has_ipa) return {"", "both package.apk and package.ipa are present"};
  if (!has_apk && !has_ipa) return {"", "the installed package is missing"};
  return {has_apk ? apk : ipa, ""};
}

// What differs between the record and the facts, e.g. `version_code "5" vs "6"`.
std::vector<std::string> Disagreements(const InstallRecord& record,
                                       const pkg::PackageFacts& facts) {
  InstallRecord expected = RecordOf(facts, {});
  std::vector<std::string> out;
  auto compare = [&](const char* field, const std::string& recorded, const std::string& actual) {
    if (recorded != actual) {
      out.push_back(std::string(field) + " \"" + recorded + "\" vs \"" + actual + "\"");
    }
  };
  compare("app", record.app, expected.app);
  compare("version_code", record.version_code, expected.version_code);
  compare("version_name", record.version_name, expected.version_name);
  compare("signer_sha256", record.signer_sha256, expected.signer_sha256);
  compare("package_sha256", record.package_sha256, expected.package_sha256);
  return out;
}

std::string Join(const std::vector<std::string>& parts, const std::string& separator) {
  std::string out;
  for (const std::string& part : parts)
    out += (out.empty() ? "" : separator) + part;
  return out;
}

// The problems of an app whose package was read: it must be what its folder says.
std::vector<std::string> PackageProblems(const AppId& app, const std::string& path,
                                         const pkg::PackageFacts& facts,
                                         const DeviceProfile& device) {
  std::vector<std::string> out;
  if (facts.app != app) out.push_back("the installed package is " + facts.app.str());
  if (facts.platform != device.platform) {
    out.push_back("the installed package is for " + std::string(PlatformName(facts.platform)));
  }
  if (!path.ends_with(DeviceLayout::PackageName(facts.platform))) {
    out.push_back("the package file's name does not match its platform");
  }
  return out;
}

Result<InstallRecord> ReadRecord(const std::string& app_dir) {
  Result<std::string> text =
      ReadSmallFile(app_dir + "/" + DeviceLayout::kInstallJson, kMaxInstallJsonBytes);
  if (!text.ok()) return text.status();
  return ParseInstallRecord(*text);
}

// The installed package's facts; what is wrong with it goes to problems.
Result<pkg::PackageFacts> ReadPackage(const PackageFile& package,
                                      std::vector<std::string>& problems) {
  if (package.path.empty()) {
    problems.push_back(package.problem);
    return Status(StatusCode::kNotFound, package.problem);
  }
  Result<pkg::PackageFacts> facts = pkg::InspectPackage(package.path);
  if (!facts.ok()) {
    problems.push_back("the installed package no longer verifies (" + facts.status().ToString() +
                       ")");
  }
  return facts;
}

// The split_<name>.apk files of an app folder, by name.
Result<std::vector<std::string>> SplitFiles(const std::string& app_dir) {
  Result<std::vector<std::string>> names = ListDirectory(app_dir);
  if (!names.ok()) return names.status();
  std::vector<std::string> splits;
  for (const std::string& name : *names) {
    if (name.starts_with("split_") && name.ends_with(".apk")) splits.push_back(name);
  }
  std::sort(splits.begin(), splits.end());
  return splits;
}

// Reads an app set's split APKs into installed.splits; each must be a split of the base's
// app, version and signer, under its own name, and together they must be the splits
// install.json records.
void ReadSplits(const std::string& app_dir, InstalledApp& installed,
                std::vector<std::string>& problems) {
  Result<std::vector<std::string>> files = SplitFiles(app_dir);
  if (!files.ok()) {
    problems.push_back("the split APKs cannot be listed (" + files.status().message() + ")");
    return;
  }
  std::vector<SplitRecord> found;
  for (const std::string& file : *files) {
    Result<pkg::PackageFacts> facts = pkg::InspectPackage(app_dir + "/" + file);
    if (!facts.ok()) {
      problems.push_back(file + " no longer verifies (" + facts.status().ToString() + ")");
      continue;
    }
    if (facts->split.empty() || DeviceLayout::SplitName(facts->split) != file) {
      problems.push_back(file + " is not that split (its manifest names split \"" + facts->split +
                         "\")");
    } else if (installed.package && (facts->app != installed.package->app ||
                                     facts->version != installed.package->version ||
                                     facts->signer_sha256 != installed.package->signer_sha256)) {
      problems.push_back(file + " is not of the installed package's app, version and signer");
    }
    found.push_back({facts->split, facts->sha256.Hex()});
    installed.splits.push_back(std::move(facts).value());
  }
  if (installed.record && found.size() == files->size() && installed.record->splits != found) {
    problems.push_back("install.json records other split APKs than the app folder holds");
  }
}

}  // namespace

std::optional<InstalledApp> FolderDevice::ReadApp(const AppId& app) const {
  const std::string app_dir = layout_.App(app);
  if (KindOf(app_dir) != PathKind::kDirectory) return std::nullopt;
  InstalledApp installed{app, std::nullopt, std::nullopt, ""};
  std::vector<std::string> problems;
  Result<InstallRecord> record = ReadRecord(app_dir);
  if (record.ok()) installed.record = *record;
  if (!record.ok()) problems.push_back("install.json: " + record.status().message());
  PackageFile package = FindPackage(app_dir);
  Result<pkg::PackageFacts> facts = ReadPackage(package, problems);
  if (facts.ok()) {
    installed.package = *facts;
    for (std::string& problem : PackageProblems(app, package.path, *facts, profile_))
      problems.push_back(std::move(problem));
  }
  ReadSplits(app_dir, installed, problems);
  if (facts.ok() && record.ok()) {
    std::vector<std::string> differ = Disagreements(*record, *facts);
    if (!differ.empty()) {
      problems.push_back("install.json disagrees with the installed package: " +
                         Join(differ, ", "));
    }
  }
  installed.problem = Join(problems, "; ");
  return installed;
}

Result<std::vector<InstalledApp>> FolderDevice::InstalledApps() const {
  Result<DeviceLock> lock = DeviceLock::Acquire(layout_.Lock(), DeviceLock::Mode::kShared);
  if (!lock.ok()) return lock.status();
  std::vector<InstalledApp> apps;
  if (KindOf(layout_.Apps()) == PathKind::kMissing) return apps;
  Result<std::vector<std::string>> names = ListDirectory(layout_.Apps());
  if (!names.ok()) return names.status();
  for (const std::string& name : *names) {
    Result<AppId> app = AppId::Parse(name);
    if (!app.ok()) continue;  // not an app folder: the client never makes one
    std::optional<InstalledApp> installed = ReadApp(*app);
    if (installed) apps.push_back(std::move(*installed));
  }
  return apps;
}

}  // namespace appvault::client
