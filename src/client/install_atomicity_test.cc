// Install and ReplaceConfig are all or nothing: a failure injected at any point leaves the
// device byte for byte as it was; a crash (the process ends at that point) leaves it old or
// new, once the next Open has recovered.
#include <gtest/gtest.h>
#include <sys/wait.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <set>

#include "client/client_test_util.h"
#include "client/folder_device.h"

namespace appvault::client::test {
namespace {

namespace fs = std::filesystem;

constexpr int kCrashed = 42;

// The fault points an operation passes through, in order, when nothing fails.
std::vector<std::string> PointsOf(const std::function<void(FolderDeviceOptions)>& run) {
  auto points = std::make_shared<std::vector<std::string>>();
  run(FixedOptions([points](std::string_view point) {
    points->emplace_back(point);
    return Status::Ok();
  }));
  return *points;
}

base::FaultHook FailAt(const std::string& where) {
  return [where](std::string_view point) {
    return point == where ? Status(StatusCode::kUnavailable, "injected at " + where) : Status::Ok();
  };
}

base::FaultHook CrashAt(const std::string& where) {
  return [where](std::string_view point) {
    if (point == where) ::_exit(kCrashed);
    return Status::Ok();
  };
}

// Runs op on the device at dir in a child process that ends abruptly at `where`.
void CrashChild(const std::string& dir, const std::string& where,
                const std::function<Status(FolderDevice&)>& op) {
  pid_t pid = ::fork();
  ASSERT_GE(pid, 0);
  if (pid == 0) {
    Result<std::unique_ptr<FolderDevice>> device =
        FolderDevice::Open(dir, FixedOptions(CrashAt(where)));
    if (device.ok()) static_cast<void>(op(**device));
    ::_exit(0);  // did not reach the point
  }
  int status = 0;
  ASSERT_EQ(::waitpid(pid, &status, 0), pid);
  ASSERT_TRUE(WIFEXITED(status));
  EXPECT_EQ(WEXITSTATUS(status), kCrashed) << "never reached " << where;
}

class AtomicityTest : public ::testing::Test {
 protected:
  // A device in a fresh folder, prepared by setup (which may install apps).
  std::string NewDevice(const std::function<void(FolderDevice&)>& setup) {
    const std::string dir = tmp_.Join("device" + std::to_string(++devices_));
    std::unique_ptr<FolderDevice> device = MakeDevice(dir, Android(30));
    if (device) setup(*device);
    return dir;
  }

  // For every point op passes: a failure there leaves the device as it was, and a crash
  // there leaves it as it was (before the commit point) or as after op (from it on).
  void CheckEveryPoint(const std::function<void(FolderDevice&)>& setup,
                       const std::function<Status(FolderDevice&)>& op,
                       const std::set<std::string>& must_pass) {
    const std::string reference = NewDevice(setup);
    const Snapshot old_state = TakeSnapshot(reference);
    std::vector<std::string> points = PointsOf([&](FolderDeviceOptions options) {
      Result<std::unique_ptr<FolderDevice>> device = FolderDevice::Open(reference, options);
      ASSERT_TRUE(device.ok());
      Status done = op(**device);
      ASSERT_TRUE(done.ok()) << done.ToString();
    });
    const Snapshot new_state = TakeSnapshot(reference);
    ASSERT_NE(old_state, new_state);
    for (const std::string& point : must_pass) {
      EXPECT_NE(std::find(points.begin(), points.end(), point), points.end()) << point;
    }
    bool committed = false;
    for (const std::string& point : points) {
      SCOPED_TRACE(point);
      committed = committed || point.rfind("commit:step-", 0) == 0;
      if (point != "commit:done") ExpectFailureLeavesNoTrace(setup, op, point);
      ExpectCrashLeaves(setup, op, point, committed ? new_state : old_state);
    }
  }

  void ExpectFailureLeavesNoTrace(const std::function<void(FolderDevice&)>& setup,
                                  const std::function<Status(FolderDevice&)>& op,
                                  const std::string& point) {
    const std::string dir = NewDevice(setup);
    const Snapshot before = TakeSnapshot(dir);
    Result<std::unique_ptr<FolderDevice>> device =
        FolderDevice::Open(dir, FixedOptions(FailAt(point)));
    ASSERT_TRUE(device.ok());
    Status failed = op(**device);
    EXPECT_EQ(failed.code(), StatusCode::kUnavailable) << failed.ToString();
    EXPECT_EQ(TakeSnapshot(dir), before);
  }

  void ExpectCrashLeaves(const std::function<void(FolderDevice&)>& setup,
                         const std::function<Status(FolderDevice&)>& op, const std::string& point,
                         const Snapshot& expected) {
    const std::string dir = NewDevice(setup);
    CrashChild(dir, point, op);
    ASSERT_TRUE(FolderDevice::Open(dir, FixedOptions()).ok());  // recovers
    EXPECT_EQ(TakeSnapshot(dir), expected);
  }

  TempDir tmp_;
  int devices_ = 0;
};

Status InstallOf(FolderDevice& device, const std::string& package) {
  return device.Install(package).status();
}

TEST_F(AtomicityTest, AFreshInstallIsAllOrNothing) {
  CheckEveryPoint([](FolderDevice&) {},
                  [](FolderDevice& d) { return InstallOf(d, FixturePath("v123_rsa.apk")); },
                  {"install:copy", "install:config", "install:record", "install:staged",
                   "commit:sync", "commit:intent", "commit:step-0-aside", "commit:step-0-in",
                   "commit:step-1-aside", "commit:step-1-in", "commit:done"});
}

TEST_F(AtomicityTest, AnUpdateIsAllOrNothing) {
  CheckEveryPoint([](FolderDevice& d) { ASSERT_TRUE(d.Install(FixturePath("v2_rsa.apk")).ok()); },
                  [](FolderDevice& d) { return InstallOf(d, UpdateApkPath("v2rsa_v4_rsa.apk")); },
                  {"install:staged", "commit:step-0-aside", "commit:step-0-in", "commit:done"});
}

// Packages installed together are one transaction: a crash leaves all of them or none.
TEST_F(AtomicityTest, InstallingSeveralTogetherIsAllOrNothing) {
  std::vector<InspectedPackage> packages;
  for (const char* name : {"v123_rsa.apk", "v2_ec.apk"}) {
    Result<pkg::PackageFacts> facts = pkg::InspectPackage(FixturePath(name));
    ASSERT_TRUE(facts.ok()) << facts.status().ToString();
    packages.push_back(InspectedPackage{FixturePath(name), *facts, false, ""});
  }
  CheckEveryPoint(
      [](FolderDevice&) {},
      [packages](FolderDevice& d) {
        for (Result<InstallResult>& result : d.InstallInspectedAll(packages)) {
          if (!result.ok()) return result.status();
        }
        return Status::Ok();
      },
      {"install:staged", "commit:intent", "commit:step-0-in", "commit:step-3-in", "commit:done"});
}

// An app set is one change: a crash between two of its members leaves no app, or the whole
// set; over an installed app, the old version whole or the new set whole.
TEST_F(AtomicityTest, AnAppSetIsAllOrNothing) {
  const std::vector<std::string> set = {SplitFixturePath("base.apk"),
                                        SplitFixturePath("base_fr.apk"),
                                        SplitFixturePath("abi_arm64.apk")};
  CheckEveryPoint([](FolderDevice&) {},
                  [set](FolderDevice& d) { return d.InstallSet(set).status(); },
                  {"install:copy", "install:split", "install:record", "install:staged",
                   "commit:step-1-in", "commit:done"});
}

TEST_F(AtomicityTest, AnAppSetOverASingleApkIsAllOrNothing) {
  // The set (version 3) repairs a damaged single APK of the same version.
  const std::vector<std::string> set = {SplitFixturePath("base.apk"),
                                        SplitFixturePath("base_de.apk")};
  CheckEveryPoint(
      [](FolderDevice& d) {
        ASSERT_TRUE(d.Install(SplitFixturePath("single.apk")).ok());
        std::ofstream(d.layout().App(*AppId::Parse("org.appvault.splitdemo")) + "/install.json",
                      std::ios::trunc)
            << "{}";
      },
      [set](FolderDevice& d) { return d.InstallSet(set).status(); },
      {"install:split", "install:staged", "commit:step-0-aside", "commit:step-0-in",
       "commit:done"});
}

// An app and the configuration bundle given with it are one change.
TEST_F(AtomicityTest, AnInstallWithItsBundleIsAllOrNothing) {
  Result<pkg::PackageFacts> facts = pkg::InspectPackage(FixturePath("v123_rsa.apk"));
  ASSERT_TRUE(facts.ok()) << facts.status().ToString();
  const InspectedPackage package{
      FixturePath("v123_rsa.apk"), *facts, false,
      MakeTar(tmp_.Join("bundle.tar"), {"file:restored.json:{}", "dir:sub", "file:sub/x:1"})};
  CheckEveryPoint([](FolderDevice&) {},
                  [package](FolderDevice& d) {
                    Result<InstallResult> result = std::move(d.InstallInspectedAll({package})[0]);
                    if (result.ok() && result->config != ConfigSource::kBundle) {
                      return Status(StatusCode::kUnavailable, result->config_refused);
                    }
                    return result.status();
                  },
                  {"install:bundle", "install:staged", "commit:step-1-in", "commit:done"});
}

TEST_F(AtomicityTest, ReplacingTheConfigIsAllOrNothing) {
  const std::string bundle =
      MakeTar(tmp_.Join("bundle.tar"), {"file:restored.json:{}", "dir:sub", "file:sub/x:1"});
  CheckEveryPoint([](FolderDevice& d) { ASSERT_TRUE(d.Install(FixturePath("v123_rsa.apk")).ok()); },
                  [bundle](FolderDevice& d) {
                    return d.ReplaceConfig(*AppId::Parse("org.appvault.full"), bundle);
                  },
                  {"config:extract", "config:staged", "commit:step-0-aside", "commit:step-0-in"});
}

TEST_F(AtomicityTest, AFailedUndoIsRolledForwardByTheNextOpen) {
  // The step's second rename fails, and so does putting the old content back: the
  // transaction stays with its intent, and the next Open completes it.
  const std::string dir =
      NewDevice([](FolderDevice& d) { ASSERT_TRUE(d.Install(FixturePath("v2_rsa.apk")).ok()); });
  const std::string app = dir + "/apps/org.appvault.v2rsa";
  Result<std::unique_ptr<FolderDevice>> device = FolderDevice::Open(
      dir, FixedOptions([app](std::string_view point) {
        if (point != "commit:step-0-in") return Status::Ok();
        fs::create_directories(app + "/blocker");  // the old folder cannot come back
        return Status(StatusCode::kUnavailable, "injected");
      }));
  ASSERT_TRUE(device.ok());
  EXPECT_FALSE((*device)->Install(UpdateApkPath("v2rsa_v4_rsa.apk")).ok());
  fs::remove_all(app);
  ASSERT_TRUE(FolderDevice::Open(dir).ok());
  Result<std::vector<InstalledApp>> apps = (*device)->InstalledApps();
  ASSERT_TRUE(apps.ok() && apps->size() == 1u);
  EXPECT_EQ((*apps)[0].package->version.text(), "4");
  EXPECT_TRUE(fs::is_empty(dir + "/.appvault/tmp"));
}

}  // namespace
}  // namespace appvault::client::test
