#include <cstring>

#include "phone/services.h"

namespace appvault::phone {
namespace {

// shell_protocol.h: packet ids.
constexpr char kIdStdin = 0, kIdStdout = 1, kIdStderr = 2, kIdExit = 3, kIdCloseStdin = 4;

std::string Packet(char id, const std::string& data) {
  std::string p(1, id);
  std::uint32_t n = static_cast<std::uint32_t>(data.size());
  for (int i = 0; i < 4; ++i)
    p.push_back(static_cast<char>((n >> (8 * i)) & 0xff));
  return p + data;
}

// stdin of a shell v2 stream: data packets until close-stdin (or the stream ends).
class ShellV2Input : public Input {
 public:
  explicit ShellV2Input(Stream& s) : s_(s) {}
  std::string Read(std::size_t max) override {
    while (buffer_.empty() && !ended_) {
      std::string header;
      if (!s_.ReadExactly(5, &header)) {
        ended_ = true;
        break;
      }
      std::uint32_t n = 0;
      for (int i = 0; i < 4; ++i)
        n |= static_cast<std::uint32_t>(static_cast<unsigned char>(header[1 + i])) << (8 * i);
      std::string data;
      if (!s_.ReadExactly(n, &data)) {
        ended_ = true;
        break;
      }
      if (header[0] == kIdStdin)
        buffer_ += data;
      else if (header[0] == kIdCloseStdin)
        ended_ = true;  // window-size packets are ignored
    }
    std::string out = buffer_.substr(0, max);
    buffer_.erase(0, out.size());
    return out;
  }

 private:
  Stream& s_;
  std::string buffer_;
  bool ended_ = false;
};

// stdin of a raw stream (exec:, shell v1, abb_exec): its bytes until the host closes it.
class RawInput : public Input {
 public:
  explicit RawInput(Stream& s) : s_(s) {}
  std::string Read(std::size_t max) override { return s_.ReadSome(max); }

 private:
  Stream& s_;
};

enum class Mode { kShellV2, kRaw };

void RunShell(Phone* phone, Stream& stream, Mode mode, const std::string& line) {
  ShellV2Input v2_in(stream);
  RawInput raw_in(stream);
  Proc proc;
  proc.phone = phone;
  proc.who = phone->AdbdUser();
  proc.in = mode == Mode::kShellV2 ? static_cast<Input*>(&v2_in) : &raw_in;
  int status = phone->RunLine(proc, line);
  if (mode == Mode::kShellV2) {
    std::string reply;
    if (!proc.out.empty()) reply += Packet(kIdStdout, proc.out);
    if (!proc.err.empty()) reply += Packet(kIdStderr, proc.err);
    reply += Packet(kIdExit, std::string(1, static_cast<char>(status & 0xff)));
    stream.Write(reply);
  } else {
    stream.Write(proc.out + proc.err);  // raw: one stream, the exit status is lost
  }
}

}  // namespace

ServiceFn RouteService(Phone* phone, const std::string& name) {
  if (name == "sync:") return [phone](Stream& s) { ServeSync(phone, s); };
  if (name.rfind("exec:", 0) == 0) {
    std::string line = name.substr(5);
    return [phone, line](Stream& s) { RunShell(phone, s, Mode::kRaw, line); };
  }
  if (name.rfind("abb_exec:", 0) == 0) {
    // abb_exec:SERVICE\0ARG\0ARG...: arguments of `cmd SERVICE`, no shell involved.
    std::vector<std::string> argv = {"cmd"};
    std::string rest = name.substr(9);
    std::size_t start = 0;
    for (std::size_t i = 0; i <= rest.size(); ++i) {
      if (i == rest.size() || rest[i] == '\0') {
        argv.push_back(rest.substr(start, i - start));
        start = i + 1;
      }
    }
    return [phone, argv](Stream& s) {
      RawInput in(s);
      Proc proc;
      proc.phone = phone;
      proc.who = phone->AdbdUser();
      proc.in = &in;
      phone->RunArgv(proc, argv);
      s.Write(proc.out + proc.err);
    };
  }
  if (name.rfind("shell", 0) == 0) {
    // shell[,ARG...]:COMMAND — ARGs: v2, raw, pty, TERM=... (services.cpp ShellService).
    std::size_t colon = name.find(':');
    if (colon == std::string::npos) return nullptr;
    std::string args = name.substr(5, colon - 5);
    std::string line = name.substr(colon + 1);
    if (line.empty()) return nullptr;  // interactive shells are not emulated
    bool v2 = args.find(",v2") != std::string::npos;
    return [phone, line, v2](Stream& s) {
      RunShell(phone, s, v2 ? Mode::kShellV2 : Mode::kRaw, line);
    };
  }
  return nullptr;
}

}  // namespace appvault::phone
