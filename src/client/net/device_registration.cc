// EnsureDeviceId (session.h): the server's id for this device, remembered per server and
// user in DEVICE/.appvault/device_ids.json = {"devices":[{"server","username","device_id"}]}.
#include <nlohmann/json.hpp>

#include "client/net/json_fields.h"
#include "client/net/session.h"
#include "client/net/state_file.h"

namespace appvault::client {
namespace {

using nlohmann::json;

std::string IdsPath(const Device& device) {
  return device.StateDirectory() + "/device_ids.json";
}

bool SameAccount(const json& entry, const Session& s) {
  return Text(entry, "server") == s.server && Text(entry, "username") == s.username;
}

// The stored entries ({"devices":[…]}); an unreadable file counts as empty: the device is
// then registered again, which only adds a device record on the server.
json StoredEntries(const Device& device) {
  Result<std::optional<json>> document = ReadStateFile(IdsPath(device));
  if (!document.ok() || !document->has_value()) return json::array();
  return Array(**document, "devices");
}

std::string StoredId(const json& entries, const Session& s) {
  for (const json& entry : entries) {
    if (SameAccount(entry, s)) return Text(entry, "device_id");
  }
  return "";
}

// Whether the server still lists id among the user's devices.
Result<bool> ServerKnows(const ApiClient& api, const std::string& id) {
  Result<api::DeviceList> devices = api.ListDevices();
  if (!devices.ok()) return devices.status();
  for (const api::DeviceInfo& item : devices->items) {
    if (item.device_id == id) return true;
  }
  return false;
}

Result<std::string> Register(const ApiClient& api, const Device& device) {
  Result<api::DeviceInfo> created = api.RegisterDevice({device.Name(), device.Profile()});
  if (!created.ok()) return created.status();
  return created->device_id;
}

}  // namespace

Result<std::string> EnsureDeviceId(const ApiClient& api, const Session& s, const Device& device) {
  json entries = StoredEntries(device);
  const std::string stored = StoredId(entries, s);
  if (!stored.empty()) {
    Result<bool> known = ServerKnows(api, stored);
    if (!known.ok()) return known.status();
    if (*known) return stored;
  }
  Result<std::string> id = Register(api, device);
  if (!id.ok()) return id.status();
  json kept = json::array();
  for (const json& entry : entries) {
    if (!SameAccount(entry, s)) kept.push_back(entry);
  }
  kept.push_back({{"server", s.server}, {"username", s.username}, {"device_id", *id}});
  Status saved = WriteStateFile(IdsPath(device), {{"devices", kept}});
  if (!saved.ok()) return saved;
  return id;
}

}  // namespace appvault::client
