#include "client/restore/restore_plan.h"

#include <array>

#include "client/net/api_client.h"

namespace appvault::client::restore {
namespace {

using nlohmann::json;

Status Bad(const std::string& where, const std::string& what) {
  return Status(StatusCode::kInternal,
                "the server's restore plan is not understood: " + where + ": " + what);
}

// A string field; nullopt for null when null_ok. Errors name the field.
Result<std::optional<std::string>> Text(const json& object, const std::string& where,
                                        const char* key, bool null_ok) {
  const std::string field = where + "." + key;
  if (!object.contains(key) || object[key].is_null()) {
    if (null_ok) return std::optional<std::string>();
    return Bad(field, "missing");
  }
  if (!object[key].is_string()) return Bad(field, "expected a string");
  return std::optional<std::string>(object[key].get<std::string>());
}

Result<std::string> RequiredText(const json& object, const std::string& where, const char* key) {
  Result<std::optional<std::string>> text = Text(object, where, key, false);
  if (!text.ok()) return text.status();
  return **text;
}

Result<Sha256> Digest(const json& object, const std::string& where, const char* key) {
  Result<std::string> text = RequiredText(object, where, key);
  if (!text.ok()) return text.status();
  Result<Sha256> digest = Sha256::ParseHex(*text);
  if (!digest.ok()) return Bad(where + "." + key, "expected 64 hex digits");
  return *digest;
}

// The url must name the blob itself, on the server the plan came from.
Result<std::string> BlobUrl(const json& object, const std::string& where, const Sha256& sha) {
  Result<std::string> url = RequiredText(object, where, "url");
  if (!url.ok()) return url.status();
  const std::string expected = ApiClient::BlobPath(sha);
  if (*url != expected)
    return Bad(where + ".url", "expected " + expected + ", got \"" + *url + "\"");
  return *url;
}

Result<std::optional<Version>> OptionalVersion(const json& object, const std::string& where,
                                               const char* key, Platform platform) {
  Result<std::optional<std::string>> text = Text(object, where, key, true);
  if (!text.ok()) return text.status();
  if (!text->has_value()) return std::optional<Version>();
  Result<Version> version = Version::Parse(platform, **text);
  if (!version.ok()) return Bad(where + "." + key, version.status().message());
  return std::optional<Version>(*version);
}

Status ReadPackageFacts(const json& object, const std::string& where, Package& out) {
  Result<std::string> platform_text = RequiredText(object, where, "platform");
  if (!platform_text.ok()) return platform_text.status();
  Result<Platform> platform = ParsePlatform(*platform_text);
  if (!platform.ok()) return Bad(where + ".platform", platform.status().message());
  out.platform = *platform;
  Result<std::string> app = RequiredText(object, where, "app");
  if (!app.ok()) return app.status();
  Result<AppId> app_id = AppId::ParseFor(out.platform, *app);
  if (!app_id.ok()) return Bad(where + ".app", app_id.status().message());
  out.app = *app_id;
  Result<std::optional<Version>> version =
      OptionalVersion(object, where, "version_code", out.platform);
  if (!version.ok()) return version.status();
  if (!version->has_value()) return Bad(where + ".version_code", "missing");
  out.version = **version;
  Result<std::optional<std::string>> name = Text(object, where, "version_name", true);
  if (!name.ok()) return name.status();
  out.version_name = name->value_or("");
  Result<std::optional<Version>> min_os = OptionalVersion(object, where, "min_os", out.platform);
  if (!min_os.ok()) return min_os.status();
  Result<std::optional<Version>> max_os = OptionalVersion(object, where, "max_os", out.platform);
  if (!max_os.ok()) return max_os.status();
  out.min_os = *min_os;
  out.max_os = *max_os;
  if (object.contains("abis") && !object["abis"].is_null()) {
    if (!object["abis"].is_array()) return Bad(where + ".abis", "expected an array");
    for (const json& abi : object["abis"]) {
      if (!abi.is_string()) return Bad(where + ".abis", "expected strings");
      out.abis.push_back(abi.get<std::string>());
    }
  }
  Result<Sha256> signer = Digest(object, where, "signer_sha256");
  if (!signer.ok()) return signer.status();
  out.signer_sha256 = *signer;
  return Status::Ok();
}

Result<PlannedPackage> ReadPackage(const json& object, const std::string& where) {
  if (!object.is_object()) return Bad(where, "expected an object");
  PlannedPackage planned;
  Package& package = planned.package;
  Result<Sha256> sha = Digest(object, where, "sha256");
  if (!sha.ok()) return sha.status();
  package.sha256 = *sha;
  const bool whole = object.contains("size") && object["size"].is_number_integer();
  if (!whole || (!object["size"].is_number_unsigned() && object["size"].get<std::int64_t>() < 0)) {
    return Bad(where + ".size", "expected a non-negative integer");
  }
  package.size = object["size"].get<std::uint64_t>();
  Result<std::string> url = BlobUrl(object, where, package.sha256);
  if (!url.ok()) return url.status();
  planned.url = *url;
  Result<std::optional<std::string>> software = Text(object, where, "software_id", true);
  if (!software.ok()) return software.status();
  package.software_id = software->value_or("");
  if (Status facts = ReadPackageFacts(object, where, package); !facts.ok()) return facts;
  return planned;
}

Result<PlannedConfig> ReadConfig(const json& object, const std::string& where) {
  if (!object.is_object()) return Bad(where, "expected an object");
  Result<Sha256> sha = Digest(object, where, "sha256");
  if (!sha.ok()) return sha.status();
  Result<std::string> url = BlobUrl(object, where, *sha);
  if (!url.ok()) return url.status();
  return PlannedConfig{*sha, *url};
}

Result<PlanOutcome> ReadOutcome(const json& item, const std::string& where) {
  Result<std::string> text = RequiredText(item, where, "outcome");
  if (!text.ok()) return text.status();
  constexpr std::array kOutcomes = {PlanOutcome::kInstall, PlanOutcome::kAlternative,
                                    PlanOutcome::kNotBackedUp, PlanOutcome::kNotInCatalog,
                                    PlanOutcome::kNoCompatiblePackage};
  for (PlanOutcome outcome : kOutcomes) {
    if (OutcomeName(outcome) == *text) return outcome;
  }
  return Bad(where + ".outcome", "unknown outcome \"" + *text + "\"");
}

// The plain fields of an item (everything but package and config).
Status ReadItemFields(const json& item, const std::string& where, PlanEntry& entry) {
  Result<std::string> requested = RequiredText(item, where, "requested");
  if (!requested.ok()) return requested.status();
  entry.requested = *requested;
  Result<std::string> app = RequiredText(item, where, "app");
  if (!app.ok()) return app.status();
  entry.app = *app;
  Result<PlanOutcome> outcome = ReadOutcome(item, where);
  if (!outcome.ok()) return outcome.status();
  entry.outcome = *outcome;
  for (auto [key, field] : {std::pair{"software_id", &entry.software_id},
                            std::pair{"version_code", &entry.version_code},
                            std::pair{"version_name", &entry.version_name},
                            std::pair{"alternative_for", &entry.alternative_for}}) {
    Result<std::optional<std::string>> text = Text(item, where, key, true);
    if (!text.ok()) return text.status();
    *field = *text;
  }
  Result<std::optional<std::string>> reason = Text(item, where, "reason", true);
  if (!reason.ok()) return reason.status();
  entry.reason = reason->value_or("");
  if (item.contains("version_substituted") && item["version_substituted"].is_boolean()) {
    entry.version_substituted = item["version_substituted"].get<bool>();
  }
  return Status::Ok();
}

Result<PlanEntry> ReadItem(const json& item, const std::string& where) {
  if (!item.is_object()) return Bad(where, "expected an object");
  PlanEntry entry;
  if (Status fields = ReadItemFields(item, where, entry); !fields.ok()) return fields;
  const bool installs =
      entry.outcome == PlanOutcome::kInstall || entry.outcome == PlanOutcome::kAlternative;
  const bool has_package = item.contains("package") && !item["package"].is_null();
  if (installs != has_package) {
    return Bad(where + ".package", installs ? "missing" : "unexpected for this outcome");
  }
  if (has_package) {
    Result<PlannedPackage> package = ReadPackage(item["package"], where + ".package");
    if (!package.ok()) return package.status();
    entry.package = *package;
  }
  if (item.contains("backup_signer_sha256") && !item["backup_signer_sha256"].is_null()) {
    Result<Sha256> signer = Digest(item, where, "backup_signer_sha256");
    if (!signer.ok()) return signer.status();
    entry.backup_signer_sha256 = *signer;
  }
  if (item.contains("snapshot_id") && !item["snapshot_id"].is_null()) {
    const json& id = item["snapshot_id"];
    if (!id.is_number_integer() || id.get<std::int64_t>() <= 0) {
      return Bad(where + ".snapshot_id", "expected a positive integer");
    }
    entry.snapshot_id = id.get<std::int64_t>();
  }
  if (item.contains("config") && !item["config"].is_null()) {
    // CONTRACT §4 rule 5: never with an alternative.
    if (entry.outcome != PlanOutcome::kInstall) {
      return Bad(where + ".config", "unexpected for this outcome");
    }
    Result<PlannedConfig> config = ReadConfig(item["config"], where + ".config");
    if (!config.ok()) return config.status();
    entry.config = *config;
  }
  return entry;
}

}  // namespace

Result<std::vector<PlanEntry>> ParsePlan(const nlohmann::json& document) {
  if (!document.is_object() || !document.contains("items") || !document["items"].is_array()) {
    return Bad("items", "missing");
  }
  std::vector<PlanEntry> entries;
  const json& items = document["items"];
  for (std::size_t i = 0; i < items.size(); ++i) {
    Result<PlanEntry> entry = ReadItem(items[i], "items[" + std::to_string(i) + "]");
    if (!entry.ok()) return entry.status();
    entries.push_back(std::move(entry).value());
  }
  return entries;
}

}  // namespace appvault::client::restore
