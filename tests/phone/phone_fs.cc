#include "phone/phone_fs.h"

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>
#include <vector>

namespace appvault::phone {
namespace {

namespace fs = std::filesystem;

bool Under(std::string_view path, std::string_view dir) {
  return path == dir ||
         (path.size() > dir.size() && path.substr(0, dir.size()) == dir && path[dir.size()] == '/');
}

// The package folder of an app data path: "/data/user/0/PKG/..." -> "PKG", else "".
std::string AppPackageOf(std::string_view path) {
  for (std::string_view base : {"/data/user/0/", "/data/user_de/0/"}) {
    if (path.substr(0, base.size()) == base) {
      std::string_view rest = path.substr(base.size());
      return std::string(rest.substr(0, rest.find('/')));
    }
  }
  return "";
}

constexpr const char* kAliases[][2] = {
    {"/data/data", "/data/user/0"},
    {"/storage/emulated/0", "/sdcard"},
    {"/storage/self/primary", "/sdcard"},
};

}  // namespace

std::string UserName(int uid) {
  if (uid == kRootUid) return "root";
  if (uid == kSystemUid) return "system";
  if (uid == kShellUid) return "shell";
  if (uid >= kFirstAppUid) return "u0_a" + std::to_string(uid - kFirstAppUid);
  return std::to_string(uid);
}

PhoneFs::PhoneFs(std::string state_dir)
    : root_(state_dir + "/fs"), owners_file_(state_dir + "/owners.json") {
  for (const char* dir :
       {"/data/app", "/data/user/0", "/data/user_de/0", "/data/local/tmp", "/sdcard"}) {
    fs::create_directories(root_ + dir);
  }
  std::ifstream in(owners_file_);
  if (!in) return;
  nlohmann::json doc = nlohmann::json::parse(in, nullptr, false);
  if (doc.is_discarded()) return;
  for (auto& [path, m] : doc["files"].items()) {
    meta_[path] = FileMeta{m.value("uid", 0), m.value("gid", 0), m.value("context", "")};
  }
  for (auto& [pkg, uid] : doc["apps"].items())
    app_uids_[pkg] = uid.get<int>();
}

Result<std::string> PhoneFs::Normalize(std::string_view path, std::string_view cwd) const {
  if (path.find('\0') != std::string_view::npos) {
    return Status(StatusCode::kInvalidArgument, "a path with a NUL byte");
  }
  std::string full = !path.empty() && path[0] == '/' ? std::string(path)
                                                     : std::string(cwd) + "/" + std::string(path);
  std::vector<std::string> parts;
  std::stringstream ss(full);
  std::string part;
  while (std::getline(ss, part, '/')) {
    if (part.empty() || part == ".") continue;
    if (part == "..") {
      if (parts.empty()) {
        return Status(StatusCode::kInvalidArgument, "'..' above '/' in " + std::string(path));
      }
      parts.pop_back();
      continue;
    }
    parts.push_back(part);
  }
  std::string out;
  for (const std::string& p : parts)
    out += "/" + p;
  if (out.empty()) out = "/";
  for (const auto& alias : kAliases) {
    if (Under(out, alias[0])) out = alias[1] + out.substr(std::strlen(alias[0]));
  }
  return out;
}

std::string PhoneFs::HostPath(const std::string& phone_path) const {
  return phone_path == "/" ? root_ : root_ + phone_path;
}

int PhoneFs::CheckRead(const Who& who, const std::string& path) const {
  if (who.uid == kRootUid) return 0;
  if (Under(path, "/data/local/tmp") || Under(path, "/sdcard")) return 0;
  // Base and split APKs are world-readable (pm path + adb pull work without root), but
  // /data/app itself cannot be listed (drwxrwx--x system system).
  if (Under(path, "/data/app") && path != "/data/app") return 0;
  std::string pkg = AppPackageOf(path);
  if (!pkg.empty() && who.uid >= kFirstAppUid && who.package == pkg) return 0;
  if (path == "/" || path == "/data" || path == "/storage") return 0;
  return EACCES;
}

int PhoneFs::CheckWrite(const Who& who, const std::string& path) const {
  if (who.uid == kRootUid) return 0;
  if (who.uid == kShellUid && (Under(path, "/data/local/tmp") || Under(path, "/sdcard")) &&
      path != "/data/local/tmp" && path != "/sdcard") {
    return 0;
  }
  std::string pkg = AppPackageOf(path);
  bool inside = path != "/data/user/0/" + pkg && path != "/data/user_de/0/" + pkg;
  if (!pkg.empty() && inside && who.uid >= kFirstAppUid && who.package == pkg) return 0;
  return EACCES;
}

int PhoneFs::AppUidOf(const std::string& path) const {
  auto it = app_uids_.find(AppPackageOf(path));
  return it == app_uids_.end() ? -1 : it->second;
}

std::string PhoneFs::DefaultContext(const std::string& path) const {
  // file_contexts and seapp_contexts: app data carries the app's MLS categories
  // (appid & 0xff, 256 + (appid >> 8 & 0xff), then the user's c512,c768).
  int uid = AppUidOf(path);
  if (uid >= kFirstAppUid) {
    int appid = uid - kFirstAppUid;
    return "u:object_r:app_data_file:s0:c" + std::to_string(appid & 0xff) + ",c" +
           std::to_string(256 + ((appid >> 8) & 0xff)) + ",c512,c768";
  }
  if (Under(path, "/data/local/tmp")) return "u:object_r:shell_data_file:s0";
  if (Under(path, "/data/app")) return "u:object_r:apk_data_file:s0";
  if (Under(path, "/sdcard")) return "u:object_r:fuse:s0";
  return "u:object_r:system_data_file:s0";
}

FileMeta PhoneFs::Meta(const std::string& path) const {
  auto it = meta_.find(path);
  if (it != meta_.end()) {
    FileMeta m = it->second;
    if (m.context.empty()) m.context = DefaultContext(path);
    return m;
  }
  FileMeta m;
  m.context = DefaultContext(path);
  int uid = AppUidOf(path);
  if (uid >= kFirstAppUid) {
    m.uid = m.gid = uid;
  } else if (Under(path, "/data/local/tmp") && path != "/data/local/tmp") {
    m.uid = m.gid = kShellUid;
  } else if (Under(path, "/data/app")) {
    m.uid = m.gid = kSystemUid;
  }
  return m;
}

void PhoneFs::SetMeta(const std::string& path, const FileMeta& meta) {
  meta_[path] = meta;
}

void PhoneFs::ForgetTree(const std::string& path) {
  for (auto it = meta_.lower_bound(path); it != meta_.end() && Under(it->first, path);) {
    it = meta_.erase(it);
  }
}

void PhoneFs::SetAppUid(const std::string& package, int uid) {
  if (uid < 0) {
    app_uids_.erase(package);
  } else {
    app_uids_[package] = uid;
  }
}

Status PhoneFs::Save() const {
  nlohmann::json doc;
  doc["files"] = nlohmann::json::object();
  for (const auto& [path, m] : meta_) {
    doc["files"][path] = {{"uid", m.uid}, {"gid", m.gid}, {"context", m.context}};
  }
  doc["apps"] = nlohmann::json::object();
  for (const auto& [pkg, uid] : app_uids_)
    doc["apps"][pkg] = uid;
  return WriteFileAtomically(owners_file_, doc.dump(1));
}

Status WriteFileAtomically(const std::string& path, const std::string& bytes) {
  std::string tmp = path + ".tmp";
  int fd = ::open(tmp.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
  bool ok = fd >= 0 &&
            ::write(fd, bytes.data(), bytes.size()) == static_cast<ssize_t>(bytes.size()) &&
            ::fsync(fd) == 0;
  if (fd >= 0) ::close(fd);
  if (!ok || ::rename(tmp.c_str(), path.c_str()) != 0) {
    return Status(StatusCode::kUnavailable, "cannot write " + path + ": " + std::strerror(errno));
  }
  return Status::Ok();
}

}  // namespace appvault::phone
