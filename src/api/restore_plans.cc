#include "api/restore_plans.h"

#include <array>

#include "api/codec.h"
#include "api/json_fields.h"
#include "api/limits.h"

namespace appvault::api {

using nlohmann::json;

namespace {

json VersionOrNull(const std::optional<Version>& version) {
  return version.has_value() ? json(version->text()) : json(nullptr);
}

json PreferencesJson(const Preferences& preferences) {
  json out = json::object();
  if (preferences.install_latest) out["install_latest"] = *preferences.install_latest;
  if (preferences.accept_alternatives) {
    out["accept_alternatives"] = *preferences.accept_alternatives;
  }
  if (preferences.backup_config) out["backup_config"] = *preferences.backup_config;
  return out;
}

Sha256 RequiredSha256(FieldReader& reader, std::string_view name) {
  std::optional<Sha256> digest = reader.OptionalSha256(name);
  if (!digest && reader.status().ok()) reader.Fail(name, "missing");
  return digest.value_or(Sha256());
}

// The url of the blob `sha256`: BlobPath(sha256), and nothing else.
std::string BlobUrl(FieldReader& reader, const Sha256& sha256) {
  const std::string url = reader.String("url", 256);
  const std::string expected = BlobPath(sha256);
  if (reader.status().ok() && url != expected) {
    reader.Fail("url", "expected " + expected + ", got \"" + url + "\"");
  }
  return url;
}

std::optional<Version> OptionalVersion(FieldReader& reader, std::string_view name,
                                       Platform platform) {
  std::optional<std::string> text = reader.OptionalString(name, 64);
  if (!text) return std::nullopt;
  Result<Version> version = Version::Parse(platform, *text);
  if (!version.ok()) reader.Fail(name, version.status().message());
  return version.ok() ? std::optional<Version>(*version) : std::nullopt;
}

json SplitJson(const SplitMember& split) {
  return {{"name", split.name},
          {"sha256", split.sha256.Hex()},
          {"size", split.size},
          {"url", BlobPath(split.sha256)},
          {"kind", SplitKindName(split.kind)},
          {"config_for", split.config_for.empty() ? json(nullptr) : json(split.config_for)},
          {"abi", split.abi.empty() ? json(nullptr) : json(split.abi)},
          {"density", split.density == 0 ? json(nullptr) : json(split.density)},
          {"locale", split.locale.empty() ? json(nullptr) : json(split.locale)}};
}

SplitMember ReadSplit(FieldReader& reader) {
  SplitMember split;
  split.name = reader.String("name", 256);
  split.sha256 = RequiredSha256(reader, "sha256");
  split.size = static_cast<std::uint64_t>(reader.Integer("size", 0, kMaxId));
  BlobUrl(reader, split.sha256);
  const std::string kind = reader.String("kind", 16);
  if (reader.status().ok()) {
    std::optional<SplitKind> parsed = ParseSplitKind(kind);
    if (!parsed) reader.Fail("kind", "unknown split kind \"" + kind + "\"");
    split.kind = parsed.value_or(SplitKind::kOther);
  }
  split.config_for = reader.OptionalString("config_for", 256).value_or("");
  split.abi = reader.OptionalString("abi", 32).value_or("");
  split.density = static_cast<int>(reader.OptionalInteger("density", 1, 0xfffd).value_or(0));
  split.locale = reader.OptionalString("locale", 32).value_or("");
  return split;
}

Result<SplitMember> SplitAt(const json& value, const std::string& path) {
  return ReadObject<SplitMember>(value, path, ReadSplit);
}

PlannedMember ReadMember(FieldReader& reader) {
  PlannedMember member;
  member.split = reader.OptionalString("split", 256).value_or("");
  member.sha256 = RequiredSha256(reader, "sha256");
  member.size = static_cast<std::uint64_t>(reader.Integer("size", 0, kMaxId));
  member.url = BlobUrl(reader, member.sha256);
  return member;
}

Result<PlannedMember> MemberAt(const json& value, const std::string& path) {
  return ReadObject<PlannedMember>(value, path, ReadMember);
}

}  // namespace

PlannedPackage ReadPlannedPackage(FieldReader& reader) {
  PlannedPackage out;
  Package& package = out.package;
  package.sha256 = RequiredSha256(reader, "sha256");
  package.size = static_cast<std::uint64_t>(reader.Integer("size", 0, kMaxId));
  out.url = BlobUrl(reader, package.sha256);
  package.software_id = reader.OptionalString("software_id", 128).value_or("");
  package.platform = ReadPlatform(reader, "platform");
  const std::string app = reader.String("app", 256);
  if (reader.status().ok()) {
    Result<AppId> id = AppId::ParseFor(package.platform, app);
    if (id.ok()) package.app = *id;
    if (!id.ok()) reader.Fail("app", id.status().message());
  }
  const std::string version = reader.VersionText("version_code");
  if (reader.status().ok()) {
    Result<Version> parsed = Version::Parse(package.platform, version);
    if (parsed.ok()) package.version = *parsed;
    if (!parsed.ok()) reader.Fail("version_code", parsed.status().message());
  }
  package.version_name = reader.OptionalString("version_name", 256).value_or("");
  package.min_os = OptionalVersion(reader, "min_os", package.platform);
  package.max_os = OptionalVersion(reader, "max_os", package.platform);
  if (const json* abis = reader.Array("abis", 64, /*required=*/false)) {
    for (const json& abi : *abis) {
      if (!abi.is_string()) {
        reader.Fail("abis", "expected strings");
        break;
      }
      package.abis.push_back(abi.get<std::string>());
    }
  }
  package.signer_sha256 = RequiredSha256(reader, "signer_sha256");
  if (reader.Has("splits")) {
    package.splits = ReadList<SplitMember>(reader, "splits", kMaxSetMembers, SplitAt);
  }
  return out;
}

namespace {

PlannedConfig ReadConfig(FieldReader& reader) {
  PlannedConfig out;
  out.sha256 = RequiredSha256(reader, "sha256");
  out.url = BlobUrl(reader, out.sha256);
  return out;
}

PlanOutcome ReadOutcome(FieldReader& reader) {
  const std::string text = reader.String("outcome", 64);
  constexpr std::array kOutcomes = {PlanOutcome::kInstall, PlanOutcome::kAlternative,
                                    PlanOutcome::kNotBackedUp, PlanOutcome::kNotInCatalog,
                                    PlanOutcome::kNoCompatiblePackage};
  for (PlanOutcome outcome : kOutcomes) {
    if (OutcomeName(outcome) == text) return outcome;
  }
  if (reader.status().ok()) reader.Fail("outcome", "unknown outcome \"" + text + "\"");
  return PlanOutcome::kNotBackedUp;
}

// packages: only with a package, its base first; absent (an older server): the base alone.
void ReadMembers(FieldReader& reader, RestorePlanItem* out) {
  if (reader.Has("packages")) {
    out->packages = ReadList<PlannedMember>(reader, "packages", kMaxSetMembers, MemberAt);
  } else if (out->package) {
    const Package& base = out->package->package;
    out->packages = {PlannedMember{"", base.sha256, base.size, BlobPath(base.sha256)}};
  }
  if (!reader.status().ok()) return;
  if (!out->package && !out->packages.empty()) {
    reader.Fail("packages", "unexpected for this outcome");
    return;
  }
  if (!out->package) return;
  const Package& base = out->package->package;
  if (out->packages.empty() || !out->packages[0].split.empty() ||
      out->packages[0].sha256 != base.sha256 || out->packages[0].size != base.size) {
    reader.Fail("packages", "the first must be the package's base (split null)");
  }
}

RestorePlanItem ReadItem(FieldReader& reader) {
  RestorePlanItem out;
  out.requested = reader.String("requested", 256);
  out.app = reader.String("app", 256);
  out.outcome = ReadOutcome(reader);
  out.software_id = reader.OptionalString("software_id", 128);
  out.version_code = reader.OptionalString("version_code", 64);
  out.version_name = reader.OptionalString("version_name", 256);
  out.version_substituted = reader.OptionalBool("version_substituted").value_or(false);
  out.alternative_for = reader.OptionalString("alternative_for", 128);
  out.reason = reader.OptionalString("reason").value_or("");
  out.package = OptionalPart<PlannedPackage>(reader, "package", ReadPlannedPackage);
  const bool installs =
      out.outcome == PlanOutcome::kInstall || out.outcome == PlanOutcome::kAlternative;
  if (reader.status().ok() && installs != out.package.has_value()) {
    reader.Fail("package", installs ? "missing" : "unexpected for this outcome");
  }
  ReadMembers(reader, &out);
  out.config = OptionalPart<PlannedConfig>(reader, "config", ReadConfig);
  if (reader.status().ok() && out.config && out.outcome != PlanOutcome::kInstall) {
    reader.Fail("config", "unexpected for this outcome");  // CONTRACT §4 rule 5
  }
  out.backup_signer_sha256 = reader.OptionalSha256("backup_signer_sha256");
  out.snapshot_id = reader.OptionalInteger("snapshot_id", 1, kMaxId);
  return out;
}

Result<RestorePlanItem> ItemAt(const json& value, const std::string& path) {
  return ReadObject<RestorePlanItem>(value, path, ReadItem);
}

}  // namespace

std::string BlobPath(const Sha256& sha256) {
  return "/v1/blobs/" + sha256.Hex();
}

json ToJson(const RestorePlanRequest& value) {
  json out = {{"device_id", value.device_id}};
  if (value.all) {
    out["all"] = true;
    if (value.offset) out["offset"] = *value.offset;
  } else {
    out["apps"] = value.apps;
  }
  json preferences = PreferencesJson(value.preferences);
  if (!preferences.empty()) out["preferences"] = std::move(preferences);
  if (value.snapshot_id) out["snapshot_id"] = *value.snapshot_id;
  if (value.source_device_id) out["source_device_id"] = *value.source_device_id;
  return out;
}

json ToJson(const PlannedPackage& value) {
  const Package& package = value.package;
  json out = {{"sha256", package.sha256.Hex()},
              {"size", package.size},
              {"url", value.url},
              {"software_id", package.software_id},
              {"platform", PlatformName(package.platform)},
              {"app", package.app.str()},
              {"version_code", package.version.text()},
              {"version_name", package.version_name},
              {"min_os", VersionOrNull(package.min_os)},
              {"max_os", VersionOrNull(package.max_os)},
              {"abis", package.abis},
              {"signer_sha256", package.signer_sha256.Hex()}};
  if (!package.splits.empty()) {
    json splits = json::array();
    for (const SplitMember& split : package.splits) {
      splits.push_back(SplitJson(split));
    }
    out["splits"] = std::move(splits);
  }
  return out;
}

namespace {

json MembersJson(const std::vector<PlannedMember>& members) {
  json out = json::array();
  for (const PlannedMember& m : members) {
    out.push_back({{"sha256", m.sha256.Hex()},
                   {"size", m.size},
                   {"split", m.split.empty() ? json(nullptr) : json(m.split)},
                   {"url", m.url}});
  }
  return out;
}

}  // namespace

json ToJson(const RestorePlanItem& value) {
  json config = nullptr;
  if (value.config) config = {{"sha256", value.config->sha256.Hex()}, {"url", value.config->url}};
  return {{"requested", value.requested},
          {"app", value.app},
          {"outcome", OutcomeName(value.outcome)},
          {"software_id", OrNull(value.software_id)},
          {"version_code", OrNull(value.version_code)},
          {"version_name", OrNull(value.version_name)},
          {"version_substituted", value.version_substituted},
          {"alternative_for", OrNull(value.alternative_for)},
          {"reason", value.reason},
          {"backup_signer_sha256", DigestOrNull(value.backup_signer_sha256)},
          {"package", value.package ? ToJson(*value.package) : json(nullptr)},
          {"packages", MembersJson(value.packages)},
          {"config", std::move(config)},
          {"snapshot_id", OrNull(value.snapshot_id)}};
}

json ToJson(const RestorePlan& value) {
  return {{"device_id", value.device_id},
          {"snapshot_id", OrNull(value.snapshot_id)},
          {"items", ToJsonList(value.items)},
          {"next_offset", OrNull(value.next_offset)}};
}

Result<RestorePlanRequest> RestorePlanRequestFromJson(const json& value) {
  return ReadObject<RestorePlanRequest>(value, "", [&](FieldReader& reader) {
    RestorePlanRequest out;
    out.device_id = reader.String("device_id", 64);
    out.all = reader.OptionalBool("all").value_or(false);
    if (reader.Has("apps") || !out.all) out.apps = reader.StringArray("apps", kMaxAppsPerPlan);
    if (out.all && !out.apps.empty()) reader.Fail("all", "give either apps or all: true");
    if (reader.Has("offset")) {
      if (!out.all) reader.Fail("offset", "only with all: true");
      const json& offset = value["offset"];
      if (offset.is_number_unsigned()) {
        out.offset = offset.get<std::size_t>();
      } else {
        reader.Fail("offset", "expected a non-negative integer");
      }
    }
    if (const json* preferences = reader.OptionalObject("preferences")) {
      FieldReader nested(*preferences, "preferences");
      out.preferences = ReadPreferences(nested);
      reader.Record(nested.status());
    }
    out.snapshot_id = reader.OptionalInteger("snapshot_id", 1, kMaxId);
    out.source_device_id = reader.OptionalString("source_device_id", 64);
    if (out.snapshot_id && out.source_device_id) {
      reader.Fail("source_device_id", "give either snapshot_id or source_device_id");
    }
    reader.RejectUnknown(
        {"device_id", "apps", "all", "offset", "preferences", "snapshot_id", "source_device_id"});
    return out;
  });
}

Result<RestorePlan> RestorePlanFromJson(const json& value) {
  return ReadObject<RestorePlan>(value, "", [&](FieldReader& reader) {
    RestorePlan out;
    out.device_id = reader.OptionalString("device_id", 64).value_or("");
    out.snapshot_id = reader.OptionalInteger("snapshot_id", 1, kMaxId);
    out.items = ReadList<RestorePlanItem>(reader, "items", kMaxListItems, ItemAt);
    std::optional<std::int64_t> next = reader.OptionalInteger("next_offset", 1, kMaxId);
    if (next) out.next_offset = static_cast<std::size_t>(*next);
    return out;
  });
}

}  // namespace appvault::api
