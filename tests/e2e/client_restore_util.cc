#include "e2e/client_restore_util.h"

#include <chrono>
#include <filesystem>
#include <thread>

#include "support/build_once.h"

namespace appvault::test {

using nlohmann::json;
namespace fs = std::filesystem;

void PublishRestoreLibrary(ClientEnv& env) {
  struct Item {
    const char* file;
    std::vector<std::string> args;
  } items[] = {
      {"notes_v1.apk", {"--software", "notes", "--name", "Notes", "--category", "productivity"}},
      {"notes_v2.apk", {"--software", "notes"}},
      {"notes_v3.apk", {"--software", "notes"}},
      {"notes_ios.ipa", {"--software", "notes"}},
      {"memo.apk", {"--software", "memo", "--category", "productivity"}},
      {"jot.apk", {"--software", "jot", "--category", "productivity"}},
      {"legacy.apk", {"--software", "legacy", "--category", "productivity"}},
  };
  for (const Item& item : items)
    env.Publish(item.file, item.args);
  int voter = 0;
  for (const char* software : {"memo", "memo", "jot"}) {
    std::string token = env.server().NewUser(std::string("voter") + std::to_string(voter++));
    ApiReply vote = env.server().Call(
        "POST", std::string("/v1/catalog/software/") + software + "/votes", token);
    EXPECT_EQ(vote.status, 201) << vote.body;
  }
}

void AnnsPhoneTest::SetUp() {
  env_ = ClientEnv::Start();
  ASSERT_NE(env_, nullptr);
  PublishRestoreLibrary(*env_);
  NewAndroidPhone(*env_, "phone", "28", /*register_ann=*/true);
}

void NewAndroidPhone(ClientEnv& env, const std::string& name, const std::string& os_version,
                     bool register_ann) {
  env.InitDevice(name, "android", os_version, "arm64-v8a,armeabi-v7a");
  if (register_ann) {
    env.RegisterAndLogin(name, "ann");
  } else {
    env.Login(name, "ann");
  }
}

std::map<std::string, std::string> FolderFiles(const std::string& dir) {
  std::map<std::string, std::string> files;
  std::error_code error;
  if (!fs::is_directory(dir, error)) return files;
  for (const fs::directory_entry& entry : fs::recursive_directory_iterator(dir)) {
    if (entry.is_regular_file()) {
      files[fs::relative(entry.path(), dir).string()] = ReadBytes(entry.path());
    }
  }
  return files;
}

json ItemFor(const json& document, const std::string& app) {
  for (const json& item : document.value("items", json::array())) {
    if (item.value("app", "") == app) return item;
  }
  ADD_FAILURE() << "no item for " << app << " in " << document;
  return json::object();
}

long long BlobBytesServed(ApiServer& server, long long at_least) {
  const std::string name = "\nappvault_blob_bytes_served_total ";
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(5);
  long long value = -1;
  do {
    ApiReply metrics = server.Call("GET", "/metrics");
    std::size_t at = metrics.body.find(name);
    value = at == std::string::npos ? -1 : std::stoll(metrics.body.substr(at + name.size()));
    if (value >= at_least) break;
    std::this_thread::sleep_for(std::chrono::milliseconds(20));  // counted once sent
  } while (std::chrono::steady_clock::now() < deadline);
  return value;
}

std::string BigApk() {
  std::string error;
  const std::string dir = BuildWithScript(
      "client_restore_big_apk", {SourcePath("tests/e2e/make_big_apk.sh"), {kBigApp}}, &error);
  EXPECT_FALSE(dir.empty()) << error;
  return dir.empty() ? "" : dir + "/big.apk";
}

std::string MakeTarScript() {
  return SourcePath("src/client/testdata/make_tar.py");
}

std::vector<std::string> InstalledApps(ClientEnv& env, const std::string& device) {
  json apps = env.RunJson(device, {"apps"}, 0);
  std::vector<std::string> ids;
  for (const json& item : apps.value("items", json::array()))
    ids.push_back(item.value("app", ""));
  return ids;
}

}  // namespace appvault::test
