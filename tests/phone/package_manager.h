// The emulated PackageManager: PackageInstaller sessions (create, write, commit, abandon),
// the checks Android 14 makes before it installs (with its failure texts), uninstall, and
// the installed packages' members in /data/app. Failure texts are the EXTRA_STATUS_MESSAGE
// that `pm` prints inside "Failure [...]": PackageManager.installStatusToString(code) + ": "
// + the PackageManagerException's message.
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "core/status.h"
#include "phone/phone_fs.h"
#include "phone/phone_state.h"

namespace appvault::phone {

class PackageManager {
 public:
  // REQUIRES: state and fs outlive this; the caller serializes every call.
  PackageManager(std::string state_dir, PhoneState* state, PhoneFs* fs);

  struct SessionFlags {
    bool allow_downgrade = false;    // -d: Android 14 honours it only for debuggable packages
    bool bypass_low_target = false;  // --bypass-low-target-sdk-block
  };
  // A new session's id.
  int CreateSession(SessionFlags flags);
  // Adds a member. Errors: kNotFound (no such session), kInvalidArgument (a name that is not
  // a plain file name, "Invalid filename: NAME").
  Status WriteSession(int id, const std::string& name, const std::string& bytes);
  // Checks and installs the session's members as one package; the session is gone after.
  // Errors: kInvalidPackage whose message is Android's failure text; kNotFound.
  Status CommitSession(int id);
  // Drops a session and its staged files. Errors: kNotFound.
  Status AbandonSession(int id);

  // Removes a package, its members and its data folders. Errors: kNotFound.
  Status Uninstall(const std::string& package);

  const PhoneState& state() const { return *state_; }

 private:
  struct Session {
    std::string dir;  // host folder of the staged members
    std::vector<std::string> names;
    SessionFlags flags;
  };
  Status Install(int id, const Session& session);
  std::uint64_t DataBytes() const;

  std::string state_dir_;
  PhoneState* state_;
  PhoneFs* fs_;
  std::map<int, Session> sessions_;
  int next_session_;
};

}  // namespace appvault::phone
