#include "api/catalog.h"

#include "api/codec.h"
#include "api/json_fields.h"

namespace appvault::api {

using nlohmann::json;

namespace {

// Free text the library stores (names, descriptions, subjects) is at most this long.
constexpr std::size_t kMaxText = 4096;

// A required string, "" allowed.
std::string RequiredText(FieldReader& reader, std::string_view name,
                         std::size_t max_length = kMaxText) {
  std::optional<std::string> text = reader.OptionalString(name, max_length);
  if (!text && reader.status().ok()) reader.Fail(name, "missing");
  return text.value_or("");
}

SoftwareInfo ReadSoftware(FieldReader& reader) {
  SoftwareInfo out;
  Software& software = out.software;
  software.id = reader.String("id", 255);
  software.name = RequiredText(reader, "name");
  software.publisher = RequiredText(reader, "publisher");
  out.published_by = RequiredText(reader, "published_by", 256);
  software.category = RequiredText(reader, "category");
  software.description = RequiredText(reader, "description");
  software.votes = reader.Integer("votes", 0, kMaxId);
  return out;
}

Result<SoftwareVersion> VersionAt(const json& value, const std::string& path) {
  return ReadObject<SoftwareVersion>(value, path, [](FieldReader& reader) {
    SoftwareVersion out;
    out.platform = ReadPlatform(reader, "platform");
    out.version_code = reader.VersionText("version_code");
    out.version_name = RequiredText(reader, "version_name", 256);
    return out;
  });
}

Result<SoftwareSummary> SummaryAt(const json& value, const std::string& path) {
  return ReadObject<SoftwareSummary>(value, path, [](FieldReader& reader) {
    SoftwareSummary out;
    out.software = ReadSoftware(reader);
    out.versions = ReadList<SoftwareVersion>(reader, "versions", kMaxListItems, VersionAt);
    return out;
  });
}

CatalogPackage ReadPackage(FieldReader& reader) {
  CatalogPackage out;
  out.package = ReadPlannedPackage(reader);
  out.signer_subject = RequiredText(reader, "signer_subject");
  out.published_at = reader.Integer("published_at", 0, kMaxId);
  return out;
}

Result<CatalogPackage> PackageAt(const json& value, const std::string& path) {
  return ReadObject<CatalogPackage>(value, path, ReadPackage);
}

}  // namespace

json ToJson(const SoftwareInfo& value) {
  const Software& software = value.software;
  return {{"id", software.id},
          {"name", software.name},
          {"publisher", software.publisher},
          {"published_by", value.published_by},
          {"category", software.category},
          {"description", software.description},
          {"votes", software.votes}};
}

json ToJson(const SoftwareVersion& value) {
  return {{"platform", PlatformName(value.platform)},
          {"version_code", value.version_code},
          {"version_name", value.version_name}};
}

json ToJson(const SoftwareSummary& value) {
  json out = ToJson(value.software);
  out["versions"] = ToJsonList(value.versions);
  return out;
}

json ToJson(const SoftwareList& value) {
  return {{"items", ToJsonList(value.items)}};
}

json ToJson(const CatalogPackage& value) {
  json out = ToJson(value.package);
  out["signer_subject"] = value.signer_subject;
  out["published_at"] = value.published_at;
  return out;
}

json ToJson(const SoftwareDetail& value) {
  json out = ToJson(value.software);
  out["created_at"] = value.created_at;
  out["packages"] = ToJsonList(value.packages);
  return out;
}

json ToJson(const PublishedPackage& value) {
  json out = ToJson(value.package);
  out["schemes"] = value.schemes;
  out["label"] = value.label;
  out["software"] = ToJson(value.software);
  return out;
}

json ToJson(const VoteReply& value) {
  return {{"software_id", value.software_id}, {"votes", value.votes}};
}

Result<SoftwareInfo> SoftwareInfoFromJson(const json& value) {
  return ReadObject<SoftwareInfo>(value, "", ReadSoftware);
}

Result<SoftwareList> SoftwareListFromJson(const json& value) {
  return ReadObject<SoftwareList>(value, "", [](FieldReader& reader) {
    SoftwareList out;
    out.items = ReadList<SoftwareSummary>(reader, "items", kMaxListItems, SummaryAt);
    return out;
  });
}

Result<CatalogPackage> CatalogPackageFromJson(const json& value) {
  return PackageAt(value, "");
}

Result<SoftwareDetail> SoftwareDetailFromJson(const json& value) {
  return ReadObject<SoftwareDetail>(value, "", [](FieldReader& reader) {
    SoftwareDetail out;
    out.software = ReadSoftware(reader);
    out.created_at = reader.Integer("created_at", 0, kMaxId);
    out.packages = ReadList<CatalogPackage>(reader, "packages", kMaxListItems, PackageAt);
    return out;
  });
}

Result<PublishedPackage> PublishedPackageFromJson(const json& value) {
  return ReadObject<PublishedPackage>(value, "", [](FieldReader& reader) {
    PublishedPackage out;
    out.package = ReadPackage(reader);
    out.schemes = reader.StringArray("schemes", 8, 16);
    out.label = RequiredText(reader, "label");
    std::optional<SoftwareInfo> software =
        OptionalPart<SoftwareInfo>(reader, "software", ReadSoftware);
    if (!software && reader.status().ok()) reader.Fail("software", "missing");
    if (software) out.software = std::move(*software);
    return out;
  });
}

Result<VoteReply> VoteReplyFromJson(const json& value) {
  return ReadObject<VoteReply>(value, "", [](FieldReader& reader) {
    VoteReply out;
    out.software_id = reader.String("software_id", 255);
    out.votes = reader.Integer("votes", 0, kMaxId);
    return out;
  });
}

}  // namespace appvault::api
