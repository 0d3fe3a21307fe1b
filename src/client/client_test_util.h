// Test-only helpers for the client tests: devices in temporary folders, the real APK
// fixtures, packages built for the update rules, configuration bundles made with Python's
// tarfile, and a byte-exact picture of a device folder.
#pragma once

#include <chrono>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "client/folder_device.h"
#include "core/device.h"
#include "pkg/apk_fixtures.h"
#include "support/files.h"
#include "support/temp_dir.h"

namespace appvault::client::test {

using appvault::test::ReadFile;
using appvault::test::RunShell;
using appvault::test::ShellQuote;
using appvault::test::TempDir;
using appvault::test::WriteFile;

// Android at this API level with these ABIs; iOS at this version.
DeviceProfile Android(int api, std::vector<std::string> abis = {"arm64-v8a", "armeabi-v7a"});
DeviceProfile Ios(const std::string& version, std::vector<std::string> abis = {"arm64"});

// Options with a fixed clock (so installs are reproducible) and the given fault hook.
FolderDeviceOptions FixedOptions(base::FaultHook fault = nullptr);

// A new device in dir; fails the test (and returns nullptr) when it cannot be made.
std::unique_ptr<FolderDevice> MakeDevice(const std::string& dir, const DeviceProfile& profile,
                                         FolderDeviceOptions options = FixedOptions());

// The path of a shared APK fixture (tests/fixtures/make_apks.sh), e.g. "v2_rsa.apk".
std::string FixturePath(const std::string& file);
// The path of a package of testdata/make_update_apks.sh ("v2rsa_v4_rsa.apk",
// "v2rsa_v4_rsa2.apk"), built once per build tree and cached; "" when building failed.
std::string UpdateApkPath(const std::string& file);

// A file of the split APK sets of tests/fixtures/make_splits.sh ("base.apk", "base_fr.apk",
// "abi_arm64.apk", "set.apks", "bad_other_signer.apk", …), built once per build tree and
// cached; "" when building failed.
std::string SplitFixturePath(const std::string& file);

// A bundle made by testdata/make_tar.py OUT ARGS… (see there); "" when python failed.
std::string MakeTar(const std::string& out, const std::vector<std::string>& args);

// Every path below dir (relative) → "dir", "file <sha256>", or "other"; dir itself excluded.
using Snapshot = std::map<std::string, std::string>;
Snapshot TakeSnapshot(const std::string& dir);

// The files below dir (relative path → content).
std::map<std::string, std::string> ReadTree(const std::string& dir);

// Flips one byte of a zip entry's data in place (the package no longer verifies).
void FlipEntryByte(const std::string& package, const std::string& entry);

}  // namespace appvault::client::test
