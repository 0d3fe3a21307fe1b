// The wire types of the device routes (docs/api.md) and their JSON codecs, used by the
// server's handlers and the client alike. A decoder names the first field that is wrong.
//
//   POST /v1/devices DeviceRequest → DeviceInfo
//   GET  /v1/devices               → DeviceList
#pragma once

#include <cstdint>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "core/device.h"
#include "core/status.h"

namespace appvault::api {

// A device to register: {name?, platform, os_version, abis, density?, locales?}. The profile
// is checked as DeviceProfile::Validate checks it (os_version of the platform, 1..16 ABIs,
// density 1..10000 dpi, 1..16 locale tags); absent density and locales are 420 and ["en-US"],
// as a client older than them meant.
struct DeviceRequest {
  std::string name;  // "" when not given
  DeviceProfile profile;
};

struct DeviceInfo {
  std::string device_id;
  std::string name;
  DeviceProfile profile;
  std::int64_t created_at = 0;
};

struct DeviceList {
  std::vector<DeviceInfo> items;  // oldest first
};

nlohmann::json ToJson(const DeviceRequest& value);
nlohmann::json ToJson(const DeviceInfo& value);
nlohmann::json ToJson(const DeviceList& value);

// Unknown fields of a request are refused.
Result<DeviceRequest> DeviceRequestFromJson(const nlohmann::json& json);
Result<DeviceInfo> DeviceInfoFromJson(const nlohmann::json& json);
Result<DeviceList> DeviceListFromJson(const nlohmann::json& json);

}  // namespace appvault::api
