// Strict readers of what Android 14 prints for the commands the adb backend sends. Every
// line must have the documented shape (PackageManagerShellCommand.java, toolbox getprop,
// WindowManagerShellCommand.java); anything else is an error naming the command and the
// line, never a guess.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/status.h"

namespace appvault::client::adb {

// One line of `pm list packages [-f] [--show-versioncode] [-U]`:
// "package:" [BASE_APK "="] NAME [" versionCode:" N] [" uid:" UID].
struct ListedPackage {
  std::string package;
  std::optional<std::string> base_apk;  // with -f
  std::optional<std::int64_t> version_code;
  std::optional<int> uid;
};

// Errors (all of them): kUnavailable "`COMMAND` printed a line that does not parse: LINE"
// (or the reason), where COMMAND is the command given for the message.
Result<std::vector<ListedPackage>> ParsePmListPackages(std::string_view out,
                                                       std::string_view command);

// `pm path PKG`: one "package:/abs/path.apk" line per member, base first.
Result<std::vector<std::string>> ParsePmPath(std::string_view out, std::string_view command);

// `getprop`: "[name]: [value]" lines.
Result<std::map<std::string, std::string>> ParseGetpropAll(std::string_view out,
                                                           std::string_view command);
// `getprop NAME`: the value line ("" when unset).
Result<std::string> ParseGetpropValue(std::string_view out, std::string_view command);

// `wm density`: "Physical density: N" then, when set, "Override density: M"; the density in
// effect (the override when there is one).
Result<int> ParseWmDensity(std::string_view out, std::string_view command);

// `ro.product.cpu.abilist`: comma-separated ABI names, none empty.
Result<std::vector<std::string>> ParseAbiList(std::string_view value, std::string_view command);

}  // namespace appvault::client::adb
