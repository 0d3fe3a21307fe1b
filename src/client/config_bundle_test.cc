// Configuration bundles: ReplaceConfig (the restore side, every entry checked) and
// PackConfig (the backup side, deterministic), on a device with a real package installed.
#include <gtest/gtest.h>
#include <sys/stat.h>
#include <utime.h>

#include <filesystem>

#include "base/sha256_hasher.h"
#include "client/client_test_util.h"
#include "client/folder_device.h"

namespace appvault::client::test {
namespace {

namespace fs = std::filesystem;

const AppId kFull = *AppId::Parse("org.appvault.full");

class ConfigBundleTest : public ::testing::Test {
 protected:
  void SetUp() override { device_ = NewDevice("device", ConfigLimits{}); }

  std::unique_ptr<FolderDevice> NewDevice(const std::string& name, const ConfigLimits& limits) {
    FolderDeviceOptions options = FixedOptions();
    options.config_limits = limits;
    std::unique_ptr<FolderDevice> device = MakeDevice(tmp_.Join(name), Android(30), options);
    EXPECT_TRUE(device && device->Install(FixturePath("v123_rsa.apk")).ok());
    return device;
  }
  std::string Config(const FolderDevice& device) const { return device.layout().Config(kFull); }
  std::string Tar(const std::vector<std::string>& args) {
    return MakeTar(tmp_.Join("bundle" + std::to_string(++bundles_) + ".tar"), args);
  }

  // ReplaceConfig refused with kInvalidArgument naming `entry`; the device unchanged.
  void Refused(FolderDevice& device, const std::string& bundle, const std::string& entry) {
    const std::string dir = device.layout().root();
    Snapshot before = TakeSnapshot(dir);
    Status status = device.ReplaceConfig(kFull, bundle);
    EXPECT_EQ(status.code(), StatusCode::kInvalidArgument) << status.ToString();
    EXPECT_NE(status.message().find(entry), std::string::npos) << status.message();
    EXPECT_EQ(TakeSnapshot(dir), before);
  }

  TempDir tmp_;
  int bundles_ = 0;
  std::unique_ptr<FolderDevice> device_;
};

TEST_F(ConfigBundleTest, ReplaceConfigReplacesTheConfigurationExactly) {
  std::string bundle = Tar({"file:settings.json:{\"theme\":\"light\"}", "dir:bookmarks",
                            "file:bookmarks/news.url:https://example.org/", "dir:empty"});
  Status status = device_->ReplaceConfig(kFull, bundle);
  ASSERT_TRUE(status.ok()) << status.ToString();
  std::map<std::string, std::string> expected = {{"settings.json", "{\"theme\":\"light\"}"},
                                                 {"bookmarks/news.url", "https://example.org/"}};
  EXPECT_EQ(ReadTree(Config(*device_)), expected);  // profiles/default.txt (generated) is gone
  EXPECT_TRUE(fs::is_directory(Config(*device_) + "/empty"));
  EXPECT_FALSE(fs::exists(Config(*device_) + "/profiles"));
  EXPECT_TRUE(fs::is_empty(tmp_.Join("device/.appvault/tmp")));
}

TEST_F(ConfigBundleTest, ReplaceConfigReadsUstarGnuGzipAndDotSlashNames) {
  for (std::vector<std::string> args :
       {std::vector<std::string>{"--format", "ustar", "file:a.txt:1"},
        std::vector<std::string>{"--format", "gnu", "file:" + std::string(150, 'n') + ":1"},
        std::vector<std::string>{"--gzip", "dir:./", "file:./a.txt:1"},
        std::vector<std::string>{"--format", "pax", "file:\u00fcn\u00ef/caf\u00e9.txt:1"},
        std::vector<std::string>{"file:deep/er/a.txt:1"}}) {
    Status status = device_->ReplaceConfig(kFull, Tar(args));
    EXPECT_TRUE(status.ok()) << args.back() << ": " << status.ToString();
  }
  EXPECT_EQ(ReadTree(Config(*device_)),
            (std::map<std::string, std::string>{{"deep/er/a.txt", "1"}}));
}

TEST_F(ConfigBundleTest, ReplaceConfigRefusesUnsafeEntries) {
  Refused(*device_, Tar({"file:ok.txt:1", "file:../evil:x"}), "../evil");
  Refused(*device_, Tar({"file:/etc/evil:x"}), "/etc/evil");
  Refused(*device_, Tar({"file:a/../../evil:x"}), "a/../../evil");
  Refused(*device_, Tar({"symlink:link:/etc/passwd"}), "link\": is a symbolic link");
  Refused(*device_, Tar({"file:a:1", "hardlink:b:a"}), "b\": is a hard link");
  Refused(*device_, Tar({"fifo:pipe"}), "pipe\": is a fifo");
  Refused(*device_, Tar({"chr:null"}), "null\": is a device file");
  Refused(*device_, Tar({"file:a:1", "file:a:2"}), "a\": is repeated");
  Refused(*device_, Tar({"file:a:1", "file:a/b:2"}), "a/b\": lies below a file");
  Refused(*device_, Tar({"file:back\\slash:1"}), "backslash");
}

TEST_F(ConfigBundleTest, ReplaceConfigEnforcesItsLimits) {
  ConfigLimits limits;
  limits.max_file_size = 1000;
  limits.max_total_size = 1500;
  limits.max_entries = 4;
  std::unique_ptr<FolderDevice> small = NewDevice("small", limits);
  Refused(*small, Tar({"big:huge.bin:1001"}), "huge.bin\": over the limit of 1000 bytes");
  Refused(*small, Tar({"big:a:800", "big:b:800"}), "b\": over the limit of 1500 bytes in all");
  Refused(*small, Tar({"file:1:x", "file:2:x", "file:3:x", "file:4:x", "file:5:x"}),
          "5\": over the limit of 4 entries");
  Refused(*small, Tar({"file:a/b/c/d/e:x"}), "over the limit of 4 entries");
  limits = ConfigLimits{};
  limits.max_depth = 3;
  std::unique_ptr<FolderDevice> shallow = NewDevice("shallow", limits);
  Refused(*shallow, Tar({"file:a/b/c/d:x"}), "nested too deeply");
}

TEST_F(ConfigBundleTest, ReplaceConfigRefusesWhatIsNotABundle) {
  WriteFile(tmp_.Join("garbage.tar"), std::string(2048, 'g'));
  Refused(*device_, tmp_.Join("garbage.tar"), "not a configuration bundle");
  EXPECT_EQ(device_->ReplaceConfig(kFull, tmp_.Join("missing.tar")).code(), StatusCode::kNotFound);
  EXPECT_EQ(device_->ReplaceConfig(*AppId::Parse("org.example.absent"), Tar({"file:a:1"})).code(),
            StatusCode::kNotFound);
}

TEST_F(ConfigBundleTest, ReplaceConfigWorksWhenTheAppHasNoDataFolder) {
  fs::remove_all(tmp_.Join("device/data/org.appvault.full"));
  ASSERT_TRUE(device_->ReplaceConfig(kFull, Tar({"file:a:1"})).ok());
  EXPECT_EQ(ReadTree(Config(*device_)), (std::map<std::string, std::string>{{"a", "1"}}));
}

TEST_F(ConfigBundleTest, PackConfigGivesTheSameBytesForTheSameFiles) {
  Result<ConfigBundleInfo> first = device_->PackConfig(kFull, tmp_.Join("first.tgz"));
  ASSERT_TRUE(first.ok()) << first.status().ToString();
  EXPECT_EQ(first->files, 2u);
  EXPECT_EQ(first->size, fs::file_size(tmp_.Join("first.tgz")));
  EXPECT_EQ(first->sha256, base::HashBytes(ReadFile(tmp_.Join("first.tgz"))));
  // Other times, modes and a copy of the folder made in another order: the same bytes.
  const std::string config = Config(*device_);
  struct utimbuf old_times = {1000, 1000};
  ::utime((config + "/settings.json").c_str(), &old_times);
  ::chmod((config + "/settings.json").c_str(), 0600);
  std::unique_ptr<FolderDevice> other = NewDevice("other", ConfigLimits{});
  ASSERT_TRUE(other->PackConfig(kFull, tmp_.Join("other.tgz")).ok());
  Result<ConfigBundleInfo> second = device_->PackConfig(kFull, tmp_.Join("second.tgz"));
  ASSERT_TRUE(second.ok());
  EXPECT_EQ(second->sha256, first->sha256);
  EXPECT_EQ(ReadFile(tmp_.Join("other.tgz")), ReadFile(tmp_.Join("first.tgz")));
  WriteFile(config + "/settings.json", "changed");
  Result<ConfigBundleInfo> changed = device_->PackConfig(kFull, tmp_.Join("changed.tgz"));
  ASSERT_TRUE(changed.ok());
  EXPECT_NE(changed->sha256, first->sha256);
}

TEST_F(ConfigBundleTest, PackConfigWritesASortedTarWithFixedMetadata) {
  WriteFile(Config(*device_) + "/a.txt", "a");
  fs::create_directories(Config(*device_) + "/z/empty");
  ASSERT_TRUE(device_->PackConfig(kFull, tmp_.Join("bundle.tgz")).ok());
  std::string listing;
  ASSERT_EQ(RunShell("python3 -c 'import sys, tarfile\n"
                     "for m in tarfile.open(sys.argv[1], \"r:gz\"):\n"
                     "  print(m.name, m.type.decode(), oct(m.mode), m.mtime, m.uid, m.gid, "
                     "repr(m.uname), m.size)' " +
                         ShellQuote(tmp_.Join("bundle.tgz")),
                     &listing),
            0)
      << listing;
  EXPECT_EQ(listing,
            "a.txt 0 0o644 0 0 0 '' 1\n"
            "profiles 5 0o755 0 0 0 '' 0\n"
            "profiles/default.txt 0 0o644 0 0 0 '' 16\n"
            "settings.json 0 0o644 0 0 0 '' 43\n"
            "z 5 0o755 0 0 0 '' 0\n"
            "z/empty 5 0o755 0 0 0 '' 0\n");
}

TEST_F(ConfigBundleTest, APackedBundleRestoresTheSameFilesOnAnotherDevice) {
  WriteFile(Config(*device_) + "/bookmarks/news.url", "https://example.org/");
  WriteFile(Config(*device_) + "/" + std::string(120, 'l') + ".txt", "long name");
  WriteFile(Config(*device_) + "/\u00fcn\u00ef/caf\u00e9.txt", "not ASCII");
  fs::create_directories(Config(*device_) + "/empty");
  ASSERT_TRUE(device_->PackConfig(kFull, tmp_.Join("backup.tgz")).ok());
  std::unique_ptr<FolderDevice> other = NewDevice("other", ConfigLimits{});
  ASSERT_TRUE(other->ReplaceConfig(kFull, tmp_.Join("backup.tgz")).ok());
  EXPECT_EQ(TakeSnapshot(Config(*other)), TakeSnapshot(Config(*device_)));
}

TEST_F(ConfigBundleTest, PackConfigRefusesWhatCouldNotBeRestored) {
  fs::create_symlink("/etc/passwd", Config(*device_) + "/link");
  Result<ConfigBundleInfo> packed = device_->PackConfig(kFull, tmp_.Join("bundle.tgz"));
  EXPECT_EQ(packed.status().code(), StatusCode::kInvalidArgument);
  EXPECT_NE(packed.status().message().find("link"), std::string::npos);
  EXPECT_FALSE(fs::exists(tmp_.Join("bundle.tgz")));
}

TEST_F(ConfigBundleTest, PackConfigOfAnAppWithoutConfigIsAnEmptyBundle) {
  fs::remove_all(Config(*device_));
  Result<ConfigBundleInfo> packed = device_->PackConfig(kFull, tmp_.Join("empty.tgz"));
  ASSERT_TRUE(packed.ok()) << packed.status().ToString();
  EXPECT_EQ(packed->files, 0u);
  ASSERT_TRUE(device_->ReplaceConfig(kFull, tmp_.Join("empty.tgz")).ok());
  EXPECT_TRUE(fs::is_empty(Config(*device_)));
  EXPECT_EQ(
      device_->PackConfig(*AppId::Parse("org.example.absent"), tmp_.Join("x.tgz")).status().code(),
      StatusCode::kNotFound);
}

}  // namespace
}  // namespace appvault::client::test
