// The phone's shell commands besides pm and tar: getprop (toolbox), wm (WindowManager
// ShellCommand), am force-stop, settings, run-as (system/core/run-as/run-as.cpp), su (as
// Magisk's), and the toybox file commands the client uses (id, cat, ls, stat, mkdir, rm,
// chown, restorecon, echo, true, false, sh -c).
#include <sys/stat.h>

#include <algorithm>
#include <cerrno>
#include <ctime>
#include <filesystem>
#include <fstream>
#include <map>

#include "phone/phone.h"

namespace appvault::phone {
namespace {

namespace fs = std::filesystem;
using Args = std::vector<std::string>;

std::string Join(const std::vector<std::string>& v, const std::string& sep) {
  std::string out;
  for (const std::string& s : v)
    out += (out.empty() ? "" : sep) + s;
  return out;
}

std::string ReleaseOf(int sdk) {
  static const std::map<int, std::string> kReleases = {{28, "9"},  {29, "10"}, {30, "11"},
                                                       {31, "12"}, {32, "12"}, {33, "13"},
                                                       {34, "14"}, {35, "15"}};
  auto it = kReleases.find(sdk);
  return it == kReleases.end() ? std::to_string(sdk) : it->second;
}

std::map<std::string, std::string> Properties(const Profile& p) {
  std::string first_locale = p.locales.empty() ? "en-US" : p.locales.front();
  return {
      {"ro.build.version.sdk", std::to_string(p.sdk)},
      {"ro.build.version.release", ReleaseOf(p.sdk)},
      {"ro.build.version.codename", "REL"},
      {"ro.build.type", "user"},
      {"ro.debuggable", "0"},
      {"ro.secure", "1"},
      {"ro.product.cpu.abilist", Join(p.abis, ",")},
      {"ro.product.cpu.abi", p.abis.empty() ? "" : p.abis.front()},
      {"ro.product.model", p.model},
      {"ro.product.manufacturer", "appvault"},
      {"ro.product.name", "appvault_phone"},
      {"ro.product.device", "emu"},
      {"ro.product.locale", first_locale},
      {"persist.sys.locale", first_locale},
      {"ro.sf.lcd_density", std::to_string(p.density)},
      {"service.adb.root", p.root ? "1" : "0"},
  };
}

// toolbox/getprop.cpp: "[name]: [value]" sorted by name; one name prints its value.
int Getprop(Proc& proc, const Args& a) {
  auto props = Properties(proc.phone->profile());
  if (a.size() >= 2) {
    auto it = props.find(a[1]);
    proc.Out((it != props.end() ? it->second : (a.size() >= 3 ? a[2] : "")) + "\n");
    return 0;
  }
  for (const auto& [k, v] : props)
    proc.Out("[" + k + "]: [" + v + "]\n");
  return 0;
}

// WindowManagerShellCommand.java runDisplayDensity / runDisplaySize.
int Wm(Proc& proc, const Args& a) {
  if (a.size() == 2 && a[1] == "density") {
    proc.Out("Physical density: " + std::to_string(proc.phone->profile().density) + "\n");
    return 0;
  }
  if (a.size() == 2 && a[1] == "size") {
    proc.Out("Physical size: 1080x2400\n");
    return 0;
  }
  proc.Err("Error: the emulator answers only 'wm density' and 'wm size'\n");
  return 255;
}

// ActivityManagerShellCommand.java runForceStop: no output.
int Am(Proc& proc, const Args& a) {
  if (a.size() >= 3 && a[1] == "force-stop") {
    proc.phone->LogEvent("force-stop " + a.back());
    return 0;
  }
  proc.Err("Error: the emulator answers only 'am force-stop PKG'\n");
  return 255;
}

// SettingsService: `settings get NAMESPACE KEY`, "null" when unset.
int Settings(Proc& proc, const Args& a) {
  if (a.size() == 4 && a[1] == "get") {
    if (a[2] == "system" && a[3] == "system_locales") {
      proc.Out(Join(proc.phone->profile().locales, ",") + "\n");
    } else {
      proc.Out("null\n");
    }
    return 0;
  }
  proc.Err("Error: the emulator answers only 'settings get'\n");
  return 255;
}

// toybox id.
int Id(Proc& proc, const Args&) {
  int uid = proc.who.uid;
  std::string name = UserName(uid);
  std::string context = uid == kRootUid    ? "u:r:su:s0"
                        : uid == kShellUid ? "u:r:shell:s0"
                                           : "u:r:untrusted_app:s0";
  proc.Out("uid=" + std::to_string(uid) + "(" + name + ") gid=" + std::to_string(uid) + "(" + name +
           ") groups=" + std::to_string(uid) + "(" + name + ") context=" + context + "\n");
  return 0;
}

int Echo(Proc& proc, const Args& a) {
  proc.Out(Join(Args(a.begin() + 1, a.end()), " ") + "\n");
  return 0;
}

// A phone path for a file command, with toybox's error on failure (0 = fine).
int Resolve(Proc& proc, const std::string& tool, const std::string& arg, std::string* path,
            bool write) {
  auto p = proc.phone->fs().Normalize(arg, proc.cwd);
  if (!p.ok()) {
    proc.Err(ErrnoLine(tool, arg, EACCES));
    return EACCES;
  }
  *path = *p;
  int err = write ? proc.phone->fs().CheckWrite(proc.who, *path)
                  : proc.phone->fs().CheckRead(proc.who, *path);
  if (err != 0) proc.Err(ErrnoLine(tool, arg, err));
  return err;
}

int Cat(Proc& proc, const Args& a) {
  int status = 0;
  for (std::size_t i = 1; i < a.size(); ++i) {
    std::string path;
    if (Resolve(proc, "cat", a[i], &path, false) != 0) {
      status = 1;
      continue;
    }
    std::ifstream in(proc.phone->fs().HostPath(path), std::ios::binary);
    if (!in || fs::is_directory(proc.phone->fs().HostPath(path))) {
      proc.Err(ErrnoLine("cat", a[i], in ? EISDIR : ENOENT));
      status = 1;
      continue;
    }
    proc.Out(std::string(std::istreambuf_iterator<char>(in), {}));
  }
  return status;
}

std::string ModeString(mode_t m) {
  std::string s = S_ISDIR(m) ? "d" : S_ISLNK(m) ? "l" : "-";
  const char* rwx = "rwxrwxrwx";
  for (int i = 0; i < 9; ++i)
    s += (m & (0400 >> i)) ? rwx[i] : '-';
  return s;
}

// toybox stat -c: the formats the client uses (%u %U %g %G %n %s %a %A %F %C %Y).
std::string StatFormat(Proc& proc, const std::string& fmt, const std::string& name,
                       const std::string& path, const struct stat& st) {
  FileMeta meta = proc.phone->fs().Meta(path);
  std::string out;
  for (std::size_t i = 0; i < fmt.size(); ++i) {
    if (fmt[i] != '%' || i + 1 == fmt.size()) {
      out += fmt[i];
      continue;
    }
    char c = fmt[++i];
    switch (c) {
      case 'u':
        out += std::to_string(meta.uid);
        break;
      case 'U':
        out += UserName(meta.uid);
        break;
      case 'g':
        out += std::to_string(meta.gid);
        break;
      case 'G':
        out += UserName(meta.gid);
        break;
      case 'n':
        out += name;
        break;
      case 's':
        out += std::to_string(st.st_size);
        break;
      case 'a': {
        char buf[8];
        std::snprintf(buf, sizeof buf, "%o", st.st_mode & 07777);
        out += buf;
        break;
      }
      case 'A':
        out += ModeString(st.st_mode);
        break;
      case 'F':
        out += S_ISDIR(st.st_mode) ? "directory"
               : st.st_size == 0   ? "regular empty file"
                                   : "regular file";
        break;
      case 'C':
        out += meta.context;
        break;
      case 'Y':
        out += std::to_string(st.st_mtime);
        break;
      case '%':
        out += '%';
        break;
      default:
        out += '%';
        out += c;
    }
  }
  return out;
}

int Stat(Proc& proc, const Args& a) {
  std::string fmt;
  std::vector<std::string> paths;
  for (std::size_t i = 1; i < a.size(); ++i) {
    if (a[i] == "-c" && i + 1 < a.size())
      fmt = a[++i];
    else if (a[i].rfind("--format=", 0) == 0)
      fmt = a[i].substr(9);
    else if (a[i] == "-L")
      continue;
    else
      paths.push_back(a[i]);
  }
  if (fmt.empty())
    fmt = "  File: %n\n  Size: %s\nAccess: (%a/%A) Uid: (%u/%U) Gid: (%g/%G)\nContext: %C";
  int status = 0;
  for (const std::string& arg : paths) {
    std::string path;
    if (Resolve(proc, "stat", arg, &path, false) != 0) {
      status = 1;
      continue;
    }
    struct stat st;
    if (::lstat(proc.phone->fs().HostPath(path).c_str(), &st) != 0) {
      proc.Err("stat: '" + arg + "': No such file or directory\n");  // toybox stat
      status = 1;
      continue;
    }
    proc.Out(StatFormat(proc, fmt, arg, path, st) + "\n");
  }
  return status;
}

int Ls(Proc& proc, const Args& a) {
  bool all = false, lng = false, dir_only = false, numeric = false, context = false;
  std::vector<std::string> paths;
  for (std::size_t i = 1; i < a.size(); ++i) {
    if (a[i].size() > 1 && a[i][0] == '-') {
      for (char c : a[i].substr(1)) {
        all |= c == 'a' || c == 'A';
        lng |= c == 'l' || c == 'n';
        numeric |= c == 'n';
        dir_only |= c == 'd';
        context |= c == 'Z';
      }
    } else {
      paths.push_back(a[i]);
    }
  }
  if (paths.empty()) paths.push_back(".");
  int status = 0;
  auto line = [&](const std::string& name, const std::string& path) {
    struct stat st;
    ::lstat(proc.phone->fs().HostPath(path).c_str(), &st);
    FileMeta m = proc.phone->fs().Meta(path);
    std::string prefix = context ? m.context + " " : "";
    if (!lng) return prefix + name + "\n";
    char when[32];
    std::strftime(when, sizeof when, "%Y-%m-%d %H:%M", std::gmtime(&st.st_mtime));
    std::string owner = numeric ? std::to_string(m.uid) : UserName(m.uid);
    std::string group = numeric ? std::to_string(m.gid) : UserName(m.gid);
    return ModeString(st.st_mode) + " " + std::to_string(st.st_nlink) + " " + owner + " " + group +
           " " + std::to_string(st.st_size) + " " + when + " " + prefix + name + "\n";
  };
  for (const std::string& arg : paths) {
    std::string path;
    if (Resolve(proc, "ls", arg, &path, false) != 0) {
      status = 1;
      continue;
    }
    std::string host = proc.phone->fs().HostPath(path);
    std::error_code ec;
    if (!fs::exists(host, ec)) {
      proc.Err(ErrnoLine("ls", arg, ENOENT));
      status = 1;
      continue;
    }
    if (dir_only || !fs::is_directory(host, ec)) {
      proc.Out(line(arg, path));
      continue;
    }
    if (path == "/data/app" && proc.who.uid != kRootUid) {  // drwxrwx--x system system
      proc.Err(ErrnoLine("ls", arg, EACCES));
      status = 1;
      continue;
    }
    std::vector<std::string> names;
    for (const auto& e : fs::directory_iterator(host, ec))
      names.push_back(e.path().filename().string());
    std::sort(names.begin(), names.end());
    if (all) {
      proc.Out(line(".", path));
      proc.Out(line("..", path));
    }
    for (const std::string& n : names) {
      if (!all && n[0] == '.') continue;
      proc.Out(line(n, path == "/" ? "/" + n : path + "/" + n));
    }
  }
  return status;
}

int Mkdir(Proc& proc, const Args& a) {
  bool parents = false;
  int status = 0;
  for (std::size_t i = 1; i < a.size(); ++i) {
    if (a[i] == "-p") {
      parents = true;
      continue;
    }
    if (a[i] == "-m") {
      ++i;
      continue;
    }
    std::string path;
    if (Resolve(proc, "mkdir", a[i], &path, true) != 0) {
      status = 1;
      continue;
    }
    std::string host = proc.phone->fs().HostPath(path);
    std::error_code ec;
    if (fs::exists(host, ec)) {
      if (!parents) {
        proc.Err(ErrnoLine("mkdir", a[i], EEXIST));
        status = 1;
      }
      continue;
    }
    bool made = parents ? fs::create_directories(host, ec) : fs::create_directory(host, ec);
    if (!made || ec) {
      proc.Err(ErrnoLine("mkdir", a[i], ENOENT));
      status = 1;
      continue;
    }
    RecordCreated(proc, path);
  }
  proc.phone->fs().Save().ok();
  return status;
}

int Rm(Proc& proc, const Args& a) {
  bool recursive = false, force = false;
  int status = 0;
  for (std::size_t i = 1; i < a.size(); ++i) {
    if (a[i].size() > 1 && a[i][0] == '-') {
      recursive |= a[i].find_first_of("rR") != std::string::npos;
      force |= a[i].find('f') != std::string::npos;
      continue;
    }
    std::string path;
    if (Resolve(proc, "rm", a[i], &path, true) != 0) {
      status = 1;
      continue;
    }
    std::string host = proc.phone->fs().HostPath(path);
    std::error_code ec;
    if (!fs::exists(fs::symlink_status(host, ec))) {
      if (!force) {
        proc.Err(ErrnoLine("rm", a[i], ENOENT));
        status = 1;
      }
      continue;
    }
    if (fs::is_directory(host, ec) && !recursive) {
      proc.Err(ErrnoLine("rm", a[i], EISDIR));
      status = 1;
      continue;
    }
    fs::remove_all(host, ec);
    proc.phone->fs().ForgetTree(path);
  }
  proc.phone->fs().Save().ok();
  return status;
}

// An owner or group as chown reads it: a number or a name ("u0_a5", "root", "shell").
bool ParseUser(const std::string& text, int* uid) {
  if (!text.empty() && std::all_of(text.begin(), text.end(), ::isdigit)) {
    *uid = std::stoi(text);
    return true;
  }
  if (text == "root") {
    *uid = kRootUid;
    return true;
  }
  if (text == "system") {
    *uid = kSystemUid;
    return true;
  }
  if (text == "shell") {
    *uid = kShellUid;
    return true;
  }
  if (text.rfind("u0_a", 0) == 0 && text.size() > 4 &&
      std::all_of(text.begin() + 4, text.end(), ::isdigit)) {
    *uid = kFirstAppUid + std::stoi(text.substr(4));
    return true;
  }
  return false;
}

// Applies fn to path and, when recursive, to everything below it.
template <typename Fn>
void ForTree(Proc& proc, const std::string& path, bool recursive, Fn fn) {
  fn(path);
  std::string host = proc.phone->fs().HostPath(path);
  std::error_code ec;
  if (!recursive || !fs::is_directory(host, ec)) return;
  for (auto it = fs::recursive_directory_iterator(host, ec);
       it != fs::recursive_directory_iterator(); it.increment(ec)) {
    fn(path + "/" + fs::relative(it->path(), host, ec).string());
  }
}

// Changes the metadata of each path in paths (and below it, when recursive) with fn; only
// root may (others get deny_errno, as chown and restorecon fail for them on a phone).
int ChangeMeta(Proc& proc, const std::string& tool, const Args& paths, bool recursive,
               int deny_errno, const std::function<void(FileMeta*, const std::string&)>& fn) {
  int status = 0;
  for (const std::string& arg : paths) {
    std::string path;
    if (Resolve(proc, tool, arg, &path, false) != 0) {
      status = 1;
      continue;
    }
    std::error_code ec;
    int err = !fs::exists(proc.phone->fs().HostPath(path), ec) ? ENOENT
              : proc.who.uid != kRootUid                       ? deny_errno
                                                               : 0;
    if (err != 0) {
      proc.Err(ErrnoLine(tool, arg, err));
      status = 1;
      continue;
    }
    ForTree(proc, path, recursive, [&](const std::string& p) {
      FileMeta m = proc.phone->fs().Meta(p);
      fn(&m, p);
      proc.phone->fs().SetMeta(p, m);
    });
  }
  proc.phone->fs().Save().ok();
  return status;
}

// Leading options of a file command: sets *recursive for -R; returns the operands.
Args Operands(const Args& a, std::size_t from, bool* recursive) {
  Args out;
  for (std::size_t i = from; i < a.size(); ++i) {
    if (a[i].size() > 1 && a[i][0] == '-') {
      *recursive |= a[i].find('R') != std::string::npos;
    } else {
      out.push_back(a[i]);
    }
  }
  return out;
}

// toybox chown [-R] OWNER[:GROUP] PATH...
int Chown(Proc& proc, const Args& a) {
  bool recursive = false;
  Args operands = Operands(a, 1, &recursive);
  if (operands.size() < 2) {
    proc.Err("chown: Needs 2 arguments\n");
    return 1;
  }
  std::string spec = operands[0];
  std::size_t sep = spec.find_first_of(":.");
  std::string user = spec.substr(0, sep);
  std::string group = sep == std::string::npos ? "" : spec.substr(sep + 1);
  int uid = -1, gid = -1;
  if (!ParseUser(user, &uid) || (!group.empty() && !ParseUser(group, &gid))) {
    proc.Err("chown: bad user '" + spec + "'\n");
    return 1;
  }
  return ChangeMeta(proc, "chown", Args(operands.begin() + 1, operands.end()), recursive, EPERM,
                    [&](FileMeta* m, const std::string&) {
                      m->uid = uid;
                      if (gid >= 0) m->gid = gid;
                    });
}

// restorecon [-R] [-F] [-D] [-v] PATH...: the contexts of file_contexts/seapp_contexts.
int Restorecon(Proc& proc, const Args& a) {
  bool recursive = false;
  Args operands = Operands(a, 1, &recursive);
  return ChangeMeta(
      proc, "restorecon", operands, recursive, EACCES,
      [&](FileMeta* m, const std::string& p) { m->context = proc.phone->fs().DefaultContext(p); });
}

// run-as.cpp: only for an installed, debuggable package; runs in its data folder as its uid.
int RunAs(Proc& proc, const Args& a) {
  if (a.size() < 2) {
    proc.Err("usage: run-as PACKAGE [--user UID] [COMMAND [ARGS...]]\n");
    return 1;
  }
  const std::string& pkg = a[1];
  std::size_t i = 2;
  if (i + 1 < a.size() && a[i] == "--user") i += 2;
  const auto& packages = proc.phone->state().packages;
  auto it = packages.find(pkg);
  if (it == packages.end()) {
    proc.Err("run-as: unknown package: " + pkg + "\n");
    return 1;
  }
  if (!it->second.debuggable) {
    proc.Err("run-as: package not debuggable: " + pkg + "\n");
    return 1;
  }
  if (i >= a.size()) {
    proc.Err("run-as: an interactive shell is not emulated\n");
    return 1;
  }
  Proc sub = proc;
  sub.who = Who{it->second.uid, pkg};
  sub.cwd = "/data/user/0/" + pkg;
  sub.out.clear();
  sub.err.clear();
  int status = proc.phone->RunArgv(sub, Args(a.begin() + static_cast<long>(i), a.end()));
  proc.out += sub.out;
  proc.err += sub.err;
  return status;
}

// su (Magisk): `su -c COMMAND...` runs the words joined as one shell line, as root;
// `su [0|root] COMMAND...` runs them as arguments.
int Su(Proc& proc, const Args& a) {
  Proc sub = proc;
  sub.who = Who{kRootUid, ""};
  sub.out.clear();
  sub.err.clear();
  std::size_t i = 1;
  if (i < a.size() && (a[i] == "0" || a[i] == "root")) ++i;
  int status;
  if (i < a.size() && (a[i] == "-c" || a[i] == "--command")) {
    status =
        proc.phone->RunLine(sub, Join(Args(a.begin() + static_cast<long>(i) + 1, a.end()), " "));
  } else if (i < a.size()) {
    status = proc.phone->RunArgv(sub, Args(a.begin() + static_cast<long>(i), a.end()));
  } else {
    proc.Err("su: an interactive shell is not emulated\n");
    return 1;
  }
  proc.out += sub.out;
  proc.err += sub.err;
  return status;
}

int Sh(Proc& proc, const Args& a) {
  if (a.size() >= 3 && a[1] == "-c") return proc.phone->RunLine(proc, a[2]);
  proc.Err("/system/bin/sh: only 'sh -c COMMAND' is emulated\n");
  return 2;
}

}  // namespace

void RecordCreated(Proc& proc, const std::string& path) {
  FileMeta meta = proc.phone->fs().Meta(path);
  meta.uid = meta.gid = proc.who.uid;
  if (proc.who.uid == kRootUid && meta.context.find("app_data_file") != std::string::npos) {
    meta.context = "u:object_r:app_data_file:s0";
  }
  proc.phone->fs().SetMeta(path, meta);
}

CommandFn FindCommand(const std::string& name, const Proc& proc) {
  static const std::map<std::string, CommandFn> kCommands = {
      {"pm", PmCommand},
      {"cmd", PmCommand},
      {"getprop", Getprop},
      {"wm", Wm},
      {"am", Am},
      {"settings", Settings},
      {"id", Id},
      {"echo", Echo},
      {"cat", Cat},
      {"ls", Ls},
      {"stat", Stat},
      {"mkdir", Mkdir},
      {"rm", Rm},
      {"chown", Chown},
      {"restorecon", Restorecon},
      {"run-as", RunAs},
      {"sh", Sh},
      {"tar", TarCommand},
      {"true", [](Proc&, const Args&) { return 0; }},
      {"false", [](Proc&, const Args&) { return 1; }},
  };
  std::string base = name.substr(name.rfind('/') + 1);
  if (base == "su") {
    // An unrooted phone has no su binary at all.
    if (!proc.phone->profile().root) return nullptr;
    return Su;
  }
  auto it = kCommands.find(base);
  return it == kCommands.end() ? nullptr : it->second;
}

}  // namespace appvault::phone
