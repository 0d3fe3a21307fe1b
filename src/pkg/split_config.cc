#include "pkg/split_config.h"

#include <charconv>
#include <set>

namespace appvault::pkg {
namespace {

struct Bucket {
  std::string_view name;
  int dpi;
};
constexpr Bucket kBuckets[] = {{"ldpi", 120},  {"mdpi", 160},   {"tvdpi", 213},  {"hdpi", 240},
                               {"xhdpi", 320}, {"xxhdpi", 480}, {"xxxhdpi", 640}};
constexpr std::string_view kAbis[] = {"armeabi", "armeabi-v7a", "arm64-v8a", "x86",
                                      "x86_64",  "mips",        "mips64",    "riscv64"};
constexpr std::string_view kConfigPrefix = "config.";

// "arm64_v8a" -> "arm64-v8a" when it names a known ABI.
std::string AbiFromName(std::string_view name) {
  for (std::string_view abi : kAbis) {
    std::string underscored(abi);
    for (char& c : underscored) {
      if (c == '-') c = '_';
    }
    if (name == underscored || name == abi) return std::string(abi);
  }
  return "";
}

bool IsLower(std::string_view s) {
  for (char c : s) {
    if (c < 'a' || c > 'z') return false;
  }
  return true;
}

// "fr", "fil", "pt_BR", "pt-rBR" -> "fr", "fil", "pt-BR"; "" when not a locale.
std::string LocaleFromName(std::string_view name) {
  const std::size_t sep = name.find_first_of("_-");
  std::string_view language = name.substr(0, sep);
  if (language.size() < 2 || language.size() > 3 || !IsLower(language)) return "";
  if (sep == std::string_view::npos) return std::string(language);
  std::string_view region = name.substr(sep + 1);
  if (region.size() == 3 && region[0] == 'r') region.remove_prefix(1);
  bool upper = region.size() == 2;
  for (char c : region) {
    upper = upper && c >= 'A' && c <= 'Z';
  }
  if (!upper) return "";
  return std::string(language) + "-" + std::string(region);
}

SplitServes FromContents(const std::vector<std::string>& abis,
                         const std::vector<ResConfig>* configs) {
  SplitServes out;
  if (abis.size() == 1) {
    out.abi = abis[0];
    return out;
  }
  if (configs == nullptr) return out;
  std::set<int> densities;
  std::set<std::string> locales;
  for (const ResConfig& c : *configs) {
    if (c.density != 0 && c.density < 0xfffe) densities.insert(c.density);
    if (!c.language.empty()) locales.insert(c.Locale());
  }
  if (densities.size() == 1 && locales.empty()) out.density = *densities.begin();
  if (locales.size() == 1 && densities.empty()) out.locale = *locales.begin();
  return out;
}

// aapt appends the platform version a qualifier implies: "hdpi_v4" is "hdpi".
std::string_view WithoutVersion(std::string_view qualifier) {
  const std::size_t v = qualifier.rfind("_v");
  if (v == std::string_view::npos || v + 2 == qualifier.size()) return qualifier;
  for (char c : qualifier.substr(v + 2)) {
    if (c < '0' || c > '9') return qualifier;
  }
  return qualifier.substr(0, v);
}

}  // namespace

std::optional<int> DensityFromName(std::string_view name) {
  for (const Bucket& b : kBuckets) {
    if (name == b.name) return b.dpi;
  }
  if (name.size() > 3 && name.ends_with("dpi")) {
    int dpi = 0;
    auto [end, ec] = std::from_chars(name.data(), name.data() + name.size() - 3, dpi);
    if (ec == std::errc() && end == name.data() + name.size() - 3 && dpi > 0 && dpi < 0xfffe) {
      return dpi;
    }
  }
  return std::nullopt;
}

std::string DensityName(int dpi) {
  for (const Bucket& b : kBuckets) {
    if (dpi == b.dpi) return std::string(b.name);
  }
  return std::to_string(dpi) + "dpi";
}

Result<SplitServes> ServedBySplit(std::string_view split, const std::vector<std::string>& abis,
                                  const std::vector<ResConfig>* configs) {
  std::string_view qualifier = split;
  if (qualifier.starts_with(kConfigPrefix)) qualifier.remove_prefix(kConfigPrefix.size());
  SplitServes out;
  if (std::string abi = AbiFromName(qualifier); !abi.empty()) {
    if (abis.size() != 1 || abis[0] != abi) {
      std::string held;
      for (const std::string& a : abis) {
        held += (held.empty() ? "" : ", ") + a;
      }
      return Status(StatusCode::kInvalidPackage,
                    "split " + std::string(split) + " is named for ABI " + abi +
                        " but its lib/ holds " + (held.empty() ? "no native code" : held));
    }
    out.abi = abi;
    return out;
  }
  qualifier = WithoutVersion(qualifier);
  if (std::optional<int> dpi = DensityFromName(qualifier)) {
    out.density = *dpi;
    return out;
  }
  if (std::string locale = LocaleFromName(qualifier); !locale.empty()) {
    out.locale = locale;
    return out;
  }
  return FromContents(abis, configs);
}

}  // namespace appvault::pkg
