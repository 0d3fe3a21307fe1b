// BackupRecord: the server's record that a user backed an app up (MISSION: user ↔ app ↔
// version ↔ configuration).
#pragma once

#include <cstdint>
#include <optional>
#include <string>

#include "core/app_id.h"
#include "core/sha256.h"
#include "core/version.h"

namespace appvault {

struct BackupRecord {
  AppId app = *AppId::Parse("unset");
  Platform platform = Platform::kAndroid;  // the platform it was backed up on
  std::optional<std::string> software_id;  // the library's software, when known
  Version version = Version::Android(0);
  std::string version_name;
  std::optional<Sha256> signer_sha256;  // the installed app's signing certificate
  std::string device_id;
  std::int64_t backed_up_at = 0;        // seconds since the Unix epoch
  std::optional<Sha256> config_sha256;  // the user's private configuration bundle
  std::int64_t snapshot_id = 0;         // the snapshot holding this record (0: not yet stored)
};

}  // namespace appvault
