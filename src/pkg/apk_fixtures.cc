// Test-only: generating, caching and reading the APK fixtures.
#include "pkg/apk_fixtures.h"

#include <fcntl.h>
#include <sys/file.h>
#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <sstream>

#include "core/sha256.h"
#include "pkg/crypto.h"
#include "pkg/test_util.h"

namespace appvault::pkg::test_fixtures {
namespace {

namespace fs = std::filesystem;

const std::string kScripts = std::string(APPVAULT_SOURCE_DIR) + "/tests/fixtures";
const std::string kStampFile = "generated.stamp";

std::string CacheDir() {
  const char* dir = std::getenv("APPVAULT_APK_FIXTURES");
  return dir != nullptr && *dir != '\0' ? dir : APPVAULT_APK_FIXTURE_CACHE;
}

// Changes when either generator script changes.
std::string ScriptsStamp() {
  std::string scripts = ReadFileBytes(kScripts + "/make_apks.sh") + '\0' +
                        ReadFileBytes(kScripts + "/apk_lib.sh") + '\0' +
                        ReadFileBytes(kScripts + "/apk_tamper.py");
  return Base64(Digest(DigestAlgorithm::kSha256, scripts));
}

// An exclusive lock on a file, held while the object lives.
class FileLock {
 public:
  explicit FileLock(const std::string& path) : fd_(::open(path.c_str(), O_CREAT | O_RDWR, 0644)) {
    if (fd_ >= 0) ::flock(fd_, LOCK_EX);
  }
  FileLock(const FileLock&) = delete;
  FileLock& operator=(const FileLock&) = delete;
  ~FileLock() {
    if (fd_ >= 0) ::close(fd_);  // releases the lock
  }

 private:
  int fd_;
};

// Runs make_apks.sh into a fresh folder, then apksigner on every package (two at a time),
// and moves the result into place.
bool Generate(const std::string& dir, const std::string& stamp, std::string* error) {
  const std::string tmp = dir + ".tmp";
  std::error_code ignored;
  fs::remove_all(tmp, ignored);
  std::string output;
  int rc = test_util::RunCommand("bash " + test_util::ShellQuote(kScripts + "/make_apks.sh") + " " +
                                     test_util::ShellQuote(tmp),
                                 &output);
  if (rc != 0) {
    *error = "make_apks.sh failed (" + std::to_string(rc) + "): " + output;
    return false;
  }
  rc = test_util::RunCommand(
      "cd " + test_util::ShellQuote(tmp) +
          " && ls *.apk | xargs -P 2 -I{} sh -c 'apksigner verify --print-certs -v \"{}\" "
          ">\"{}.apksigner\" 2>&1; echo \"exit=$?\" >>\"{}.apksigner\"'",
      &output);
  if (rc != 0) {
    *error = "apksigner verify failed to run: " + output;
    return false;
  }
  test_util::WriteFile(tmp + "/" + kStampFile, stamp);
  fs::remove_all(dir, ignored);
  fs::rename(tmp, dir, ignored);
  if (ignored) *error = "cannot move fixtures into " + dir + ": " + ignored.message();
  return !ignored;
}

std::set<std::string> SplitSchemes(const std::string& list) {
  std::set<std::string> out;
  std::stringstream in(list);
  std::string item;
  while (std::getline(in, item, ',')) {
    if (item != "-" && !item.empty()) out.insert(item);
  }
  return out;
}

int ToInt(const std::string& text) {
  return text == "-" ? 0 : std::atoi(text.c_str());
}

std::vector<ApkFixture> ParseManifest(const std::string& dir) {
  std::vector<ApkFixture> out;
  std::stringstream in(ReadFileBytes(dir + "/manifest.tsv"));
  std::string line;
  std::getline(in, line);  // header
  while (std::getline(in, line)) {
    std::vector<std::string> f;
    std::stringstream row(line);
    std::string field;
    while (std::getline(row, field, '\t')) {
      f.push_back(field);
    }
    if (f.size() < 13) continue;
    ApkFixture x;
    x.file = f[0];
    x.path = dir + "/" + f[0];
    x.verdict = f[1];
    x.schemes = SplitSchemes(f[2]);
    x.key = f[3];
    x.min_sdk = ToInt(f[4]);
    x.target_sdk = ToInt(f[5]);
    x.max_sdk = f[6];
    x.apksigner_agrees = f[12] == "agree";
    out.push_back(x);
  }
  return out;
}

// The value after "PREFIX" on the first line that starts with it.
std::string LineValue(const std::string& text, const std::string& prefix) {
  std::size_t at = text.find("\n" + prefix);
  if (at == std::string::npos) return "";
  at += 1 + prefix.size();
  return text.substr(at, text.find('\n', at) - at);
}

}  // namespace

std::string ReadFileBytes(const std::string& path) {
  return test_util::ReadFile(path);
}

std::string FixtureDir(std::string* error) {
  static std::string dir;
  static std::string failure;
  static bool done = false;
  if (!done) {
    done = true;
    const std::string cache = CacheDir();
    const std::string stamp = ScriptsStamp();
    fs::create_directories(fs::path(cache).parent_path());
    FileLock lock(cache + ".lock");
    if (ReadFileBytes(cache + "/" + kStampFile) == stamp || Generate(cache, stamp, &failure)) {
      dir = cache;
    }
  }
  if (error != nullptr) *error = failure;
  return dir;
}

const std::vector<ApkFixture>& Fixtures() {
  static const std::vector<ApkFixture> fixtures = [] {
    std::string dir = FixtureDir(nullptr);
    return dir.empty() ? std::vector<ApkFixture>() : ParseManifest(dir);
  }();
  return fixtures;
}

const ApkFixture& Fixture(const std::string& file) {
  for (const ApkFixture& f : Fixtures()) {
    if (f.file == file) return f;
  }
  std::string error;
  FixtureDir(&error);
  std::fprintf(stderr, "no fixture %s: %s\n", file.c_str(), error.c_str());
  std::abort();
}

ApksignerVerdict Apksigner(const ApkFixture& fixture) {
  ApksignerVerdict v;
  v.output = ReadFileBytes(fixture.path + ".apksigner");
  const std::string text = "\n" + v.output;
  v.verifies = text.find("\nexit=0") != std::string::npos;
  const char* kSchemes[][2] = {{"v1", "Verified using v1 scheme (JAR signing): true"},
                               {"v2", "Verified using v2 scheme (APK Signature Scheme v2): true"},
                               {"v3", "Verified using v3 scheme (APK Signature Scheme v3): true"}};
  for (const auto& [name, line] : kSchemes) {
    if (text.find(std::string("\n") + line + "\n") != std::string::npos) v.schemes.insert(name);
  }
  v.signer_sha256 = LineValue(text, "Signer #1 certificate SHA-256 digest: ");
  v.signer_dn = LineValue(text, "Signer #1 certificate DN: ");
  return v;
}

}  // namespace appvault::pkg::test_fixtures
