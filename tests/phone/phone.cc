#include "phone/phone.h"

#include <cerrno>
#include <cstring>
#include <filesystem>
#include <fstream>

#include "phone/sh_lexer.h"

namespace appvault::phone {
namespace {

// Input read from a file of the phone (`< FILE`).
class StringInput : public Input {
 public:
  explicit StringInput(std::string bytes) : bytes_(std::move(bytes)) {}
  std::string Read(std::size_t max) override {
    std::string out = bytes_.substr(pos_, max);
    pos_ += out.size();
    return out;
  }

 private:
  std::string bytes_;
  std::size_t pos_ = 0;
};

}  // namespace

std::string ErrnoLine(const std::string& name, const std::string& path, int err) {
  return name + ": " + path + ": " + std::strerror(err) + "\n";
}

Phone::Phone(std::string state_dir, PhoneState state)
    : state_dir_(std::move(state_dir)),
      state_(std::move(state)),
      fs_(state_dir_),
      pm_(state_dir_, &state_, &fs_) {}

Result<std::unique_ptr<Phone>> Phone::Open(const std::string& state_dir) {
  std::error_code ec;
  std::filesystem::create_directories(state_dir, ec);
  if (ec)
    return Status(StatusCode::kUnavailable, "cannot create " + state_dir + ": " + ec.message());
  auto state = LoadPhoneState(state_dir);
  if (!state.ok()) return state.status();
  return std::unique_ptr<Phone>(new Phone(state_dir, std::move(*state)));
}

Status Phone::Save() {
  return SavePhoneState(state_dir_, state_);
}

Who Phone::AdbdUser() const {
  Who who;
  who.uid = state_.profile.root ? kRootUid : kShellUid;
  return who;
}

void Phone::LogEvent(const std::string& event) {
  std::ofstream(state_dir_ + "/events.log", std::ios::app) << event << "\n";
}

int Phone::RunLine(Proc& proc, const std::string& line) {
  std::lock_guard lock(mu_);
  auto items = ParseShellLine(line);
  if (!items.ok()) {
    // mksh reports syntax errors as "/system/bin/sh: ..." with status 1.
    proc.Err("/system/bin/sh: " + items.status().message().substr(4) + "\n");
    return 1;
  }
  int status = 0;
  for (std::size_t i = 0; i < items->size(); ++i) {
    const ListItem& item = (*items)[i];
    if (i > 0 && item.joiner == Joiner::kIfSuccess && status != 0) continue;
    if (i > 0 && item.joiner == Joiner::kIfFailure && status == 0) continue;
    Proc sub = proc;
    sub.out.clear();
    sub.err.clear();
    NullInput null_input;
    std::unique_ptr<Input> file_input;
    std::string out_file;
    bool append = false, failed = false;
    for (const Redirect& r : item.command.redirects) {
      bool is_null = r.target == "/dev/null";
      if (r.kind == Redirect::Kind::kInput) {
        if (is_null) {
          sub.in = &null_input;
          continue;
        }
        auto path = fs_.Normalize(r.target, proc.cwd);
        std::ifstream in;
        if (path.ok() && fs_.CheckRead(proc.who, *path) == 0)
          in.open(fs_.HostPath(*path), std::ios::binary);
        if (!in) {
          proc.Err("/system/bin/sh: can't open " + r.target + ": No such file or directory\n");
          failed = true;
          break;
        }
        file_input =
            std::make_unique<StringInput>(std::string(std::istreambuf_iterator<char>(in), {}));
        sub.in = file_input.get();
      } else if (r.kind == Redirect::Kind::kDuplicate) {
        if (r.fd == 2 && r.target == "1") sub.err_to_out = true;
      } else if (r.fd == 2) {
        sub.discard_err = is_null;
      } else if (is_null) {
        sub.discard_out = true;
      } else {
        out_file = r.target;
        append = r.kind == Redirect::Kind::kAppend;
      }
    }
    if (failed) {
      status = 1;
      continue;
    }
    status = DispatchLocked(sub, item.command.argv);
    if (!out_file.empty()) {
      auto path = fs_.Normalize(out_file, proc.cwd);
      int err = path.ok() ? fs_.CheckWrite(proc.who, *path) : ENOENT;
      std::ofstream f;
      if (err == 0) {
        f.open(fs_.HostPath(*path), std::ios::binary | (append ? std::ios::app : std::ios::trunc));
        if (!f) err = ENOENT;
      }
      if (err != 0) {
        proc.Err("/system/bin/sh: can't create " + out_file + ": " + std::strerror(err) + "\n");
        status = 1;
      } else {
        f << sub.out;
        sub.out.clear();
      }
    }
    proc.out += sub.out;
    proc.err += sub.err;
  }
  return status;
}

int Phone::RunArgv(Proc& proc, const std::vector<std::string>& argv) {
  std::lock_guard lock(mu_);
  return DispatchLocked(proc, argv);
}

int Phone::DispatchLocked(Proc& proc, const std::vector<std::string>& argv) {
  CommandFn command = FindCommand(argv[0], proc);
  if (!command) {
    // mksh: "inaccessible or not found", status 127.
    proc.Err("/system/bin/sh: " + argv[0] + ": inaccessible or not found\n");
    return 127;
  }
  return command(proc, argv);
}

}  // namespace appvault::phone
