// Test-only: generating, caching and reading the APK fixtures.
#include "pkg/apk_fixtures.h"

#include <cstdio>
#include <cstdlib>
#include <sstream>

#include "support/build_once.h"
#include "support/files.h"

namespace appvault::pkg::test_fixtures {
namespace {

const std::string kScripts = test::SourcePath("tests/fixtures");

std::string CacheDir() {
  const char* dir = std::getenv("APPVAULT_APK_FIXTURES");
  return dir != nullptr && *dir != '\0' ? dir : test::CacheFolder("apk_fixtures");
}

// Changes when a generator script changes.
std::string ScriptsStamp() {
  return test::StampOf({kScripts + "/make_apks.sh", kScripts + "/apk_tamper.py",
                        test::SourcePath("tests/support/apk_lib.sh")});
}

// Runs make_apks.sh into tmp, then apksigner on every package (two at a time).
bool Generate(const std::string& tmp, std::string* error) {
  std::string output;
  int rc = test::RunShell(
      "bash " + test::ShellQuote(kScripts + "/make_apks.sh") + " " + test::ShellQuote(tmp),
      &output);
  if (rc != 0) {
    *error = "make_apks.sh failed (" + std::to_string(rc) + "): " + output;
    return false;
  }
  rc = test::RunShell(
      "cd " + test::ShellQuote(tmp) +
          " && ls *.apk | xargs -P 2 -I{} sh -c 'apksigner verify --print-certs -v \"{}\" "
          ">\"{}.apksigner\" 2>&1; echo \"exit=$?\" >>\"{}.apksigner\"'",
      &output);
  if (rc != 0) *error = "apksigner verify failed to run: " + output;
  return rc == 0;
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
  return test::ReadFile(path);
}

std::string FixtureDir(std::string* error) {
  return test::BuildOnce(CacheDir(), ScriptsStamp(), Generate, error);
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
