// toybox tar as the client uses it on a phone: create (-c) and extract (-x) of a data
// folder, -f FILE or - (stdin/stdout), -C DIR, -z. Archives are written and read with
// libarchive (ustar/pax). Extraction refuses what a backup of app data never needs and an
// archive must not smuggle: absolute names, `..`, links, devices.
#include <archive.h>
#include <archive_entry.h>
#include <sys/stat.h>

#include <cerrno>
#include <filesystem>
#include <fstream>
#include <memory>

#include "phone/phone.h"

namespace appvault::phone {
namespace {

namespace fs = std::filesystem;

struct TarOptions {
  char mode = 0;  // 'c', 'x' or 't'
  bool gzip = false;
  std::string file = "-";
  std::string dir = ".";
  std::vector<std::string> names;
};

bool ParseTar(Proc& proc, const std::vector<std::string>& a, TarOptions* o) {
  std::size_t i = 1;
  for (; i < a.size(); ++i) {
    std::string w = a[i];
    if (w == "--numeric-owner" || w == "-p" || w == "--preserve-permissions") continue;
    if (w == "-C" || w == "--directory") {
      if (++i >= a.size()) return false;
      o->dir = a[i];
      continue;
    }
    bool flags =
        (w.size() > 1 && w[0] == '-' && w[1] != '-') || (i == 1 && !w.empty() && w[0] != '-');
    if (!flags) {
      o->names.push_back(w);
      continue;
    }
    for (char c : w) {
      if (c == '-') continue;
      if (c == 'c' || c == 'x' || c == 't')
        o->mode = c;
      else if (c == 'z')
        o->gzip = true;
      else if (c == 'f') {
        if (++i >= a.size()) return false;
        o->file = a[i];
      } else if (c == 'C') {
        if (++i >= a.size()) return false;
        o->dir = a[i];
      } else if (c != 'v' && c != 'p') {
        proc.Err("tar: Unknown option '" + std::string(1, c) + "'\n");
        return false;
      }
    }
  }
  return o->mode != 0;
}

using ArchivePtr = std::unique_ptr<struct archive, int (*)(struct archive*)>;

int Create(Proc& proc, const TarOptions& o) {
  PhoneFs& pfs = proc.phone->fs();
  auto base = pfs.Normalize(o.dir, proc.cwd);
  if (!base.ok()) {
    proc.Err("tar: " + base.status().message() + "\n");
    return 1;
  }
  std::string data;
  ArchivePtr a(archive_write_new(), archive_write_free);
  archive_write_set_format_pax_restricted(a.get());
  if (o.gzip) archive_write_add_filter_gzip(a.get());
  archive_write_set_bytes_in_last_block(a.get(), 1);
  archive_write_open(
      a.get(), &data, nullptr,
      [](struct archive*, void* ctx, const void* buf, size_t n) -> la_ssize_t {
        static_cast<std::string*>(ctx)->append(static_cast<const char*>(buf), n);
        return static_cast<la_ssize_t>(n);
      },
      nullptr);
  int status = 0;
  auto add = [&](const std::string& rel) {
    std::string phone_path = *base == "/" ? "/" + rel : *base + "/" + rel;
    if (int err = pfs.CheckRead(proc.who, phone_path); err != 0) {
      proc.Err(ErrnoLine("tar", rel, err));
      status = 1;
      return false;
    }
    std::string host = pfs.HostPath(phone_path);
    struct stat st;
    if (::lstat(host.c_str(), &st) != 0) {
      proc.Err(ErrnoLine("tar", rel, ENOENT));
      status = 1;
      return false;
    }
    if (!S_ISDIR(st.st_mode) && !S_ISREG(st.st_mode)) return false;
    FileMeta meta = pfs.Meta(phone_path);
    std::unique_ptr<struct archive_entry, void (*)(struct archive_entry*)> e(archive_entry_new(),
                                                                             archive_entry_free);
    archive_entry_copy_stat(e.get(), &st);
    archive_entry_set_pathname(e.get(), (S_ISDIR(st.st_mode) ? rel + "/" : rel).c_str());
    archive_entry_set_uid(e.get(), meta.uid);
    archive_entry_set_gid(e.get(), meta.gid);
    archive_entry_set_uname(e.get(), UserName(meta.uid).c_str());
    archive_entry_set_gname(e.get(), UserName(meta.gid).c_str());
    archive_write_header(a.get(), e.get());
    if (S_ISREG(st.st_mode)) {
      std::ifstream in(host, std::ios::binary);
      std::string bytes((std::istreambuf_iterator<char>(in)), {});
      archive_write_data(a.get(), bytes.data(), bytes.size());
    }
    return S_ISDIR(st.st_mode);
  };
  for (const std::string& name : o.names) {
    auto check = pfs.Normalize(name, *base);
    if (!check.ok()) {
      proc.Err("tar: " + check.status().message() + "\n");
      status = 1;
      continue;
    }
    std::string rel = name;
    while (rel.size() > 1 && rel.back() == '/')
      rel.pop_back();
    if (!add(rel)) continue;
    std::string host = pfs.HostPath(*check);
    std::error_code ec;
    std::vector<std::string> below;
    for (auto it = fs::recursive_directory_iterator(host, ec);
         it != fs::recursive_directory_iterator(); it.increment(ec)) {
      below.push_back(rel + "/" + fs::relative(it->path(), host, ec).string());
    }
    std::sort(below.begin(), below.end());
    for (const std::string& r : below)
      add(r);
  }
  archive_write_close(a.get());
  if (o.file == "-") {
    proc.Out(data);
  } else {
    auto out = pfs.Normalize(o.file, proc.cwd);
    if (!out.ok() || pfs.CheckWrite(proc.who, *out) != 0) {
      proc.Err(ErrnoLine("tar", o.file, EACCES));
      return 1;
    }
    std::ofstream(pfs.HostPath(*out), std::ios::binary | std::ios::trunc) << data;
    RecordCreated(proc, *out);
  }
  return status;
}

// Reads the whole archive (stdin or a phone file).
bool ReadArchiveBytes(Proc& proc, const TarOptions& o, std::string* bytes) {
  if (o.file == "-") {
    for (std::string part; !(part = proc.in->Read(1 << 20)).empty();)
      *bytes += part;
    return true;
  }
  PhoneFs& pfs = proc.phone->fs();
  auto in_path = pfs.Normalize(o.file, proc.cwd);
  std::ifstream in;
  if (in_path.ok() && pfs.CheckRead(proc.who, *in_path) == 0)
    in.open(pfs.HostPath(*in_path), std::ios::binary);
  if (!in) {
    int err = in_path.ok() ? pfs.CheckRead(proc.who, *in_path) : EACCES;
    proc.Err(ErrnoLine("tar", o.file, err != 0 ? err : ENOENT));
    return false;
  }
  bytes->assign(std::istreambuf_iterator<char>(in), {});
  return true;
}

int Extract(Proc& proc, const TarOptions& o) {
  PhoneFs& pfs = proc.phone->fs();
  auto base = pfs.Normalize(o.dir, proc.cwd);
  if (!base.ok()) {
    proc.Err("tar: " + base.status().message() + "\n");
    return 1;
  }
  std::string bytes;
  if (!ReadArchiveBytes(proc, o, &bytes)) return 1;
  ArchivePtr a(archive_read_new(), archive_read_free);
  archive_read_support_format_tar(a.get());
  archive_read_support_filter_gzip(a.get());
  if (archive_read_open_memory(a.get(), bytes.data(), bytes.size()) != ARCHIVE_OK) {
    proc.Err("tar: not tar\n");
    return 1;
  }
  int status = 0;
  struct archive_entry* e;
  int r;
  while ((r = archive_read_next_header(a.get(), &e)) == ARCHIVE_OK) {
    std::string name = archive_entry_pathname(e);
    auto type = archive_entry_filetype(e);
    if (o.mode == 't') {
      proc.Out(name + "\n");
      continue;
    }
    auto path = pfs.Normalize(name, *base);
    bool inside = path.ok() && name[0] != '/' && (path->rfind(*base, 0) == 0);
    if (!inside || (type != AE_IFREG && type != AE_IFDIR)) {
      // Links, devices and names leaving -C are refused (the emulator's safety rule).
      proc.Err("tar: refusing '" + name + "'\n");
      status = 1;
      continue;
    }
    if (int err = pfs.CheckWrite(proc.who, *path); err != 0) {
      proc.Err(ErrnoLine("tar", name, err));
      status = 1;
      continue;
    }
    std::string host = pfs.HostPath(*path);
    std::error_code ec;
    if (type == AE_IFDIR) {
      fs::create_directories(host, ec);
    } else {
      fs::create_directories(fs::path(host).parent_path(), ec);
      std::ofstream out(host, std::ios::binary | std::ios::trunc);
      const void* buf;
      size_t n;
      la_int64_t off;
      while (archive_read_data_block(a.get(), &buf, &n, &off) == ARCHIVE_OK) {
        out.write(static_cast<const char*>(buf), static_cast<std::streamsize>(n));
      }
    }
    ::chmod(host.c_str(), archive_entry_perm(e) | (type == AE_IFDIR ? 0700 : 0600));
    RecordCreated(proc, *path);
    if (proc.who.uid == kRootUid) {  // toybox tar as root keeps the archive's owners
      FileMeta m = pfs.Meta(*path);
      m.uid = static_cast<int>(archive_entry_uid(e));
      m.gid = static_cast<int>(archive_entry_gid(e));
      pfs.SetMeta(*path, m);
    }
  }
  if (r != ARCHIVE_EOF) {
    proc.Err(std::string("tar: ") + archive_error_string(a.get()) + "\n");
    status = 1;
  }
  pfs.Save().ok();
  return status;
}

}  // namespace

int TarCommand(Proc& proc, const std::vector<std::string>& args) {
  TarOptions o;
  if (!ParseTar(proc, args, &o)) {
    proc.Err("tar: Need one of 'ctx'\n");
    return 1;
  }
  return o.mode == 'c' ? Create(proc, o) : Extract(proc, o);
}

}  // namespace appvault::phone
