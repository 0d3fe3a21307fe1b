#include "client/cli/device_lookup.h"

#include <vector>

#include "client/net/json_fields.h"

namespace appvault::client::cli {

Result<std::string> FindDeviceId(const ApiClient& api, const std::string& name_or_id) {
  Result<nlohmann::json> devices = api.ListDevices();
  if (!devices.ok()) return devices.status();
  std::vector<std::string> named;
  for (const nlohmann::json& device : Array(*devices, "items")) {
    const std::string id = Text(device, "device_id");
    if (id == name_or_id) return id;
    if (Text(device, "name") == name_or_id) named.push_back(id);
  }
  if (named.size() == 1) return named.front();
  if (named.empty()) {
    return Status(StatusCode::kNotFound, "you have no device \"" + name_or_id + "\"");
  }
  std::string ids;
  for (const std::string& id : named)
    ids += (ids.empty() ? "" : ", ") + id;
  return Status(StatusCode::kInvalidArgument, "several of your devices are named \"" + name_or_id +
                                                  "\" (" + ids + "): name one by its id");
}

}  // namespace appvault::client::cli
