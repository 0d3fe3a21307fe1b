// The emulated phone: its state (profile, packages, files with owners) and the commands
// its shell runs. A command line from adb (a shell, exec or abb_exec service) is parsed by
// ParseShellLine and each simple command is dispatched to the emulator's own code for
// that Android command; nothing runs on the host's shell.
#pragma once

#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "core/status.h"
#include "phone/package_manager.h"
#include "phone/phone_fs.h"
#include "phone/phone_state.h"

namespace appvault::phone {

// A command's standard input: the stream's bytes (shell v2 stdin packets, or the raw
// bytes of an exec service), a file, or nothing.
class Input {
 public:
  virtual ~Input() = default;
  // Up to max bytes; "" at the end.
  virtual std::string Read(std::size_t max) = 0;
};

// Input that has nothing (`</dev/null`, or a shell without stdin).
class NullInput : public Input {
 public:
  std::string Read(std::size_t) override { return ""; }
};

class Phone;

// One command's process: who runs it, where, its stdin, and its collected output.
struct Proc {
  Phone* phone = nullptr;
  Who who;
  std::string cwd = "/";
  Input* in = nullptr;
  std::string out, err;
  bool discard_out = false, discard_err = false, err_to_out = false;

  void Out(const std::string& s) {
    if (!discard_out) out += s;
  }
  void Err(const std::string& s) {
    if (err_to_out)
      Out(s);
    else if (!discard_err)
      err += s;
  }
};

class Phone {
 public:
  // Loads (or starts) the phone kept in state_dir; flags given on the command line
  // replace the stored profile's fields before the caller calls Save().
  static Result<std::unique_ptr<Phone>> Open(const std::string& state_dir);

  Profile& profile() { return state_.profile; }
  PhoneFs& fs() { return fs_; }
  PackageManager& pm() { return pm_; }
  const PhoneState& state() const { return state_; }
  const std::string& state_dir() const { return state_dir_; }
  Status Save();

  // The user adbd runs as: root with --root, else shell.
  Who AdbdUser() const;

  // Runs a command line as proc.who; the exit status of the last command run. Thread-safe
  // (commands run one at a time).
  int RunLine(Proc& proc, const std::string& line);
  // Runs one argument vector (abb_exec, and the commands run-as runs). Thread-safe.
  int RunArgv(Proc& proc, const std::vector<std::string>& argv);

  // The lock every command and sync request holds while it touches the phone.
  std::recursive_mutex& mutex() { return mu_; }

  // Appends "EVENT\n" to STATE/events.log (force-stops, for tests to see the order).
  void LogEvent(const std::string& event);

 private:
  explicit Phone(std::string state_dir, PhoneState state);
  int DispatchLocked(Proc& proc, const std::vector<std::string>& argv);

  std::string state_dir_;
  PhoneState state_;
  PhoneFs fs_;
  PackageManager pm_;
  std::recursive_mutex mu_;  // commands run one at a time; su and run-as re-enter
};

// The commands, each as Android 14 runs it (files beside this one).
using CommandFn = std::function<int(Proc&, const std::vector<std::string>&)>;
// The command named argv[0] ("pm", "cmd", "getprop", ...); nullptr when the phone's shell
// has none (mksh then says "inaccessible or not found").
CommandFn FindCommand(const std::string& name, const Proc& proc);

int PmCommand(Proc& proc, const std::vector<std::string>& args);   // pm / cmd package
int TarCommand(Proc& proc, const std::vector<std::string>& args);  // toybox tar

// Records proc.who as the owner of a file it made: root's files in app data carry no MLS
// categories until restorecon (as files a root shell writes there). Not saved yet.
void RecordCreated(Proc& proc, const std::string& phone_path);

// toybox's error line "NAME: PATH: strerror(err)".
std::string ErrnoLine(const std::string& name, const std::string& path, int err);

}  // namespace appvault::phone
