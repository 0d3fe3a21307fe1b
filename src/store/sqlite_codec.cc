#include "store/sqlite_codec.h"

#include <algorithm>
#include <charconv>
#include <cstdio>
#include <limits>
#include <nlohmann/json.hpp>

namespace appvault::store::sqlite {
namespace {

constexpr std::size_t kIosKeyComponents = 8;

std::string Hex(std::uint64_t value, int digits) {
  char buffer[17];
  std::snprintf(buffer, sizeof buffer, "%0*llx", digits, static_cast<unsigned long long>(value));
  return buffer;
}

Status Corrupt(std::string_view what, std::string_view text) {
  return Status(StatusCode::kInternal, "database: stored " + std::string(what) + " \"" +
                                           std::string(text) + "\" is not valid");
}

}  // namespace

std::string VersionKey(const Version& version) {
  if (version.platform() == Platform::kAndroid) {
    return Hex(static_cast<std::uint64_t>(version.code()), 16);
  }
  std::string key;
  std::string_view rest = version.text();  // dot-separated decimal numbers (Parse checked)
  for (std::size_t i = 0; i < kIosKeyComponents; ++i) {
    std::uint64_t part = 0;
    if (!rest.empty()) {
      std::size_t dot = rest.find('.');
      std::string_view digits = rest.substr(0, dot);
      std::from_chars(digits.data(), digits.data() + digits.size(), part);
      rest = dot == std::string_view::npos ? std::string_view() : rest.substr(dot + 1);
    }
    key += Hex(part, 8);
  }
  return key;
}

std::string AbisJson(const std::vector<std::string>& abis) {
  // The replace handler never throws on invalid UTF-8.
  return nlohmann::json(abis).dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

std::string SortedAbisJson(std::vector<std::string> abis) {
  std::sort(abis.begin(), abis.end());
  return AbisJson(abis);
}

std::string_view BlobKindName(BlobKind kind) {
  return kind == BlobKind::kPackage ? "package" : "private";
}

std::optional<std::int64_t> PreferenceColumn(std::optional<bool> value) {
  if (!value.has_value()) return std::nullopt;
  return *value ? 1 : 0;
}

Result<std::vector<std::string>> StoredStrings(std::string_view what, std::string_view json) {
  // allow_exceptions=false: a parse error gives a discarded value instead of throwing.
  nlohmann::json parsed = nlohmann::json::parse(json, nullptr, false);
  if (parsed.is_discarded() || !parsed.is_array()) return Corrupt(what, json);
  std::vector<std::string> items;
  for (const nlohmann::json& item : parsed) {
    if (!item.is_string()) return Corrupt(what, json);
    items.push_back(item.get<std::string>());
  }
  return items;
}

Result<std::vector<std::string>> StoredAbis(std::string_view json) {
  return StoredStrings("ABI list", json);
}

Result<Platform> StoredPlatform(std::string_view text) {
  Result<Platform> platform = ParsePlatform(text);
  if (!platform.ok()) return Corrupt("platform", text);
  return platform;
}

Result<Version> StoredVersion(Platform platform, std::string_view text) {
  Result<Version> version = Version::Parse(platform, text);
  if (!version.ok()) return Corrupt("version", text);
  return version;
}

Result<std::optional<Version>> StoredOptionalVersion(Platform platform,
                                                     const std::optional<std::string>& text) {
  if (!text.has_value()) return std::optional<Version>();
  Result<Version> version = StoredVersion(platform, *text);
  if (!version.ok()) return version.status();
  return std::optional<Version>(std::move(version).value());
}

Result<AppId> StoredAppId(std::string_view text) {
  Result<AppId> app = AppId::Parse(text);
  if (!app.ok()) return Corrupt("app id", text);
  return app;
}

Result<Role> StoredRole(std::string_view text) {
  Result<Role> role = ParseRole(text);
  if (!role.ok()) return Corrupt("role", text);
  return role;
}

Result<BlobKind> StoredBlobKind(std::string_view text) {
  if (text == "package") return BlobKind::kPackage;
  if (text == "private") return BlobKind::kPrivate;
  return Corrupt("blob kind", text);
}

std::string LineageText(const std::vector<Sha256>& lineage) {
  std::string text;
  for (const Sha256& certificate : lineage) {
    if (!text.empty()) text += ',';
    text += certificate.Hex();
  }
  return text;
}

Result<std::vector<Sha256>> StoredLineage(std::string_view text) {
  std::vector<Sha256> lineage;
  while (!text.empty()) {
    std::size_t comma = text.find(',');
    Result<Sha256> certificate = Sha256::ParseHex(text.substr(0, comma));
    if (!certificate.ok()) return Corrupt("signer lineage", text);
    lineage.push_back(*certificate);
    text = comma == std::string_view::npos ? std::string_view() : text.substr(comma + 1);
  }
  return lineage;
}

Result<std::int64_t> SizeColumn(std::uint64_t size) {
  if (size > static_cast<std::uint64_t>(std::numeric_limits<std::int64_t>::max())) {
    return Status(StatusCode::kInvalidArgument, "size " + std::to_string(size) + " is too large");
  }
  return static_cast<std::int64_t>(size);
}

}  // namespace appvault::store::sqlite
