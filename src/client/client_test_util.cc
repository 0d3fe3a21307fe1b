// Test-only: see client_test_util.h.
#include "client/client_test_util.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

#include "base/sha256_hasher.h"
#include "pkg/zip.h"
#include "support/build_once.h"

namespace appvault::client::test {
namespace {

namespace fs = std::filesystem;

const std::string kTestData = appvault::test::SourcePath("src/client/testdata");

std::string BuildUpdateApks() {
  std::string error;
  const std::string fixtures = pkg::test_fixtures::FixtureDir(&error);
  if (fixtures.empty()) {
    ADD_FAILURE() << "no APK fixtures: " << error;
    return "";
  }
  // The update packages depend on the script and on the fixtures' keys.
  const std::string keys = fixtures + "/keys";
  std::string dir =
      appvault::test::BuildWithScript("client_update_apks",
                                      {kTestData + "/make_update_apks.sh",
                                       {keys},
                                       {keys + "/rsa.cert.der", keys + "/rsa2.cert.der"}},
                                      &error);
  if (dir.empty()) ADD_FAILURE() << error;
  return dir;
}

}  // namespace

DeviceProfile Android(int api, std::vector<std::string> abis) {
  return DeviceProfile{Platform::kAndroid, Version::Android(api), std::move(abis)};
}

DeviceProfile Ios(const std::string& version, std::vector<std::string> abis) {
  return DeviceProfile{Platform::kIos, *Version::Parse(Platform::kIos, version), std::move(abis)};
}

FolderDeviceOptions FixedOptions(base::FaultHook fault) {
  FolderDeviceOptions options;
  options.clock = [] { return std::chrono::system_clock::from_time_t(1714564800); };
  options.fault = std::move(fault);
  return options;
}

std::unique_ptr<FolderDevice> MakeDevice(const std::string& dir, const DeviceProfile& profile,
                                         FolderDeviceOptions options) {
  Result<std::unique_ptr<FolderDevice>> device =
      FolderDevice::Init(dir, "test device", profile, std::move(options));
  EXPECT_TRUE(device.ok()) << device.status().ToString();
  return device.ok() ? std::move(*device) : nullptr;
}

std::string FixturePath(const std::string& file) {
  return pkg::test_fixtures::Fixture(file).path;
}

std::string UpdateApkPath(const std::string& file) {
  static const std::string dir = BuildUpdateApks();
  return dir.empty() ? "" : dir + "/" + file;
}

std::string SplitFixturePath(const std::string& file) {
  static const std::string dir = [] {
    std::string error;
    std::string built = appvault::test::BuildWithScript(
        "split_fixtures", {appvault::test::SourcePath("tests/fixtures/make_splits.sh")}, &error);
    EXPECT_FALSE(built.empty()) << error;
    return built;
  }();
  return dir.empty() ? "" : dir + "/" + file;
}

std::string MakeTar(const std::string& out, const std::vector<std::string>& args) {
  std::string command = "python3 " + ShellQuote(kTestData + "/make_tar.py") + " " + ShellQuote(out);
  for (const std::string& arg : args) {
    command += ' ';
    command += ShellQuote(arg);
  }
  std::string output;
  int rc = RunShell(command, &output);
  EXPECT_EQ(rc, 0) << output;
  return rc == 0 ? out : "";
}

Snapshot TakeSnapshot(const std::string& dir) {
  Snapshot snapshot;
  for (const fs::directory_entry& entry : fs::recursive_directory_iterator(dir)) {
    const std::string path = fs::relative(entry.path(), dir).string();
    if (entry.is_symlink()) {
      snapshot[path] = "other";
    } else if (entry.is_directory()) {
      snapshot[path] = "dir";
    } else if (entry.is_regular_file()) {
      snapshot[path] = "file " + base::HashBytes(ReadFile(entry.path().string())).Hex();
    } else {
      snapshot[path] = "other";
    }
  }
  return snapshot;
}

std::map<std::string, std::string> ReadTree(const std::string& dir) {
  std::map<std::string, std::string> files;
  if (!fs::exists(dir)) return files;
  for (const fs::directory_entry& entry : fs::recursive_directory_iterator(dir)) {
    if (entry.is_regular_file()) {
      files[fs::relative(entry.path(), dir).string()] = ReadFile(entry.path().string());
    }
  }
  return files;
}

void FlipEntryByte(const std::string& package, const std::string& entry) {
  std::uint64_t offset = 0;
  {
    Result<std::unique_ptr<pkg::RandomAccessFile>> file = pkg::OpenFile(package);
    ASSERT_TRUE(file.ok()) << file.status().ToString();
    Result<pkg::ZipArchive> zip = pkg::ZipArchive::Open(**file);
    ASSERT_TRUE(zip.ok()) << zip.status().ToString();
    const pkg::ZipEntry* found = zip->Find(entry);
    ASSERT_NE(found, nullptr) << entry;
    ASSERT_GT(found->compressed_size, 0u);
    offset = found->data_offset + found->compressed_size / 2;
  }
  std::fstream file(package, std::ios::in | std::ios::out | std::ios::binary);
  file.seekg(static_cast<std::streamoff>(offset));
  char byte = 0;
  file.get(byte);
  file.seekp(static_cast<std::streamoff>(offset));
  file.put(static_cast<char>(byte ^ 0x5a));
}

}  // namespace appvault::client::test
