// Helpers of the `appvault restore` end-to-end tests (client_restore_*_test.cc): the library
// they restore from, a phone backed up into it, and what a device folder holds.
#pragma once

#include <map>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "e2e/client_e2e_util.h"

namespace appvault::test {

inline constexpr const char* kNotes = "org.example.notes";
inline constexpr const char* kNotesIos = "org.example.notes.ios";
inline constexpr const char* kMemo = "org.example.memo";
inline constexpr const char* kJot = "org.example.jot";
inline constexpr const char* kLegacy = "org.example.legacy";
inline constexpr const char* kBigApp = "org.appvault.big";  // BigApk()'s

// Publishes (with `appvault publish`) the packages of api_make_packages.sh as one library:
// software "notes" (Android 1 and 2 for API 21+, 3 for API 30+; iOS 2.0), "memo", "jot" and
// "legacy" (API 16-19 only), all in category "productivity"; then 2 votes for memo and 1 for
// jot (so memo is the alternative of choice).
void PublishRestoreLibrary(ClientEnv& env);

// `appvault device init` of an Android device (API os_version, arm64-v8a) called name,
// logged in as ann — registered first when register_ann.
void NewAndroidPhone(ClientEnv& env, const std::string& name, const std::string& os_version,
                     bool register_ann = false);

// A test with its own server, the library of PublishRestoreLibrary, and ann's Android phone
// "phone" (API 28) logged in.
class AnnsPhoneTest : public ::testing::Test {
 protected:
  void SetUp() override;

  std::unique_ptr<ClientEnv> env_;
};

// The regular files below dir: path relative to dir → content. Empty when dir is missing.
std::map<std::string, std::string> FolderFiles(const std::string& dir);

// The item of document["items"] whose "app" is app (a test failure when there is none).
nlohmann::json ItemFor(const nlohmann::json& document, const std::string& app);

// The server's appvault_blob_bytes_served_total (GET /metrics), waiting up to 5 s for it to
// reach at_least; -1 when it cannot be read.
long long BlobBytesServed(ApiServer& server, long long at_least = 0);

// A 40 MiB signed APK (org.appvault.big 1, minSdk 24, stored random assets) made by
// make_big_apk.sh, built once per build tree and cached; "" (after a test failure) when it
// cannot be made.
std::string BigApk();

// src/client/testdata/make_tar.py: configuration bundles, benign and malicious.
std::string MakeTarScript();

// The app ids `appvault apps --json` lists on device.
std::vector<std::string> InstalledApps(ClientEnv& env, const std::string& device);

}  // namespace appvault::test
