// `pm` and `cmd package` as Android 14's PackageManagerShellCommand.java
// (frameworks/base/services/core/java/com/android/server/pm/) answers them.
#include <algorithm>
#include <fstream>

#include "phone/phone.h"

namespace appvault::phone {
namespace {

using Args = std::vector<std::string>;

// BasicShellCommandHandler.exec: an exception becomes this text on stderr, status 255.
int Exception(Proc& proc, const std::string& command, const std::string& exception) {
  proc.Err("Exception occurred while executing '" + command + "':\n" + exception + "\n");
  return 255;
}

bool ParseId(const std::string& text, int* id) {
  if (text.empty() || text.size() > 9 || !std::all_of(text.begin(), text.end(), ::isdigit))
    return false;
  *id = std::stoi(text);
  return true;
}

bool ParseSize(const std::string& text, std::uint64_t* size) {
  if (text.empty() || text.size() > 18 || !std::all_of(text.begin(), text.end(), ::isdigit))
    return false;
  *size = std::stoull(text);
  return true;
}

// Exactly size bytes of stdin; false when it ends first.
bool ReadStdin(Proc& proc, std::uint64_t size, std::string* out) {
  out->clear();
  while (out->size() < size) {
    std::string part = proc.in->Read(std::min<std::uint64_t>(size - out->size(), 1 << 20));
    if (part.empty()) return false;
    *out += part;
  }
  return true;
}

// runListPackages: "package:" [sourceDir "="] name [" versionCode:" N] [" uid:" UID].
int ListPackages(Proc& proc, const Args& a, std::size_t i) {
  bool show_dir = false, show_version = false, show_uid = false, only_system = false;
  std::string filter;
  for (; i < a.size(); ++i) {
    const std::string& o = a[i];
    if (o == "-f")
      show_dir = true;
    else if (o == "--show-versioncode")
      show_version = true;
    else if (o == "-U")
      show_uid = true;
    else if (o == "-s")
      only_system = true;
    else if (o == "--user")
      ++i;
    else if (o == "-3" || o == "-e" || o == "-d" || o == "-i" || o == "-u" || o == "-a")
      continue;
    else if (!o.empty() && o[0] == '-') {
      proc.Err("Error: Unknown option: " + o + "\n");
      return 255;
    } else
      filter = o;
  }
  if (only_system) return 0;  // the emulated phone has no system packages
  for (const auto& [name, p] : proc.phone->state().packages) {
    if (!filter.empty() && name.find(filter) == std::string::npos) continue;
    std::string line = "package:";
    if (show_dir) line += p.code_dir + "/base.apk=";
    line += name;
    if (show_version) line += " versionCode:" + std::to_string(p.version_code);
    if (show_uid) line += " uid:" + std::to_string(p.uid);
    proc.Out(line + "\n");
  }
  return 0;
}

// runPath: one "package:PATH" line per member, base first; status 1 for an unknown package.
int Path(Proc& proc, const Args& a, std::size_t i) {
  if (i < a.size() && a[i] == "--user") i += 2;
  if (i >= a.size()) {
    proc.Err("Error: no package specified\n");
    return 1;
  }
  const auto& packages = proc.phone->state().packages;
  auto it = packages.find(a[i]);
  if (it == packages.end()) return 1;
  proc.Out("package:" + it->second.code_dir + "/base.apk\n");
  for (const std::string& split : it->second.splits) {
    proc.Out("package:" + it->second.code_dir + "/" + MemberFileName(split) + "\n");
  }
  return 0;
}

// makeInstallParams: the options of install and install-create. Returns false (with the
// error printed) on an option it does not know.
bool InstallOptions(Proc& proc, const Args& a, std::size_t* i, PackageManager::SessionFlags* flags,
                    std::uint64_t* size, bool* has_size) {
  for (; *i < a.size() && !a[*i].empty() && a[*i][0] == '-' && a[*i] != "-"; ++*i) {
    const std::string& o = a[*i];
    if (o == "-d") {
      flags->allow_downgrade = true;
    } else if (o == "--bypass-low-target-sdk-block") {
      flags->bypass_low_target = true;
    } else if (o == "-S") {
      if (++*i >= a.size() || !ParseSize(a[*i], size)) {
        proc.Err("Error: -S requires a size\n");
        return false;
      }
      *has_size = true;
    } else if (o == "-i" || o == "--user" || o == "--install-location" ||
               o == "--originating-uri" || o == "--referrer" || o == "--abi" ||
               o == "--install-reason") {
      ++*i;
    } else if (o == "-p") {
      proc.Err("Error: inheriting an installed package (-p) is not emulated\n");
      return false;
    } else if (o != "-r" && o != "-t" && o != "-g" && o != "-f" && o != "--dont-kill" &&
               o != "--full" && o != "--restrict-permissions" && o != "--staged" &&
               o != "--no-streaming" && o != "--streaming" && o != "-l") {
      proc.Err("Error: Unknown option " + o + "\n");  // makeInstallParams
      return false;
    }
  }
  return true;
}

// doCommitSession: "Success", or "Failure [" + EXTRA_STATUS_MESSAGE + "]" with status 1.
int Commit(Proc& proc, int id) {
  Status s = proc.phone->pm().CommitSession(id);
  if (s.code() == StatusCode::kNotFound) {
    return Exception(proc, "install-commit", "java.lang.SecurityException: " + s.message());
  }
  if (!s.ok()) {
    proc.Out("Failure [" + s.message() + "]\n");
    return 1;
  }
  proc.Out("Success\n");
  return 0;
}

// runInstall: a whole install in one call — the APK from stdin (-S SIZE) or from paths.
int Install(Proc& proc, const Args& a, std::size_t i) {
  PackageManager::SessionFlags flags;
  bool has_size = false;
  std::uint64_t size = 0;
  if (!InstallOptions(proc, a, &i, &flags, &size, &has_size)) return 1;
  PackageManager& pm = proc.phone->pm();
  int id = pm.CreateSession(flags);
  if (i >= a.size() || a[i] == "-") {
    std::string bytes;
    if (!has_size) {
      pm.AbandonSession(id).ok();
      proc.Err("Error: must either specify a package size or an APK file\n");
      return 1;
    }
    if (!ReadStdin(proc, size, &bytes)) {
      pm.AbandonSession(id).ok();
      proc.Out("Failure [INSTALL_FAILED_INVALID_APK: the stream ended before " +
               std::to_string(size) + " bytes]\n");
      return 1;
    }
    pm.WriteSession(id, "base.apk", bytes).ok();
  }
  for (; i < a.size(); ++i) {
    auto path = proc.phone->fs().Normalize(a[i], proc.cwd);
    std::ifstream in;
    if (path.ok() && proc.phone->fs().CheckRead(proc.who, *path) == 0) {
      in.open(proc.phone->fs().HostPath(*path), std::ios::binary);
    }
    if (!in) {
      pm.AbandonSession(id).ok();
      // runInstall: "Error: Can't open file: " + inPath
      proc.Err("Error: Can't open file: " + a[i] + "\n");
      return 1;
    }
    std::string name = a[i].substr(a[i].rfind('/') + 1);
    pm.WriteSession(id, name, std::string(std::istreambuf_iterator<char>(in), {})).ok();
  }
  return Commit(proc, id);
}

int InstallWrite(Proc& proc, const Args& a, std::size_t i) {
  std::uint64_t size = 0;
  bool has_size = false;
  if (i + 1 < a.size() && a[i] == "-S") {
    if (!ParseSize(a[i + 1], &size))
      return Exception(proc, "install-write",
                       "java.lang.NumberFormatException: For input string: \"" + a[i + 1] + "\"");
    has_size = true;
    i += 2;
  }
  int id = 0;
  if (i + 1 >= a.size() || !ParseId(a[i], &id)) {
    return Exception(proc, "install-write",
                     "java.lang.IllegalArgumentException: Session and split name are required");
  }
  std::string name = a[i + 1];
  std::string source = i + 2 < a.size() ? a[i + 2] : "-";
  std::string bytes;
  if (source == "-") {
    if (!has_size) {
      proc.Err("Error: must specify a APK size\n");  // doWriteSplit
      return 1;
    }
    if (!ReadStdin(proc, size, &bytes)) {
      return Exception(
          proc, "install-write",
          "java.io.IOException: Stream ended before " + std::to_string(size) + " bytes");
    }
  } else {
    auto path = proc.phone->fs().Normalize(source, proc.cwd);
    std::ifstream in;
    if (path.ok() && proc.phone->fs().CheckRead(proc.who, *path) == 0) {
      in.open(proc.phone->fs().HostPath(*path), std::ios::binary);
    }
    if (!in) {
      proc.Err("Error: Can't open file: " + source + "\n");
      return 1;
    }
    bytes.assign(std::istreambuf_iterator<char>(in), {});
  }
  Status s = proc.phone->pm().WriteSession(id, name, bytes);
  if (s.code() == StatusCode::kNotFound)
    return Exception(proc, "install-write", "java.lang.SecurityException: " + s.message());
  if (!s.ok())
    return Exception(proc, "install-write", "java.lang.IllegalArgumentException: " + s.message());
  // doWriteSplit
  proc.Out("Success: streamed " + std::to_string(bytes.size()) + " bytes\n");
  return 0;
}

int Uninstall(Proc& proc, const Args& a, std::size_t i) {
  for (; i < a.size() && a[i].size() > 1 && a[i][0] == '-'; ++i) {
    if (a[i] == "--user" || a[i] == "--versionCode") ++i;
  }
  if (i >= a.size()) {
    proc.Err("Error: package name not specified\n");  // runUninstall
    return 1;
  }
  Status s = proc.phone->pm().Uninstall(a[i]);
  if (s.code() == StatusCode::kNotFound) {
    proc.Out("Failure [not installed for 0]\n");  // runUninstall
    return 1;
  }
  if (!s.ok()) {
    proc.Out("Failure [DELETE_FAILED_INTERNAL_ERROR]\n");
    return 1;
  }
  proc.Out("Success\n");
  return 0;
}

}  // namespace

int PmCommand(Proc& proc, const Args& args) {
  std::size_t i = 1;
  if (args[0] == "cmd") {
    if (args.size() < 2) {
      proc.Err("cmd: No service specified; use -l to list all running services\n");
      return 20;
    }
    if (args[1] != "package") {
      proc.Err("cmd: Can't find service: " + args[1] + "\n");  // frameworks/native/cmds/cmd/cmd.cpp
      return 20;
    }
    i = 2;
  }
  if (i >= args.size()) {
    proc.Out("Package manager (package) commands:\n  help\n");
    return 0;
  }
  const std::string& sub = args[i++];
  if (sub == "list" && i < args.size() && args[i] == "packages")
    return ListPackages(proc, args, i + 1);
  if (sub == "path") return Path(proc, args, i);
  if (sub == "install") return Install(proc, args, i);
  if (sub == "install-create") {
    PackageManager::SessionFlags flags;
    bool has_size = false;
    std::uint64_t size = 0;
    if (!InstallOptions(proc, args, &i, &flags, &size, &has_size)) return 1;
    int id = proc.phone->pm().CreateSession(flags);
    // runInstallCreate ("NOTE: adb depends on parsing this string").
    proc.Out("Success: created install session [" + std::to_string(id) + "]\n");
    return 0;
  }
  if (sub == "install-write") return InstallWrite(proc, args, i);
  int id = 0;
  if ((sub == "install-commit" || sub == "install-abandon" || sub == "install-destroy")) {
    if (i >= args.size() || !ParseId(args[i], &id)) {
      return Exception(proc, sub,
                       "java.lang.NumberFormatException: For input string: \"" +
                           (i < args.size() ? args[i] : "") + "\"");
    }
    if (sub == "install-commit") return Commit(proc, id);
    Status s = proc.phone->pm().AbandonSession(id);
    if (!s.ok()) return Exception(proc, sub, "java.lang.SecurityException: " + s.message());
    proc.Out("Success\n");  // runInstallAbandon
    return 0;
  }
  if (sub == "uninstall") return Uninstall(proc, args, i);
  // BasicShellCommandHandler.handleDefaultCommands.
  proc.Err("Unknown command: " + sub + "\n");
  return 255;
}

}  // namespace appvault::phone
