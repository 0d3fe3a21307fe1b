// POST /v1/devices and GET /v1/devices.
#include "auth/token.h"
#include "server/api/handlers.h"
#include "server/api/views.h"
#include "server/api/wire.h"

namespace appvault::server::api {

namespace http = boost::beast::http;

namespace {

// The profile of {platform, os_version, abis}; errors are recorded in `reader`.
DeviceProfile ReadProfile(FieldReader& reader) {
  DeviceProfile profile;
  std::string platform = reader.String("platform", 16);
  std::string os_version = reader.VersionText("os_version");
  profile.abis = reader.StringArray("abis", 16, 32);
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

}  // namespace

Result<server::Reply> CreateDevice(const Call& call) {
  Result<nlohmann::json> body = ParseJsonObject(call.request.message.body());
  if (!body.ok()) return body.status();
  FieldReader reader(*body, "");
  store::Device device;
  device.name = reader.OptionalString("name", 200).value_or("");
  device.profile = ReadProfile(reader);
  reader.RejectUnknown({"name", "platform", "os_version", "abis"});
  if (!reader.status().ok()) return reader.status();
  device.id = auth::RandomHex(16);
  device.user_id = call.user->id;
  device.created_at = call.services.clock();
  Status created =
      call.services.store->CreateDevice(device, call.services.options.max_devices_per_user);
  if (!created.ok()) return created;
  return JsonReply(http::status::created, DeviceJson(device));
}

Result<server::Reply> ListDevices(const Call& call) {
  Result<std::vector<store::Device>> devices = call.services.store->ListDevices(call.user->id);
  if (!devices.ok()) return devices.status();
  nlohmann::json items = nlohmann::json::array();
  for (const store::Device& device : *devices)
    items.push_back(DeviceJson(device));
  return JsonReply(http::status::ok, {{"items", items}});
}

}  // namespace appvault::server::api
