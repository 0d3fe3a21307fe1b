// The JSON and text forms of what `appvault` prints about a device and its apps.
#pragma once

#include <nlohmann/json.hpp>
#include <string>

#include "client/device.h"

namespace appvault::client::cli {

// {"name","platform","os_version","abis":[…]} (device.json's fields).
nlohmann::json ProfileJson(const std::string& name, const DeviceProfile& profile);

// {"app","platform","version_code","version_name","signer_sha256","package_sha256","size",
//  "min_os","max_os","abis","installed_at","healthy","problem"}: facts from the installed
// package, else from install.json, else null; "problem" null when healthy.
nlohmann::json InstalledAppJson(const InstalledApp& app);

// {"outcome","app","version_code","version_name","signer_sha256","package_sha256",
//  "replaced_version","config"}: outcome installed | updated | repaired.
nlohmann::json InstallResultJson(const InstallResult& result);

// "installed org.x version 5 (1.5), signed by certificate 1a2b3c4d5e6f; configuration: …".
std::string DescribeInstall(const InstallResult& result);

}  // namespace appvault::client::cli
