#include "client/adb/adb_phone.h"

#include <algorithm>
#include <charconv>

#include "base/strings.h"

namespace appvault::client::adb {
namespace {

std::string Command(const std::vector<std::string>& argv) {
  std::string out;
  for (const std::string& a : argv)
    out.append(out.empty() ? "" : " ").append(a);
  return out;
}

// "`COMMAND`" (appended: g++ 12 -Wrestrict misfires on "`" + s).
std::string Backquoted(const std::string& command) {
  std::string out = "`";
  return out.append(command).append("`");
}

}  // namespace

Result<std::string> AdbPhone::Output(const std::vector<std::string>& argv) const {
  auto run = runner_.Shell(argv);
  if (!run.ok()) return run.status();
  if (run->exit_status != 0) {
    std::string said(base::TrimRight(run->err.empty() ? run->out : run->err, "\n\r "));
    return Status(StatusCode::kUnavailable,
                  Backquoted(Command(argv)) + " on " +
                      (runner_.options().serial.empty() ? "the phone" : runner_.options().serial) +
                      " exited with status " + std::to_string(run->exit_status) +
                      (said.empty() ? "" : ": " + said));
  }
  return std::move(run->out);
}

Result<std::string> AdbPhone::Property(const std::string& name) const {
  auto out = Output({"getprop", name});
  if (!out.ok()) return out.status();
  return ParseGetpropValue(*out, "getprop " + name);
}

Result<PhoneProfile> AdbPhone::ReadProfile() const {
  PhoneProfile p;
  auto sdk = Property("ro.build.version.sdk");
  if (!sdk.ok()) return sdk.status();
  auto [end, ec] = std::from_chars(sdk->data(), sdk->data() + sdk->size(), p.sdk);
  if (ec != std::errc() || end != sdk->data() + sdk->size() || p.sdk <= 0) {
    return Status(StatusCode::kUnavailable,
                  "`getprop ro.build.version.sdk` printed no API level: \"" + *sdk + "\"");
  }
  auto abilist = Property("ro.product.cpu.abilist");
  if (!abilist.ok()) return abilist.status();
  auto abis = ParseAbiList(*abilist, "getprop ro.product.cpu.abilist");
  if (!abis.ok()) return abis.status();
  p.abis = *abis;
  auto density_out = Output({"wm", "density"});
  if (!density_out.ok()) return density_out.status();
  auto density = ParseWmDensity(*density_out, "wm density");
  if (!density.ok()) return density.status();
  p.density = *density;
  for (const char* name : {"persist.sys.locale", "ro.product.locale"}) {
    auto locale = Property(name);
    if (!locale.ok()) return locale.status();
    if (!locale->empty()) {
      p.locales = {*locale};
      break;
    }
  }
  auto model = Property("ro.product.model");
  if (!model.ok()) return model.status();
  p.model = *model;
  return p;
}

Result<std::vector<ListedPackage>> AdbPhone::UserPackages() const {
  std::vector<std::string> argv = {"pm", "list", "packages", "-3", "--show-versioncode",
                                   "-U", "-f"};
  auto out = Output(argv);
  if (!out.ok()) return out.status();
  auto list = ParsePmListPackages(*out, Command(argv));
  if (!list.ok()) return list.status();
  for (const ListedPackage& p : *list) {
    if (!p.version_code || !p.uid || !p.base_apk) {
      return Status(
          StatusCode::kUnavailable,
          Backquoted(Command(argv)) + " left out the version, uid or path of " + p.package);
    }
  }
  std::sort(list->begin(), list->end(),
            [](const ListedPackage& a, const ListedPackage& b) { return a.package < b.package; });
  return list;
}

Result<std::vector<std::string>> AdbPhone::PackagePaths(const std::string& package) const {
  auto run = runner_.Shell({"pm", "path", package});
  if (!run.ok()) return run.status();
  // runPath: status 1 and no output for a package the phone does not have.
  if (run->exit_status == 1 && run->out.empty()) {
    return Status(StatusCode::kNotFound, "the phone has no package " + package);
  }
  if (run->exit_status != 0) {
    return Status(StatusCode::kUnavailable, Backquoted("pm path " + package) +
                                                " exited with status " +
                                                std::to_string(run->exit_status) + ": " +
                                                std::string(base::TrimRight(run->err, "\n\r ")));
  }
  return ParsePmPath(run->out, "pm path " + package);
}

}  // namespace appvault::client::adb
