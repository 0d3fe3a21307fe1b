// Device: the device the client installs onto — its profile, its installed apps, and the
// install and configuration operations of CONTRACT §3. The first backend is a device kept
// in a folder (folder_device.h); backends for real phones implement the same interface.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "core/app_id.h"
#include "core/device.h"
#include "core/sha256.h"
#include "core/status.h"
#include "pkg/inspect.h"

namespace appvault::client {

// One split APK of an installed app set (CONTRACT §7): its split name and file digest.
struct SplitRecord {
  std::string name;    // the manifest's split name ("config.arm64_v8a")
  std::string sha256;  // 64 hex digits
  bool operator==(const SplitRecord&) const = default;
};

// What the device recorded when it installed an app (DIR/apps/<app>/install.json).
struct InstallRecord {
  std::string app;
  std::string version_code;  // as text: Android versionCode, iOS CFBundleVersion
  std::string version_name;
  std::string signer_sha256;  // 64 hex digits; "" for a package without a verified signer
  std::string package_sha256;
  std::string installed_at;              // RFC 3339, UTC ("2024-05-01T12:00:00Z")
  std::vector<SplitRecord> splits = {};  // an app set's splits, by name; empty for one APK
};

// One installed app as the device sees it. The facts come from the installed package
// itself; the record is what the install wrote. `problem` says why the two cannot be trusted
// (package missing, no longer verifies, disagrees with the record); "" when all is well.
struct InstalledApp {
  AppId app = *AppId::Parse("unset");
  std::optional<pkg::PackageFacts> package;  // nullopt when the package cannot be read
  std::optional<InstallRecord> record;       // nullopt when install.json cannot be read
  std::string problem;
  std::vector<pkg::PackageFacts> splits = {};  // an app set's installed split APKs, by name

  bool healthy() const { return problem.empty(); }
};

// How an install went.
enum class InstallKind {
  kInstalled,  // the app was not installed before
  kUpdated,    // a lower version was replaced; the app's data was kept
  kRepaired,   // the same version replaced a damaged install; the app's data was kept
};

// Where the app's configuration came from after an install.
enum class ConfigSource {
  kPackage,        // the generated configuration shipped in the package
  kInstalledJson,  // the package has none: config/installed.json was written
  kKept,           // an update: the app's existing data was kept
  kBundle,         // the configuration bundle given with the package (InspectedPackage)
};

struct InstallResult {
  pkg::PackageFacts facts;  // of the package now installed (an app set's base)
  InstallKind kind = InstallKind::kInstalled;
  std::optional<std::string> replaced_version;  // the version code replaced, if any
  ConfigSource config = ConfigSource::kPackage;
  // Why the configuration bundle given with the package was not used (the app was installed
  // without it, config as if none was given); "" when it was used or none was given.
  std::string config_refused;
  std::vector<std::string> splits = {};  // an app set's split names now installed, sorted
};

// A configuration bundle written by PackConfig.
struct ConfigBundleInfo {
  Sha256 sha256;  // of the bundle file: the same files give the same digest
  std::uint64_t size = 0;
  std::uint64_t files = 0;  // regular files in the bundle (folders not counted)
};

// A split APK of an app set, read and kept as InspectedPackage's own file.
struct InspectedSplitFile {
  std::string path;
  pkg::PackageFacts facts;
};

// A package file the caller has read with pkg::InspectPackage itself and has kept, since,
// where only it writes: in the device's StateDirectory() (a restore's verified download).
struct InspectedPackage {
  std::string path;         // inside StateDirectory()
  pkg::PackageFacts facts;  // pkg::InspectPackage(path), and the file unchanged since
  bool may_move = false;    // the device may take the file (move it) rather than copy it
  // "" or a configuration bundle (docs/client.md: ReplaceConfig) whose files become the
  // app's configuration in the same change as the install: the app never appears with
  // another configuration, and a crash leaves both or neither. A bundle that cannot be used
  // (an unsafe entry, a limit, unreadable) does not stop the install: see config_refused.
  std::string config_bundle;
  // An app set's splits (path is then its base): installed with it, all or nothing.
  std::vector<InspectedSplitFile> splits = {};
};

// "installed" / "updated" / "repaired".
std::string_view InstallKindName(InstallKind kind);
// "package" / "installed.json" / "kept".
std::string_view ConfigSourceName(ConfigSource source);

// A device. Errors are Status values; no method throws.
// Thread-safety: an instance is used from one thread at a time. Several processes may use
// one device: implementations serialise the operations that change it.
class Device {
 public:
  virtual ~Device() = default;

  // The device's name, as given at creation.
  virtual const std::string& Name() const = 0;
  // What a package must fit: platform, OS version, ABIs (valid: DeviceProfile::Validate).
  virtual const DeviceProfile& Profile() const = 0;
  // A folder for the client's own state (session, device id, partial downloads); it exists.
  virtual std::string StateDirectory() const = 0;

  // Every installed app, sorted by app id, each checked against its installed package
  // (a damaged app is listed with its problem, never left out). Errors: kUnavailable (I/O).
  virtual Result<std::vector<InstalledApp>> InstalledApps() const = 0;

  // Installs the package file at path under the rules of CONTRACT §3 (docs/client.md).
  // Refusals, with the device left exactly as it was: the package's own refusal
  // (kInvalidPackage, kBadSignature, kUnsigned; also for unsafe generated configuration),
  // kNotFound (no such file), kConflict (does not fit the device — the reason names the
  // device's OS —, a downgrade, the same version already installed),
  // kSignerMismatch (another certificate than the installed app's). Other errors:
  // kUnavailable (I/O), also leaving the device as it was.
  virtual Result<InstallResult> Install(const std::string& package_path) = 0;

  // Installs an app set (CONTRACT §7): the APK files at paths — a base and its splits in any
  // order, recognised by their manifests — checked as a set (pkg::ValidateApkSet: one base,
  // no split twice, one package, version and signer throughout, every configForSplit and
  // required split type present), then by Install's rules applied to the base, the set's
  // native code being that of all its members. The set replaces whatever of the app was
  // installed (an update must bring a complete set), all of it or nothing. Refusals and
  // errors: Install's, and the set's own (kInvalidPackage, kSignerMismatch), the device left
  // as it was. This default refuses: kInvalidArgument, the device takes no app sets.
  virtual Result<InstallResult> InstallSet(const std::vector<std::string>& paths) {
    (void)paths;
    return Status(StatusCode::kInvalidArgument, "this device cannot install app sets");
  }

  // Install without reading the package again: the rules of CONTRACT §3 (fits the device,
  // same signer, no downgrade) are checked on package.facts, with Install's refusals and
  // errors; the generated configuration is still extracted and checked. The file is moved
  // into the install when package.may_move (it may be gone afterwards, installed or not),
  // else copied.
  // A path outside StateDirectory() gets no trust: it is installed as by Install(path).
  // This default ignores the facts and calls Install(package.path); a configuration bundle
  // given is not used, and config_refused says so.
  virtual Result<InstallResult> InstallInspected(const InspectedPackage& package) {
    Result<InstallResult> result = Install(package.path);
    if (result.ok() && !package.config_bundle.empty()) {
      result->config_refused = "this device takes no configuration bundle with an install";
    }
    return result;
  }

  // InstallInspected of each package, in order, with one result each (in the same order):
  // what each would do on its own — one package refused leaves the others to be installed —
  // but an implementation may make several take effect together, sharing the cost of
  // making the change durable (a crash then leaves all of them installed or none). Each
  // refused package leaves the device as it was; an error of the shared commit is the
  // result of every package in it. This default calls InstallInspected for each.
  virtual std::vector<Result<InstallResult>> InstallInspectedAll(
      const std::vector<InspectedPackage>& packages) {
    std::vector<Result<InstallResult>> results;
    for (const InspectedPackage& package : packages)
      results.push_back(InstallInspected(package));
    return results;
  }

  // Replaces the installed app's configuration folder with the files of a configuration
  // bundle (docs/client.md: a tar, optionally gzip-compressed), all at once. Errors:
  // kNotFound (app not installed, no bundle file), kInvalidArgument (an unsafe, unsupported
  // or oversized entry, named; or not a tar archive), kUnavailable (I/O). On any error the
  // configuration is left as it was.
  virtual Status ReplaceConfig(const AppId& app, const std::string& bundle_path) = 0;

  // Writes the installed app's configuration folder to out_path as a configuration bundle,
  // deterministically: the same files give the same bytes. An app without a configuration
  // folder gives an empty bundle. Errors: kNotFound (app not installed), kInvalidArgument
  // (the folder holds something other than files and folders, or exceeds the limits that
  // ReplaceConfig enforces), kUnavailable (I/O). out_path is replaced atomically.
  virtual Result<ConfigBundleInfo> PackConfig(const AppId& app,
                                              const std::string& out_path) const = 0;
};

}  // namespace appvault::client
