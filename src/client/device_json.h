// The JSON files of a device folder (CONTRACT §3): device.json, apps/<app>/install.json and
// the config/installed.json written for a package without generated configuration.
#pragma once

#include <chrono>
#include <string>
#include <string_view>

#include "client/device.h"
#include "core/device.h"
#include "core/status.h"
#include "pkg/inspect.h"

namespace appvault::client {

// device.json: {"name","platform","os_version","abis":[…],"density","locales":[…]}; a
// device.json without density or locales (written before them) reads as 420 dpi, en-US.
struct DeviceRecord {
  std::string name;
  DeviceProfile profile;
};

// Ok for 1..64 bytes without control characters. Errors: kInvalidArgument.
Status ValidateDeviceName(std::string_view name);

// The text of device.json (one line and a newline).
std::string DeviceRecordJson(const DeviceRecord& record);
// Parses and validates device.json (name, platform, os_version of that platform, ABIs).
// Errors: kInvalidArgument naming what is wrong.
Result<DeviceRecord> ParseDeviceRecord(std::string_view text);

// The record of an install of the package with these facts.
InstallRecord RecordOf(const pkg::PackageFacts& facts, std::chrono::system_clock::time_point at);
// The text of install.json.
std::string InstallRecordJson(const InstallRecord& record);
// Parses install.json; every field must be a string. Errors: kInvalidArgument.
Result<InstallRecord> ParseInstallRecord(std::string_view text);

// config/installed.json: {"app","version_code","version_name"}.
std::string InstalledJson(const pkg::PackageFacts& facts);

// "2024-05-01T12:00:00Z".
std::string FormatUtc(std::chrono::system_clock::time_point at);

}  // namespace appvault::client
