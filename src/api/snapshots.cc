#include "api/snapshots.h"

#include <limits>

#include "api/codec.h"
#include "api/json_fields.h"
#include "api/limits.h"

namespace appvault::api {

using nlohmann::json;

namespace {

SnapshotSummary ReadSummary(FieldReader& reader) {
  SnapshotSummary out;
  out.snapshot_id = reader.Integer("snapshot_id", 1, kMaxId);
  out.device_id = reader.String("device_id", 64);
  out.device_name = reader.OptionalString("device_name", 256).value_or("");
  out.platform = ReadPlatform(reader, "platform");
  out.created_at = reader.Integer("created_at", 0, kMaxId);
  out.apps = reader.Integer("apps", 0, kMaxId);
  out.with_config = reader.Bool("with_config");
  return out;
}

Result<SnapshotSummary> SummaryAt(const json& value, const std::string& path) {
  return ReadObject<SnapshotSummary>(value, path, ReadSummary);
}

SnapshotApp ReadApp(FieldReader& reader) {
  SnapshotApp out;
  out.app = reader.String("app", 255);
  out.platform = ReadPlatform(reader, "platform");
  out.software_id = reader.OptionalString("software_id", 128);
  out.version_code = reader.VersionText("version_code");
  out.version_name = reader.OptionalString("version_name", 256).value_or("");
  out.signer_sha256 = reader.OptionalSha256("signer_sha256");
  out.config_sha256 = reader.OptionalSha256("config_sha256");
  return out;
}

Result<SnapshotApp> AppAt(const json& value, const std::string& path) {
  return ReadObject<SnapshotApp>(value, path, ReadApp);
}

Result<BackupListItem> BackupItemAt(const json& value, const std::string& path) {
  return ReadObject<BackupListItem>(value, path, [](FieldReader& reader) {
    BackupListItem out;
    out.app = ReadApp(reader);
    out.device_id = reader.String("device_id", 64);
    out.backed_up_at = reader.Integer("backed_up_at", 0, kMaxId);
    return out;
  });
}

Result<BackupReportItem> ReportItemAt(const json& value, const std::string& path) {
  return ReadObject<BackupReportItem>(value, path, [](FieldReader& reader) {
    BackupReportItem out;
    out.app = reader.String("app", 255);
    const std::string status = reader.String("status", 32);
    if (reader.status().ok() && status != "backed_up" && status != "failed") {
      reader.Fail("status", "expected \"backed_up\" or \"failed\"");
    }
    out.backed_up = status == "backed_up";
    out.software_id = reader.OptionalString("software_id", 128);
    out.version_code = reader.OptionalString("version_code", 64).value_or("");
    out.config_sha256 = reader.OptionalSha256("config_sha256");
    out.reason = reader.OptionalString("reason").value_or("");
    return out;
  });
}

}  // namespace

json ToJson(const SnapshotSummary& value) {
  return {{"snapshot_id", value.snapshot_id}, {"device_id", value.device_id},
          {"device_name", value.device_name}, {"platform", PlatformName(value.platform)},
          {"created_at", value.created_at},   {"apps", value.apps},
          {"with_config", value.with_config}};
}

json ToJson(const SnapshotApp& value) {
  return {{"app", value.app},
          {"platform", PlatformName(value.platform)},
          {"software_id", OrNull(value.software_id)},
          {"version_code", value.version_code},
          {"version_name", value.version_name},
          {"signer_sha256", DigestOrNull(value.signer_sha256)},
          {"config_sha256", DigestOrNull(value.config_sha256)}};
}

json ToJson(const SnapshotList& value) {
  return {{"items", ToJsonList(value.items)}};
}

json ToJson(const SnapshotDetail& value) {
  json out = ToJson(value.snapshot);
  out["items"] = ToJsonList(value.items);
  return out;
}

json ToJson(const BackupReportItem& value) {
  return {{"app", value.app},
          {"status", value.backed_up ? "backed_up" : "failed"},
          {"software_id", OrNull(value.software_id)},
          {"version_code", value.version_code},
          {"config_sha256", DigestOrNull(value.config_sha256)},
          {"reason", value.reason}};
}

json ToJson(const CreatedSnapshot& value) {
  return {{"snapshot_id", value.snapshot_id == 0 ? json(nullptr) : json(value.snapshot_id)},
          {"items", ToJsonList(value.items)}};
}

json ToJson(const ForgetRequest& value) {
  json out = {{"keep_last", value.keep_last},
              {"keep_daily", value.keep_daily},
              {"keep_weekly", value.keep_weekly},
              {"keep_monthly", value.keep_monthly},
              {"dry_run", value.dry_run}};
  if (value.device_id.has_value()) out["device_id"] = *value.device_id;
  return out;
}

json ToJson(const ForgetReply& value) {
  return {{"removed", ToJsonList(value.removed)},
          {"kept", ToJsonList(value.kept)},
          {"dry_run", value.dry_run}};
}

Result<SnapshotSummary> SnapshotSummaryFromJson(const json& json) {
  return SummaryAt(json, "");
}

Result<SnapshotApp> SnapshotAppFromJson(const json& json) {
  return AppAt(json, "");
}

Result<SnapshotList> SnapshotListFromJson(const json& value) {
  return ReadObject<SnapshotList>(value, "", [](FieldReader& reader) {
    return SnapshotList{ReadList<SnapshotSummary>(reader, "items", kMaxListItems, SummaryAt)};
  });
}

Result<SnapshotDetail> SnapshotDetailFromJson(const json& value) {
  return ReadObject<SnapshotDetail>(value, "", [](FieldReader& reader) {
    SnapshotDetail out;
    out.snapshot = ReadSummary(reader);
    out.items = ReadList<SnapshotApp>(reader, "items", kMaxListItems, AppAt);
    return out;
  });
}

Result<BackupReportItem> BackupReportItemFromJson(const json& json) {
  return ReportItemAt(json, "");
}

Result<CreatedSnapshot> CreatedSnapshotFromJson(const json& value) {
  return ReadObject<CreatedSnapshot>(value, "", [](FieldReader& reader) {
    CreatedSnapshot out;
    out.snapshot_id = reader.OptionalInteger("snapshot_id", 1, kMaxId).value_or(0);
    out.items = ReadList<BackupReportItem>(reader, "items", kMaxListItems, ReportItemAt);
    return out;
  });
}

Result<ForgetRequest> ForgetRequestFromJson(const json& value) {
  return ReadObject<ForgetRequest>(value, "", [](FieldReader& reader) {
    ForgetRequest out;
    out.keep_last = reader.OptionalInteger("keep_last", 0, kMaxKeepCount).value_or(0);
    out.keep_daily = reader.OptionalInteger("keep_daily", 0, kMaxKeepCount).value_or(0);
    out.keep_weekly = reader.OptionalInteger("keep_weekly", 0, kMaxKeepCount).value_or(0);
    out.keep_monthly = reader.OptionalInteger("keep_monthly", 0, kMaxKeepCount).value_or(0);
    out.device_id = reader.OptionalString("device_id", 64);
    out.dry_run = reader.OptionalBool("dry_run").value_or(false);
    reader.RejectUnknown(
        {"keep_last", "keep_daily", "keep_weekly", "keep_monthly", "device_id", "dry_run"});
    if (reader.status().ok() && out.keep_last == 0 && out.keep_daily == 0 && out.keep_weekly == 0 &&
        out.keep_monthly == 0) {
      reader.Fail("keep_last",
                  "give at least one of keep_last, keep_daily, keep_weekly, keep_monthly above "
                  "0 (to remove one snapshot: DELETE /v1/snapshots/{id})");
    }
    return out;
  });
}

Result<ForgetReply> ForgetReplyFromJson(const json& value) {
  return ReadObject<ForgetReply>(value, "", [](FieldReader& reader) {
    ForgetReply out;
    out.removed = ReadList<SnapshotSummary>(reader, "removed", kMaxListItems, SummaryAt);
    out.kept = ReadList<SnapshotSummary>(reader, "kept", kMaxListItems, SummaryAt);
    out.dry_run = reader.OptionalBool("dry_run").value_or(false);
    return out;
  });
}

json ToJson(const BackupListItem& value) {
  json out = ToJson(value.app);
  out["device_id"] = value.device_id;
  out["backed_up_at"] = value.backed_up_at;
  return out;
}

json ToJson(const BackupList& value) {
  json items = json::array();
  for (const BackupListItem& item : value.items)
    items.push_back(ToJson(item));
  return {{"items", std::move(items)}};
}

json ToJson(const ForgottenApp& value) {
  return {{"app", value.app}, {"deleted", value.deleted}};
}

Result<BackupList> BackupListFromJson(const json& value) {
  return ReadObject<BackupList>(value, "", [](FieldReader& reader) {
    return BackupList{ReadList<BackupListItem>(reader, "items", kMaxListItems, BackupItemAt)};
  });
}

Result<ForgottenApp> ForgottenAppFromJson(const json& value) {
  return ReadObject<ForgottenApp>(value, "", [](FieldReader& reader) {
    ForgottenApp out;
    out.app = reader.String("app", 255);
    out.deleted = reader.Bool("deleted");
    return out;
  });
}

}  // namespace appvault::api
