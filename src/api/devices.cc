#include "api/devices.h"

#include "api/codec.h"
#include "api/json_fields.h"

namespace appvault::api {

using nlohmann::json;

namespace {

// The profile of {platform, os_version, abis, density?, locales?} (absent: 420 dpi, en-US);
// errors are recorded in `reader`.
DeviceProfile ReadProfile(FieldReader& reader) {
  DeviceProfile profile;
  std::string platform = reader.String("platform", 16);
  std::string os_version = reader.VersionText("os_version");
  profile.abis = reader.StringArray("abis", 16, 32);
  profile.density =
      static_cast<int>(reader.OptionalInteger("density", 1, DeviceProfile::kMaxDensity)
                           .value_or(DeviceProfile::kDefaultDensity));
  if (reader.Has("locales")) profile.locales = reader.StringArray("locales", 16, 32);
  if (!reader.status().ok()) return profile;
  Result<Platform> parsed_platform = ParsePlatform(platform);
  if (!parsed_platform.ok()) {
    reader.Fail("platform", "expected \"android\" or \"ios\"");
    return profile;
  }
  profile.platform = *parsed_platform;
  Result<Version> version = Version::Parse(profile.platform, os_version);
  if (!version.ok()) {
    reader.Fail("os_version", version.status().message());
    return profile;
  }
  profile.os_version = *version;
  reader.Record(profile.Validate());  // its messages name the field
  return profile;
}

json ProfileJson(const DeviceProfile& profile) {
  return {{"platform", PlatformName(profile.platform)},
          {"os_version", profile.os_version.text()},
          {"abis", profile.abis},
          {"density", profile.density},
          {"locales", profile.locales}};
}

DeviceInfo ReadInfo(FieldReader& reader) {
  DeviceInfo out;
  out.device_id = reader.String("device_id", 64);
  out.name = reader.OptionalString("name", 200).value_or("");
  out.profile = ReadProfile(reader);
  out.created_at = reader.Integer("created_at", 0, kMaxId);
  return out;
}

Result<DeviceInfo> InfoAt(const json& value, const std::string& path) {
  return ReadObject<DeviceInfo>(value, path, ReadInfo);
}

}  // namespace

json ToJson(const DeviceRequest& value) {
  json out = ProfileJson(value.profile);
  if (!value.name.empty()) out["name"] = value.name;
  return out;
}

json ToJson(const DeviceInfo& value) {
  json out = ProfileJson(value.profile);
  out["device_id"] = value.device_id;
  out["name"] = value.name;
  out["created_at"] = value.created_at;
  return out;
}

json ToJson(const DeviceList& value) {
  json items = json::array();
  for (const DeviceInfo& device : value.items)
    items.push_back(ToJson(device));
  return {{"items", std::move(items)}};
}

Result<DeviceRequest> DeviceRequestFromJson(const json& value) {
  return ReadObject<DeviceRequest>(value, "", [](FieldReader& reader) {
    DeviceRequest out;
    out.name = reader.OptionalString("name", 200).value_or("");
    out.profile = ReadProfile(reader);
    reader.RejectUnknown({"name", "platform", "os_version", "abis", "density", "locales"});
    return out;
  });
}

Result<DeviceInfo> DeviceInfoFromJson(const json& value) {
  return InfoAt(value, "");
}

Result<DeviceList> DeviceListFromJson(const json& value) {
  return ReadObject<DeviceList>(value, "", [](FieldReader& reader) {
    return DeviceList{ReadList<DeviceInfo>(reader, "items", kMaxListItems, InfoAt)};
  });
}

}  // namespace appvault::api
