#include "client/cli/device_commands.h"

#include <stdlib.h>

#include <filesystem>
#include <iostream>
#include <memory>
#include <vector>

#include "client/cli/device_access.h"
#include "client/cli/output.h"
#include "client/cli/views.h"
#include "client/folder_device.h"
#include "pkg/apk_set_archive.h"

namespace appvault::client::cli {
namespace {

struct InitOptions {
  std::string platform;
  std::string os_version;
  std::vector<std::string> abis;
  int density = DeviceProfile::kDefaultDensity;
  std::vector<std::string> locales = {std::string(DeviceProfile::kDefaultLocale)};
  std::string name;
};

// Installs one package, an app set given as its APKs, or an `.apks` (unpacked first into a
// folder of the device's state, removed afterwards).
Result<InstallResult> InstallFiles(Device& device, const std::vector<std::string>& files) {
  if (files.size() > 1) return device.InstallSet(files);
  if (!files.front().ends_with(".apks")) return device.Install(files.front());
  std::string dir = device.StateDirectory() + "/apks-XXXXXX";
  if (::mkdtemp(dir.data()) == nullptr) {
    return Status(StatusCode::kUnavailable, "cannot create a folder in " + device.StateDirectory());
  }
  Result<std::vector<pkg::UnpackedMember>> members =
      pkg::UnpackApksArchive(files.front(), dir, pkg::ApkSetReadOptions{}.max_members);
  Result<InstallResult> installed = members.status();
  if (members.ok()) {
    std::vector<std::string> paths;
    for (const pkg::UnpackedMember& member : *members)
      paths.push_back(member.path);
    installed = device.InstallSet(paths);
  }
  std::error_code ignored;
  std::filesystem::remove_all(dir, ignored);
  return installed;
}

// --name, else the device folder's name, else "device".
std::string DeviceName(const InitOptions& options, const std::string& dir) {
  if (!options.name.empty()) return options.name;
  std::error_code ignored;
  std::string folder = std::filesystem::absolute(dir, ignored).lexically_normal().filename();
  if (folder.empty()) folder = std::filesystem::absolute(dir, ignored).parent_path().filename();
  return folder.empty() ? "device" : folder;
}

Result<DeviceProfile> ProfileOf(const InitOptions& options) {
  Result<Platform> platform = ParsePlatform(options.platform);
  if (!platform.ok()) return platform.status();
  Result<Version> os = Version::Parse(*platform, options.os_version);
  if (!os.ok())
    return Status(StatusCode::kInvalidArgument, "--os-version: " + os.status().message());
  DeviceProfile profile{*platform, *os, options.abis};
  Status valid = profile.Validate();
  if (!valid.ok()) return Status(StatusCode::kInvalidArgument, "--abi: " + valid.message());
  profile.density = options.density;
  profile.locales = options.locales;
  valid = profile.Validate();  // its message names the field: "density: …", "locales: …"
  if (!valid.ok()) return Status(StatusCode::kInvalidArgument, "--" + valid.message());
  return profile;
}

int RunInit(const GlobalOptions& globals, const InitOptions& options) {
  Result<DeviceProfile> profile = ProfileOf(options);
  if (!profile.ok()) return Fail(globals, profile.status(), FailureOrigin::kDevice);
  const std::string name = DeviceName(options, globals.device);
  Result<std::unique_ptr<FolderDevice>> device = FolderDevice::Init(globals.device, name, *profile);
  if (!device.ok()) return Fail(globals, device.status(), FailureOrigin::kDevice);
  if (globals.json) {
    nlohmann::json document = ProfileJson(name, *profile);
    document["folder"] = globals.device;
    PrintJson(document);
  } else {
    std::cout << "created device \"" << name << "\" (" << profile->Describe() << ") in "
              << globals.device << "\n";
  }
  return kExitOk;
}

std::string JoinLocales(const std::vector<std::string>& locales) {
  std::string out;
  for (const std::string& locale : locales)
    out += (out.empty() ? "" : ", ") + locale;
  return out;
}

void PrintProfileText(const Device& device, const std::string& folder) {
  const DeviceProfile& profile = device.Profile();
  std::string abis;
  for (const std::string& abi : profile.abis)
    abis += (abis.empty() ? "" : ", ") + abi;
  std::cout << "name        " << device.Name() << "\n"
            << "platform    " << PlatformName(profile.platform) << "\n"
            << "os_version  " << profile.os_version.text() << "\n"
            << "abis        " << abis << "\n"
            << "density     " << profile.density << " dpi\n"
            << "locales     " << JoinLocales(profile.locales) << "\n"
            << "folder      " << folder << "\n";
}

int RunInfo(const GlobalOptions& globals) {
  Result<std::unique_ptr<Device>> device = OpenDevice(globals);
  if (!device.ok()) return Fail(globals, device.status(), FailureOrigin::kDevice);
  if (globals.json) {
    nlohmann::json document = ProfileJson((*device)->Name(), (*device)->Profile());
    document["folder"] = globals.device;
    PrintJson(document);
  } else {
    PrintProfileText(**device, globals.device);
  }
  return kExitOk;
}

// The package's own refusals carry their code: "refused (bad_signature): …".
std::string RefusalText(const Status& status) {
  switch (status.code()) {
    case StatusCode::kInvalidPackage:
    case StatusCode::kBadSignature:
    case StatusCode::kUnsigned:
    case StatusCode::kMalwareDetected:
      return "refused (" + std::string(CodeName(status.code())) + "): " + status.message();
    default:
      return status.message();
  }
}

int RunSideload(const GlobalOptions& globals, const std::vector<std::string>& files) {
  Result<std::unique_ptr<Device>> device = OpenDevice(globals);
  if (!device.ok()) return Fail(globals, device.status(), FailureOrigin::kDevice);
  const std::string file =
      files.size() == 1 ? files.front()
                        : files.front() + " and " + std::to_string(files.size() - 1) + " more";
  Result<InstallResult> installed = InstallFiles(**device, files);
  if (!installed.ok()) {
    const Status& status = installed.status();
    PrintError("cannot install " + file + ": " + RefusalText(status));
    if (globals.json) {
      PrintJson({{"outcome", "failed"},
                 {"file", file},
                 {"code", CodeName(status.code())},
                 {"reason", status.message()}});
    }
    return kExitNotDone;  // the one item asked for was not done, whatever the reason
  }
  if (globals.json) {
    PrintJson(InstallResultJson(*installed));
  } else {
    std::cout << DescribeInstall(*installed) << "\n";
  }
  return kExitOk;
}

void AddInit(CLI::App& device, const GlobalOptions& globals, CommandRegistry& registry) {
  auto options = std::make_shared<InitOptions>();
  CLI::App* init = device.add_subcommand("init", "Create a device in the device folder");
  init->add_option("--platform", options->platform, "android or ios")
      ->required()
      ->check(CLI::IsMember({"android", "ios"}));
  init->add_option("--os-version", options->os_version,
                   "Android API level (\"30\") or iOS version (\"16.4\")")
      ->required();
  init->add_option("--abi", options->abis, "Native ABIs, most preferred first (A[,A…])")
      ->required()
      ->delimiter(',');
  init->add_option("--density", options->density,
                   "Screen density in dpi, for an app set's density split (default 420)");
  init->add_option("--locales", options->locales,
                   "Locales, most preferred first, for an app set's language splits "
                   "(L[,L…], default en-US)")
      ->delimiter(',');
  init->add_option("--name", options->name, "The device's name (default: the folder's name)");
  registry.Add(init, [&globals, options] { return RunInit(globals, *options); });
}

}  // namespace

void AddDeviceCommands(CLI::App& app, const GlobalOptions& globals, CommandRegistry& registry) {
  CLI::App* device =
      app.add_subcommand("device", "The device: create it, show it, install onto it");
  device->require_subcommand(1);
  AddInit(*device, globals, registry);
  CLI::App* info = device->add_subcommand("info", "Print the device's profile");
  registry.Add(info, [&globals] { return RunInfo(globals); });
  auto files = std::make_shared<std::vector<std::string>>();
  CLI::App* sideload = device->add_subcommand(
      "sideload", "Install a package file (APK or IPA), or an app set, onto the device");
  sideload->add_option("FILE", *files, "The package file; or an app set: its APKs, or one .apks")
      ->required();
  registry.Add(sideload, [&globals, files] { return RunSideload(globals, *files); });
}

}  // namespace appvault::client::cli
