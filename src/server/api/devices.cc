// POST /v1/devices and GET /v1/devices.
#include "api/devices.h"

#include "auth/token.h"
#include "server/api/handlers.h"
#include "server/api/views.h"
#include "server/api/wire.h"

namespace appvault::server::api {

namespace http = boost::beast::http;

namespace {

appvault::api::DeviceInfo Info(const store::Device& device) {
  return {device.id, device.name, device.profile, device.created_at};
}

}  // namespace

Result<server::Reply> CreateDevice(const Call& call) {
  Result<nlohmann::json> body = ParseJsonObject(call.request.message.body());
  if (!body.ok()) return body.status();
  Result<appvault::api::DeviceRequest> request = appvault::api::DeviceRequestFromJson(*body);
  if (!request.ok()) return request.status();
  store::Device device;
  device.name = request->name;
  device.profile = request->profile;
  device.id = auth::RandomHex(16);
  device.user_id = call.user->id;
  device.created_at = call.services.clock();
  Status created =
      call.services.store->CreateDevice(device, call.services.options.max_devices_per_user);
  if (!created.ok()) return created;
  return JsonReply(http::status::created, appvault::api::ToJson(Info(device)));
}

Result<server::Reply> ListDevices(const Call& call) {
  Result<std::vector<store::Device>> devices = call.services.store->ListDevices(call.user->id);
  if (!devices.ok()) return devices.status();
  appvault::api::DeviceList list;
  for (const store::Device& device : *devices)
    list.items.push_back(Info(device));
  return JsonReply(http::status::ok, appvault::api::ToJson(list));
}

}  // namespace appvault::server::api
