#include "client/cli/device_lookup.h"

#include <vector>

namespace appvault::client::cli {

Result<std::string> FindDeviceId(const ApiClient& api, const std::string& name_or_id) {
  Result<api::DeviceList> devices = api.ListDevices();
  if (!devices.ok()) return devices.status();
  std::vector<std::string> named;
  for (const api::DeviceInfo& device : devices->items) {
    if (device.device_id == name_or_id) return device.device_id;
    if (device.name == name_or_id) named.push_back(device.device_id);
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
