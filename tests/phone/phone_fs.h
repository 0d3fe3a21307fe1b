// The phone's file system, kept under STATE/fs: the phone paths the emulator maps
// (/data/app, /data/user/0 with its alias /data/data, /data/user_de/0, /data/local/tmp,
// /sdcard with /storage/emulated/0 and /storage/self/primary), who may read or write where
// (root, the shell user of a non-root adbd, an app's uid under run-as), and each file's
// owner and SELinux context, which a host file cannot carry and STATE/owners.json keeps.
#pragma once

#include <cstdint>
#include <map>
#include <mutex>
#include <string>
#include <string_view>

#include "core/status.h"

namespace appvault::phone {

// android_filesystem_config.h
inline constexpr int kRootUid = 0;
inline constexpr int kSystemUid = 1000;
inline constexpr int kShellUid = 2000;
inline constexpr int kFirstAppUid = 10000;

// Who runs a command: root (adbd after `adb root`, or `su`), shell (a stock adbd), or an
// app's uid (run-as) with the package whose data it may touch.
struct Who {
  int uid = kShellUid;
  std::string package;  // for an app uid: its package
};

// "root", "shell", "system", "u0_a123" (system/core/libcutils multiuser naming).
std::string UserName(int uid);

struct FileMeta {
  int uid = kRootUid;
  int gid = kRootUid;
  std::string context;
};

class PhoneFs {
 public:
  // REQUIRES: state_dir exists. Creates the mapped folders; loads owners.json.
  explicit PhoneFs(std::string state_dir);

  // The absolute, normalized phone path of path (relative ones against cwd), aliases
  // resolved (/data/data -> /data/user/0, /storage/emulated/0 -> /sdcard). Errors:
  // kInvalidArgument when `..` climbs above `/` or the path holds a NUL byte.
  Result<std::string> Normalize(std::string_view path, std::string_view cwd = "/") const;
  // The host path of a normalized phone path (always inside STATE/fs).
  std::string HostPath(const std::string& phone_path) const;

  // 0 when who may read (list, for a folder) / write (create in, remove from) phone_path,
  // else EACCES — as SELinux and the folder modes of Android 14 decide for these users.
  int CheckRead(const Who& who, const std::string& phone_path) const;
  int CheckWrite(const Who& who, const std::string& phone_path) const;

  // The owner and context of a phone path: what was recorded, else what Android gives a
  // file in that place (app data: the app's uid; /data/local/tmp: shell...).
  FileMeta Meta(const std::string& phone_path) const;
  // The context restorecon gives phone_path (file_contexts / seapp_contexts of Android 14).
  std::string DefaultContext(const std::string& phone_path) const;
  void SetMeta(const std::string& phone_path, const FileMeta& meta);
  // Forgets phone_path and everything below it.
  void ForgetTree(const std::string& phone_path);
  // The uid owning an app's data folder, for paths below /data/user(_de)/0/PKG.
  void SetAppUid(const std::string& package, int uid);
  // Writes owners.json (temp file, fsync, rename). Errors: kUnavailable.
  Status Save() const;

 private:
  int AppUidOf(const std::string& phone_path) const;

  std::string root_;
  std::string owners_file_;
  std::map<std::string, FileMeta> meta_;
  std::map<std::string, int> app_uids_;
};

// Writes bytes to path through a temp file, fsync and rename (the emulator's state files).
// Errors: kUnavailable naming the path.
Status WriteFileAtomically(const std::string& path, const std::string& bytes);

}  // namespace appvault::phone
