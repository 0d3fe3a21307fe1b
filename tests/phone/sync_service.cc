// The sync service (system/core/adb/SYNC.TXT, file_sync_protocol.h, daemon/file_sync_service.cpp):
// STAT, STA2/LST2 (stat_v2), LIST, SEND, RECV, QUIT, inside the emulator's state and with
// the adbd user's permissions.
#include <sys/stat.h>
#include <utime.h>

#include <cerrno>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <vector>

#include "phone/services.h"

namespace appvault::phone {
namespace {

namespace fs = std::filesystem;

constexpr std::size_t kMaxPath = 1024;           // file_sync_protocol.h
constexpr std::size_t kSyncDataMax = 64 * 1024;  // SYNC_DATA_MAX

std::string Le32(std::uint32_t v) {
  std::string s;
  for (int i = 0; i < 4; ++i)
    s.push_back(static_cast<char>((v >> (8 * i)) & 0xff));
  return s;
}
std::string Le64(std::uint64_t v) {
  return Le32(static_cast<std::uint32_t>(v)) + Le32(static_cast<std::uint32_t>(v >> 32));
}
std::uint32_t ParseLe32(const std::string& s, std::size_t at) {
  std::uint32_t v = 0;
  for (int i = 0; i < 4; ++i)
    v |= static_cast<std::uint32_t>(static_cast<unsigned char>(s[at + i])) << (8 * i);
  return v;
}

std::string Fail(const std::string& message) {
  return "FAIL" + Le32(static_cast<std::uint32_t>(message.size())) + message;
}

class SyncSession {
 public:
  SyncSession(Phone* phone, Stream& s) : phone_(phone), s_(s), who_(phone->AdbdUser()) {}

  void Run() {
    std::string header;
    while (s_.ReadExactly(8, &header)) {
      std::string id = header.substr(0, 4);
      std::uint32_t len = ParseLe32(header, 4);
      if (id == "QUIT") return;
      if (len > kMaxPath) {
        s_.Write(Fail("path too long"));
        return;
      }
      std::string path;
      if (!s_.ReadExactly(len, &path)) return;
      bool go_on = true;
      std::lock_guard lock(phone_->mutex());
      if (id == "STAT")
        Stat(path);
      else if (id == "STA2" || id == "LST2")
        Stat2(id, path);
      else if (id == "LIST")
        List(path);
      else if (id == "SEND")
        go_on = Send(path);
      else if (id == "RECV")
        go_on = Recv(path);
      else {
        s_.Write(Fail("unknown sync command"));
        return;
      }
      if (!go_on) return;
    }
  }

 private:
  // 0 and the host path when the adbd user may reach phone path p.
  int Locate(const std::string& p, bool write, std::string* host, std::string* phone_path) {
    auto n = phone_->fs().Normalize(p);
    if (!n.ok()) return EACCES;
    *phone_path = *n;
    *host = phone_->fs().HostPath(*n);
    return write ? phone_->fs().CheckWrite(who_, *n) : phone_->fs().CheckRead(who_, *n);
  }

  void Stat(const std::string& p) {
    std::string host, phone_path;
    struct stat st {};
    if (Locate(p, false, &host, &phone_path) != 0 || ::lstat(host.c_str(), &st) != 0) st = {};
    s_.Write("STAT" + Le32(st.st_mode) + Le32(static_cast<std::uint32_t>(st.st_size)) +
             Le32(static_cast<std::uint32_t>(st.st_mtime)));
  }

  void Stat2(const std::string& id, const std::string& p) {
    std::string host, phone_path;
    struct stat st {};
    int err = Locate(p, false, &host, &phone_path);
    if (err == 0 && ::lstat(host.c_str(), &st) != 0) err = errno;
    if (err != 0) st = {};
    FileMeta meta = err == 0 ? phone_->fs().Meta(phone_path) : FileMeta{};
    // sync_stat_v2: id, error, dev, ino, mode, nlink, uid, gid, size, atime, mtime, ctime.
    s_.Write(id + Le32(static_cast<std::uint32_t>(err)) + Le64(st.st_dev) + Le64(st.st_ino) +
             Le32(st.st_mode) + Le32(static_cast<std::uint32_t>(st.st_nlink)) +
             Le32(err ? 0 : meta.uid) + Le32(err ? 0 : meta.gid) +
             Le64(static_cast<std::uint64_t>(st.st_size)) +
             Le64(static_cast<std::uint64_t>(st.st_atime)) +
             Le64(static_cast<std::uint64_t>(st.st_mtime)) +
             Le64(static_cast<std::uint64_t>(st.st_ctime)));
  }

  // DENT mode size mtime namelen name, ..., then DONE with zeros.
  void List(const std::string& p) {
    std::string host, phone_path, reply;
    std::error_code ec;
    if (Locate(p, false, &host, &phone_path) == 0 &&
        !(phone_path == "/data/app" && who_.uid != kRootUid)) {
      for (const auto& e : fs::directory_iterator(host, ec)) {
        struct stat st;
        if (::lstat(e.path().c_str(), &st) != 0) continue;
        std::string name = e.path().filename().string();
        reply += "DENT" + Le32(st.st_mode) + Le32(static_cast<std::uint32_t>(st.st_size)) +
                 Le32(static_cast<std::uint32_t>(st.st_mtime)) +
                 Le32(static_cast<std::uint32_t>(name.size())) + name;
      }
    }
    s_.Write(reply + "DONE" + Le32(0) + Le32(0) + Le32(0) + Le32(0));
  }

  // SEND "path,mode": DATA chunks then DONE mtime; OKAY or FAIL once everything arrived.
  bool Send(const std::string& spec) {
    std::size_t comma = spec.rfind(',');
    std::string p = spec.substr(0, comma);
    mode_t mode = comma == std::string::npos
                      ? 0644
                      : static_cast<mode_t>(std::strtoul(spec.c_str() + comma + 1, nullptr, 10));
    std::string host, phone_path, data, header, chunk;
    std::uint32_t mtime = 0;
    while (true) {
      if (!s_.ReadExactly(8, &header)) return false;
      std::string id = header.substr(0, 4);
      std::uint32_t n = ParseLe32(header, 4);
      if (id == "DONE") {
        mtime = n;
        break;
      }
      if (id != "DATA" || n > kSyncDataMax) {
        s_.Write(Fail("invalid data message"));
        return false;
      }
      if (!s_.ReadExactly(n, &chunk)) return false;
      data += chunk;
    }
    int err = Locate(p, true, &host, &phone_path);
    if (err == 0 && S_ISLNK(mode)) err = EPERM;  // links are not emulated
    std::error_code ec;
    std::vector<std::string> made;  // folders this push creates, outermost last
    if (err == 0) {
      for (std::string dir = phone_path.substr(0, phone_path.rfind('/'));
           !dir.empty() && !fs::exists(phone_->fs().HostPath(dir), ec);
           dir = dir.substr(0, dir.rfind('/'))) {
        made.push_back(dir);
      }
      fs::create_directories(fs::path(host).parent_path(), ec);  // fixed_push_mkdir
      std::ofstream out(host, std::ios::binary | std::ios::trunc);
      out.write(data.data(), static_cast<std::streamsize>(data.size()));
      if (!out.flush()) err = fs::is_directory(host, ec) ? EISDIR : ENOENT;
    }
    if (err != 0) {
      // handle_send_file: SendSyncFailErrno(s, "couldn't create file").
      s_.Write(Fail(std::string("couldn't create file: ") + std::strerror(err)));
      return false;
    }
    ::chmod(host.c_str(), mode & 0777);
    struct utimbuf times = {static_cast<time_t>(mtime), static_cast<time_t>(mtime)};
    ::utime(host.c_str(), &times);
    Proc proc;
    proc.phone = phone_;
    proc.who = who_;
    RecordCreated(proc, phone_path);
    for (const std::string& dir : made)
      RecordCreated(proc, dir);
    phone_->fs().Save().ok();
    s_.Write("OKAY" + Le32(0));
    return true;
  }

  bool Recv(const std::string& p) {
    std::string host, phone_path;
    int err = Locate(p, false, &host, &phone_path);
    std::ifstream in;
    std::error_code ec;
    if (err == 0 && fs::is_directory(host, ec)) err = EISDIR;
    if (err == 0) {
      in.open(host, std::ios::binary);
      if (!in) err = ENOENT;
    }
    if (err != 0) {
      // do_recv: SendSyncFailErrno(s, "open failed").
      s_.Write(Fail(std::string("open failed: ") + std::strerror(err)));
      return false;
    }
    std::string reply;
    std::string buffer(kSyncDataMax, '\0');
    while (in.read(buffer.data(), static_cast<std::streamsize>(buffer.size())) || in.gcount() > 0) {
      std::size_t n = static_cast<std::size_t>(in.gcount());
      reply += "DATA" + Le32(static_cast<std::uint32_t>(n)) + buffer.substr(0, n);
      if (reply.size() >= (4u << 20)) {
        if (!s_.Write(reply)) return false;
        reply.clear();
      }
    }
    return s_.Write(reply + "DONE" + Le32(0));
  }

  Phone* phone_;
  Stream& s_;
  Who who_;
};

}  // namespace

void ServeSync(Phone* phone, Stream& stream) {
  SyncSession(phone, stream).Run();
}

}  // namespace appvault::phone
