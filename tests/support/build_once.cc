#include "support/build_once.h"

#include <fcntl.h>
#include <sys/file.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <filesystem>
#include <map>
#include <mutex>
#include <stdexcept>
#include <system_error>
#include <utility>

#include "base/sha256_hasher.h"
#include "support/files.h"

namespace appvault::test {
namespace {

namespace fs = std::filesystem;

const char kStampFile[] = ".stamp";

std::runtime_error ErrnoError(const std::string& what, const std::string& path) {
  return std::runtime_error(what + " " + path + ": " + std::strerror(errno));
}

// An exclusive flock(2) on path (created if missing), held while the object lives. Throws
// std::runtime_error with errno's text when the file cannot be opened or locked.
class FileLock {
 public:
  explicit FileLock(const std::string& path)
      : fd_(::open(path.c_str(), O_CREAT | O_RDWR | O_CLOEXEC, 0644)) {
    if (fd_ < 0) throw ErrnoError("cannot open the lock file", path);
    while (::flock(fd_, LOCK_EX) != 0) {
      if (errno == EINTR) continue;
      std::runtime_error failure = ErrnoError("cannot lock", path);
      ::close(fd_);
      throw failure;
    }
  }
  ~FileLock() { ::close(fd_); }  // releases the lock
  FileLock(const FileLock&) = delete;
  FileLock& operator=(const FileLock&) = delete;

 private:
  int fd_;
};

// Builds into folder.tmp and renames it into place. REQUIRES: the folder's lock is held.
bool Rebuild(const std::string& folder, const std::string& stamp, const BuildFolder& build,
             std::string* error) {
  const std::string tmp = folder + ".tmp";
  std::error_code failed;
  fs::remove_all(tmp, failed);
  fs::create_directories(tmp, failed);
  if (failed) {
    *error = "cannot create " + tmp + ": " + failed.message();
    return false;
  }
  if (build(tmp, error)) {
    WriteFile(tmp + "/" + kStampFile, stamp);
    fs::remove_all(folder, failed);
    fs::rename(tmp, folder, failed);
    if (!failed) return true;
    *error = "cannot move " + tmp + " to " + folder + ": " + failed.message();
  }
  fs::remove_all(tmp, failed);
  return false;
}

// Each word single-quoted, after a space.
std::string QuotedWords(const std::vector<std::string>& words) {
  std::string quoted;
  for (const std::string& word : words) {
    quoted += ' ';
    quoted += ShellQuote(word);
  }
  return quoted;
}

}  // namespace

std::string CacheFolder(const std::string& name) {
  return std::string(APPVAULT_TEST_CACHE) + "/" + name;
}

std::string SourcePath(const std::string& relative) {
  return std::string(APPVAULT_SOURCE_DIR) + "/" + relative;
}

std::string StampOf(const std::vector<std::string>& files) {
  base::Sha256Hasher hasher;
  for (const std::string& file : files) {
    hasher.Update(ReadFile(file));
    hasher.Update(std::string_view("\0", 1));
  }
  return hasher.Finish().Hex();
}

std::string BuildOnce(const std::string& folder, const std::string& stamp, const BuildFolder& build,
                      std::string* error) {
  static std::mutex mutex;
  static std::map<std::string, std::pair<bool, std::string>> answers;  // folder → (ok, error)
  std::lock_guard<std::mutex> hold(mutex);
  auto answer = answers.find(folder);
  if (answer == answers.end()) {
    std::string failure;
    fs::create_directories(fs::path(folder).parent_path());
    FileLock lock(folder + ".lock");
    bool ok =
        ReadFile(folder + "/" + kStampFile) == stamp || Rebuild(folder, stamp, build, &failure);
    answer = answers.emplace(folder, std::make_pair(ok, failure)).first;
  }
  if (error != nullptr) *error = answer->second.second;
  return answer->second.first ? folder : "";
}

std::string BuildWithScript(const std::string& name, const FixtureScript& fixture,
                            std::string* error) {
  std::vector<std::string> files = {fixture.script, SourcePath("tests/support/apk_lib.sh")};
  files.insert(files.end(), fixture.inputs.begin(), fixture.inputs.end());
  const std::string args = QuotedWords(fixture.args);
  return BuildOnce(
      CacheFolder(name), StampOf(files) + args,
      [&fixture, &args](const std::string& tmp, std::string* why) {
        std::string output;
        const int status = RunShell("bash" + QuotedWords({fixture.script, tmp}) + args, &output);
        if (status != 0)
          *why = fixture.script + " failed (" + std::to_string(status) + "): " + output;
        return status == 0;
      },
      error);
}

}  // namespace appvault::test
