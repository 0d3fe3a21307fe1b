#include "client/adb/adb_parse.h"

#include <algorithm>
#include <charconv>

namespace appvault::client::adb {
namespace {

Status Bad(std::string_view command, std::string_view what) {
  std::string message = "`";  // built by appending: g++ 12 -Wrestrict misfires on "`" + s
  message.append(command).append("` printed ").append(what);
  return Status(StatusCode::kUnavailable, message);
}

Status BadLine(std::string_view command, std::string_view line) {
  return Bad(command, "a line that does not parse: \"" + std::string(line) + "\"");
}

// The lines of out without their "\n" (a final empty line is dropped; "\r\n" tolerated, as
// adb's shell v1 over a PTY writes it).
std::vector<std::string_view> Lines(std::string_view out) {
  std::vector<std::string_view> lines;
  while (!out.empty()) {
    std::size_t nl = out.find('\n');
    std::string_view line = out.substr(0, nl);
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    lines.push_back(line);
    if (nl == std::string_view::npos) break;
    out.remove_prefix(nl + 1);
  }
  return lines;
}

template <typename T>
bool ParseNumber(std::string_view text, T* out) {
  if (text.empty() || text.size() > 19) return false;
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), *out);
  return ec == std::errc() && end == text.data() + text.size() && *out >= 0;
}

// An Android package name: letters, digits, '_' and '.' (PackageParser.validateName).
bool IsPackageName(std::string_view s) {
  if (s.empty() || s.front() == '.' || s.back() == '.') return false;
  return std::all_of(s.begin(), s.end(), [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' ||
           c == '.';
  });
}

bool IsApkPath(std::string_view s) {
  return s.size() > 5 && s.front() == '/' && s.substr(s.size() - 4) == ".apk" &&
         s.find('\0') == std::string_view::npos;
}

}  // namespace

Result<std::vector<ListedPackage>> ParsePmListPackages(std::string_view out,
                                                       std::string_view command) {
  std::vector<ListedPackage> result;
  for (std::string_view line : Lines(out)) {
    if (line.substr(0, 8) != "package:") return BadLine(command, line);
    std::string_view rest = line.substr(8);
    ListedPackage p;
    // Fields after the name, each " key:value", in the order runListPackages prints them.
    std::size_t space = rest.find(' ');
    std::string_view head = rest.substr(0, space);
    std::string_view tail = space == std::string_view::npos ? "" : rest.substr(space);
    std::size_t eq = head.rfind('=');  // a path may hold '=' ("~~R==/..."), a name never
    if (eq != std::string_view::npos) {
      std::string_view path = head.substr(0, eq);
      if (!IsApkPath(path)) return BadLine(command, line);
      p.base_apk = std::string(path);
      head = head.substr(eq + 1);
    }
    if (!IsPackageName(head)) return BadLine(command, line);
    p.package = std::string(head);
    while (!tail.empty()) {
      if (tail.front() != ' ') return BadLine(command, line);
      tail.remove_prefix(1);
      std::size_t next = tail.find(' ');
      std::string_view field = tail.substr(0, next);
      tail = next == std::string_view::npos ? "" : tail.substr(next);
      std::int64_t v = 0;
      if (field.substr(0, 12) == "versionCode:" && !p.version_code &&
          ParseNumber(field.substr(12), &v)) {
        p.version_code = v;
      } else if (field.substr(0, 4) == "uid:" && !p.uid && ParseNumber(field.substr(4), &v) &&
                 v <= 0x7fffffff) {
        p.uid = static_cast<int>(v);
      } else {
        return BadLine(command, line);
      }
    }
    result.push_back(std::move(p));
  }
  return result;
}

Result<std::vector<std::string>> ParsePmPath(std::string_view out, std::string_view command) {
  std::vector<std::string> paths;
  for (std::string_view line : Lines(out)) {
    if (line.substr(0, 8) != "package:" || !IsApkPath(line.substr(8)))
      return BadLine(command, line);
    paths.emplace_back(line.substr(8));
  }
  if (paths.empty()) return Bad(command, "no path");
  return paths;
}

Result<std::map<std::string, std::string>> ParseGetpropAll(std::string_view out,
                                                           std::string_view command) {
  std::map<std::string, std::string> props;
  for (std::string_view line : Lines(out)) {
    std::size_t mid = line.find("]: [");
    if (line.size() < 6 || line.front() != '[' || line.back() != ']' ||
        mid == std::string_view::npos) {
      return BadLine(command, line);
    }
    props[std::string(line.substr(1, mid - 1))] =
        std::string(line.substr(mid + 4, line.size() - mid - 5));
  }
  return props;
}

Result<std::string> ParseGetpropValue(std::string_view out, std::string_view command) {
  std::vector<std::string_view> lines = Lines(out);
  if (lines.size() > 1)
    return Bad(command, std::to_string(lines.size()) + " lines where one value was expected");
  return lines.empty() ? std::string() : std::string(lines[0]);
}

Result<int> ParseWmDensity(std::string_view out, std::string_view command) {
  std::optional<int> physical, override_density;
  for (std::string_view line : Lines(out)) {
    int v = 0;
    if (line.substr(0, 18) == "Physical density: " && !physical &&
        ParseNumber(line.substr(18), &v) && v > 0) {
      physical = v;
    } else if (line.substr(0, 18) == "Override density: " && !override_density &&
               ParseNumber(line.substr(18), &v) && v > 0) {
      override_density = v;
    } else {
      return BadLine(command, line);
    }
  }
  if (!physical) return Bad(command, "no \"Physical density: N\" line");
  return override_density.value_or(*physical);
}

Result<std::vector<std::string>> ParseAbiList(std::string_view value, std::string_view command) {
  std::vector<std::string> abis;
  std::string_view rest = value;
  while (true) {
    std::size_t comma = rest.find(',');
    std::string_view abi = rest.substr(0, comma);
    bool ok = !abi.empty() && std::all_of(abi.begin(), abi.end(), [](char c) {
      return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '_';
    });
    if (!ok) return Bad(command, "an ABI list that does not parse: \"" + std::string(value) + "\"");
    abis.emplace_back(abi);
    if (comma == std::string_view::npos) break;
    rest.remove_prefix(comma + 1);
  }
  return abis;
}

}  // namespace appvault::client::adb
