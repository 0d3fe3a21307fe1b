// Records the metadata store keeps beside the core domain types: accounts, sessions,
// devices, published packages, blobs.
#pragma once

#include <cstdint>
#include <limits>
#include <optional>
#include <string>
#include <string_view>

#include "core/device.h"
#include "core/package.h"
#include "core/preferences.h"
#include "core/sha256.h"

namespace appvault::store {

enum class Role { kUser, kPublisher, kAdmin };

// "user" / "publisher" / "admin".
std::string_view RoleName(Role role);
// Parses a role name. Errors: kInvalidArgument naming the text.
Result<Role> ParseRole(std::string_view text);

struct User {
  std::int64_t id = 0;
  std::string username;
  std::string password_hash;  // an argon2id string as libsodium writes it
  Role role = Role::kUser;
  Preferences preferences;  // stored settings; absent ones fall to the system default
  std::int64_t created_at = 0;
};

struct Session {
  Sha256 token_hash;  // the token itself is never stored
  std::int64_t user_id = 0;
  std::int64_t created_at = 0;
  std::int64_t expires_at = 0;
};

struct Device {
  std::string id;
  std::int64_t user_id = 0;
  std::string name;
  DeviceProfile profile;
  std::int64_t created_at = 0;
};

// A package as the library keeps it: the facts read from the file, and who published it.
struct PackageRecord {
  Package package;
  std::string signer_subject;
  std::int64_t published_by = 0;  // user id
  std::int64_t published_at = 0;
};

// Who may read a blob: packages are readable by any signed-in user; a private blob (a
// configuration bundle) only by the users who uploaded it.
enum class BlobKind { kPackage, kPrivate };

struct BlobRecord {
  Sha256 sha256;
  std::uint64_t size = 0;
  BlobKind kind = BlobKind::kPrivate;
  std::int64_t created_at = 0;
};

// A snapshot (CONTRACT §6): one backup run of one device, at one moment. Its apps are
// BackupRecords whose snapshot_id is its id.
struct SnapshotRecord {
  std::int64_t id = 0;  // grows with every snapshot recorded: a higher id is a newer snapshot
  std::int64_t user_id = 0;
  std::string device_id;
  Platform platform = Platform::kAndroid;  // the device's
  std::int64_t created_at = 0;
  std::int64_t apps = 0;     // how many apps it holds
  bool with_config = false;  // whether any of them has a configuration
};

// How many snapshots a user may keep (CONTRACT §10). A backup past a limit is refused; the
// oldest are never deleted to make room.
struct SnapshotLimits {
  std::int64_t per_device = 1000;
  std::int64_t per_user = 10000;
  // Distinct (platform, app) the user may have backed up over all snapshots.
  std::int64_t backed_up_apps = std::numeric_limits<std::int64_t>::max();
};

}  // namespace appvault::store
