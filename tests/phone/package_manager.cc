#include "phone/package_manager.h"

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <random>
#include <set>

#include "phone/apk_facts.h"

namespace appvault::phone {
namespace {

namespace fs = std::filesystem;

Status Refuse(const std::string& code, const std::string& message) {
  // PackageManager.installStatusToString(status, msg): "CODE: msg".
  return Status(StatusCode::kInvalidPackage, code + ": " + message);
}

std::string RandomToken() {
  static const char kChars[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
  std::random_device rd;
  std::string out;
  for (int i = 0; i < 22; ++i)
    out.push_back(kChars[rd() % 64]);
  return out;
}

}  // namespace

PackageManager::PackageManager(std::string state_dir, PhoneState* state, PhoneFs* fs)
    : state_dir_(std::move(state_dir)), state_(state), fs_(fs) {
  std::random_device rd;
  next_session_ = 100000000 + static_cast<int>(rd() % 900000000);  // ids are random on Android
  fs::remove_all(state_dir_ + "/sessions");  // sessions do not survive a restart here
}

int PackageManager::CreateSession(SessionFlags flags) {
  int id = next_session_++;
  Session s;
  s.flags = flags;
  // PackageInstallerService.buildSessionDir: /data/app/vmdl<ID>.tmp
  s.dir = state_dir_ + "/sessions/vmdl" + std::to_string(id) + ".tmp";
  fs::create_directories(s.dir);
  sessions_[id] = s;
  return id;
}

Status PackageManager::WriteSession(int id, const std::string& name, const std::string& bytes) {
  auto it = sessions_.find(id);
  if (it == sessions_.end()) {
    return Status(StatusCode::kNotFound, "Caller has no access to session " + std::to_string(id));
  }
  // PackageInstallerSession.openWriteInternal: FileUtils.isValidExtFilename(name).
  if (name.empty() || name == "." || name == ".." || name.find('/') != std::string::npos ||
      name.find('\0') != std::string::npos) {
    return Status(StatusCode::kInvalidArgument, "Invalid name: " + name);
  }
  std::ofstream out(it->second.dir + "/" + name, std::ios::binary | std::ios::trunc);
  out.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
  if (!out.flush()) return Status(StatusCode::kUnavailable, "cannot stage " + name);
  if (std::find(it->second.names.begin(), it->second.names.end(), name) == it->second.names.end()) {
    it->second.names.push_back(name);
  }
  return Status::Ok();
}

Status PackageManager::AbandonSession(int id) {
  auto it = sessions_.find(id);
  if (it == sessions_.end()) {
    return Status(StatusCode::kNotFound, "Caller has no access to session " + std::to_string(id));
  }
  fs::remove_all(it->second.dir);
  sessions_.erase(it);
  return Status::Ok();
}

Status PackageManager::CommitSession(int id) {
  auto it = sessions_.find(id);
  if (it == sessions_.end()) {
    return Status(StatusCode::kNotFound, "Caller has no access to session " + std::to_string(id));
  }
  Session session = it->second;
  sessions_.erase(it);
  Status result = Install(id, session);
  fs::remove_all(session.dir);
  return result;
}

std::uint64_t PackageManager::DataBytes() const {
  std::uint64_t total = 0;
  std::error_code ec;
  for (auto it = fs::recursive_directory_iterator(fs_->HostPath("/data"), ec);
       it != fs::recursive_directory_iterator(); it.increment(ec)) {
    if (it->is_regular_file(ec)) total += it->file_size(ec);
  }
  return total;
}

Status PackageManager::Install(int id, const Session& session) {
  const std::string vmdl = "/data/app/vmdl" + std::to_string(id) + ".tmp/";
  std::vector<std::pair<std::string, ApkFacts>> members;  // staged name, facts
  for (const std::string& name : session.names) {
    auto facts = ReadApkFacts(session.dir + "/" + name, vmdl + name);
    if (!facts.ok()) return facts.status();
    members.emplace_back(name, *facts);
  }
  // PackageInstallerSession.validateApkInstallLocked: one base, consistent splits.
  const ApkFacts* base = nullptr;
  std::set<std::string> split_names;
  for (const auto& [name, f] : members) {
    if (f.split.empty()) {
      if (base)
        return Refuse("INSTALL_FAILED_INVALID_APK", "Split null was defined multiple times");
      base = &f;
    } else if (!split_names.insert(f.split).second) {
      return Refuse("INSTALL_FAILED_INVALID_APK",
                    "Split " + f.split + " was defined multiple times");
    }
  }
  if (!base)
    return Refuse("INSTALL_FAILED_INVALID_APK", "Full install must include a base package");
  for (const auto& [name, f] : members) {
    if (f.package != base->package) {
      // validateApkInstallLocked names the staged file (addedFile) by its full path.
      return Refuse("INSTALL_FAILED_INVALID_APK", "Inconsistent package " + f.package + " in " +
                                                      vmdl + name + "; expected " + base->package);
    }
    if (f.version_code != base->version_code) {
      return Refuse("INSTALL_FAILED_INVALID_APK",
                    "Inconsistent version " + std::to_string(f.version_code) + " in " + vmdl +
                        name + "; expected " + std::to_string(base->version_code));
    }
    // ApkSignatureVerifier / validateApkInstallLocked: every split signed as the base.
    if (f.signer_sha256 != base->signer_sha256) {
      return Refuse("INSTALL_FAILED_INVALID_APK",
                    "Split " + f.split + " signatures do not match the base package");
    }
    if (!f.config_for_split.empty() && !split_names.count(f.config_for_split)) {
      // validateApkInstallLocked: a configuration split of a feature split not in the set.
      return Refuse("INSTALL_FAILED_MISSING_SPLIT", "Missing split for " + base->package);
    }
  }
  if (base->split_required && split_names.empty()) {
    return Refuse("INSTALL_FAILED_MISSING_SPLIT", "Missing split for " + base->package);
  }
  const Profile& profile = state_->profile;
  if (base->min_sdk > profile.sdk) {
    // ParsingPackageUtils.computeMinSdkVersion, wrapped by InstallPackageHelper.
    return Refuse("INSTALL_FAILED_OLDER_SDK",
                  "Failed parse during installPackageLI: " + vmdl +
                      "base.apk: Requires newer sdk version #" + std::to_string(base->min_sdk) +
                      " (current version is #" + std::to_string(profile.sdk) + ")");
  }
  // InstallPackageHelper.preparePackageLI (Android 14): MIN_INSTALLABLE_TARGET_SDK is 23.
  constexpr std::int64_t kMinInstallableTargetSdk = 23;
  if (profile.sdk >= 34 && base->target_sdk < kMinInstallableTargetSdk &&
      !session.flags.bypass_low_target) {
    return Refuse("INSTALL_FAILED_DEPRECATED_SDK_VERSION",
                  "App package must target at least SDK version " +
                      std::to_string(kMinInstallableTargetSdk) + ", but found " +
                      std::to_string(base->target_sdk));
  }
  std::set<std::string> abis;
  for (const auto& [name, f] : members)
    abis.insert(f.abis.begin(), f.abis.end());
  bool abi_fits = abis.empty();
  for (const std::string& abi : profile.abis)
    abi_fits = abi_fits || abis.count(abi);
  if (!abi_fits) {
    // PackageInstallerSession.extractNativeLibraries / NativeLibraryHelper:
    // NO_MATCHING_ABIS is -113.
    return Refuse("INSTALL_FAILED_NO_MATCHING_ABIS",
                  "Failed to extract native libraries, res=-113");
  }
  auto existing = state_->packages.find(base->package);
  if (existing != state_->packages.end()) {
    const InstalledPackage& old = existing->second;
    if (old.signer_sha256 != base->signer_sha256) {
      // InstallPackageHelper.preparePackageLI.
      return Refuse("INSTALL_FAILED_UPDATE_INCOMPATIBLE",
                    "Package " + base->package +
                        " signatures do not match previously installed version; ignoring!");
    }
    bool downgrade_permitted = session.flags.allow_downgrade && base->debuggable;
    if (base->version_code < old.version_code && !downgrade_permitted) {
      // PackageManagerServiceUtils.checkDowngrade, prefixed in VerifyingSession /
      // InstallPackageHelper with "Downgrade detected: ".
      return Refuse("INSTALL_FAILED_VERSION_DOWNGRADE", "Downgrade detected: Update version code " +
                                                            std::to_string(base->version_code) +
                                                            " is older than current " +
                                                            std::to_string(old.version_code));
    }
  }
  std::uint64_t needed = 0;
  for (const auto& [name, f] : members)
    needed += f.size;
  if (profile.storage_bytes > 0 && DataBytes() + needed > profile.storage_bytes) {
    // PackageManagerService.freeStorage: "Failed to free " + bytes + " on storage device at " +
    // volume.
    return Refuse("INSTALL_FAILED_INSUFFICIENT_STORAGE",
                  "Failed to free " + std::to_string(needed) + " on storage device at /data");
  }

  // Install: a new code folder (InstallPackageHelper: /data/app/~~R==/PKG-R==), then the
  // old one goes; data folders are made on first install and kept on update.
  InstalledPackage pkg;
  pkg.name = base->package;
  pkg.version_code = base->version_code;
  pkg.version_name = base->version_name;
  pkg.debuggable = base->debuggable;
  pkg.signer_sha256 = base->signer_sha256;
  pkg.min_sdk = base->min_sdk;
  pkg.splits.assign(split_names.begin(), split_names.end());
  pkg.code_dir = "/data/app/~~" + RandomToken() + "==/" + pkg.name + "-" + RandomToken() + "==";
  std::error_code ec;
  fs::create_directories(fs_->HostPath(pkg.code_dir), ec);
  for (const auto& [name, f] : members) {
    fs::copy_file(session.dir + "/" + name,
                  fs_->HostPath(pkg.code_dir) + "/" + MemberFileName(f.split),
                  fs::copy_options::overwrite_existing, ec);
    if (ec) return Status(StatusCode::kUnavailable, "cannot install " + name + ": " + ec.message());
  }
  bool fresh = existing == state_->packages.end();
  if (fresh) {
    pkg.uid = state_->next_uid++;
  } else {
    pkg.uid = existing->second.uid;
    std::string old_dir = existing->second.code_dir;
    fs::remove_all(fs_->HostPath(old_dir.substr(0, old_dir.rfind('/'))), ec);
  }
  state_->packages[pkg.name] = pkg;
  if (fresh) {
    fs_->SetAppUid(pkg.name, pkg.uid);
    for (std::string base_dir : {"/data/user/0/", "/data/user_de/0/"}) {
      for (const char* sub : {"", "/cache", "/code_cache"}) {
        fs::create_directories(fs_->HostPath(base_dir + pkg.name + sub), ec);
      }
    }
  }
  if (Status s = fs_->Save(); !s.ok()) return s;
  return SavePhoneState(state_dir_, *state_);
}

Status PackageManager::Uninstall(const std::string& package) {
  auto it = state_->packages.find(package);
  if (it == state_->packages.end()) return Status(StatusCode::kNotFound, package);
  std::error_code ec;
  const std::string& code_dir = it->second.code_dir;
  fs::remove_all(fs_->HostPath(code_dir.substr(0, code_dir.rfind('/'))), ec);
  for (std::string base_dir : {"/data/user/0/", "/data/user_de/0/"}) {
    fs::remove_all(fs_->HostPath(base_dir + package), ec);
    fs_->ForgetTree(base_dir + package);
  }
  fs_->SetAppUid(package, -1);
  state_->packages.erase(it);
  if (Status s = fs_->Save(); !s.ok()) return s;
  return SavePhoneState(state_dir_, *state_);
}

}  // namespace appvault::phone
