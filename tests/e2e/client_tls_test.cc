// The device client against an https appvaultd whose certificate is self-signed, as a
// self-hosted server's often is: trusted with `--ca-file` (every request, the parallel
// downloads of a restore included), refused without it — the certificate is always checked.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "e2e/client_restore_util.h"

namespace appvault::test {
namespace {

using nlohmann::json;

class ClientTlsTest : public ::testing::Test {
 protected:
  void SetUp() override {
    ASSERT_TRUE(MakeSelfSignedCertificate(cert_, key_));
    env_ = ClientEnv::Start({"--tls-cert", cert_, "--tls-key", key_});
    ASSERT_NE(env_, nullptr);
  }

  TempDir dir_;
  const std::string cert_ = (dir_.path() / "cert.pem").string();
  const std::string key_ = (dir_.path() / "key.pem").string();
  std::unique_ptr<ClientEnv> env_;
};

TEST_F(ClientTlsTest, WithTheCaFileEverythingWorksOverHttps) {
  env_->UseHttps(cert_);
  env_->Publish("notes_v1.apk", {"--software", "notes"});  // publish: a streamed upload
  env_->Publish("memo.apk", {"--software", "memo"});
  NewAndroidPhone(*env_, "phone", "28", /*register_ann=*/true);
  env_->Sideload("phone", "notes_v1.apk");
  env_->Sideload("phone", "memo.apk");
  json backup = env_->RunJson("phone", {"backup", "--all", "--with-config"}, 0);
  ASSERT_EQ(backup["items"].size(), 2u) << backup;

  NewAndroidPhone(*env_, "new", "28");
  json restored = env_->RunJson("new", {"restore", "--all"}, 0);
  EXPECT_EQ(ItemFor(restored, kNotes).value("outcome", ""), "installed") << restored;
  EXPECT_EQ(ItemFor(restored, kMemo).value("outcome", ""), "installed") << restored;
  EXPECT_EQ(InstalledApps(*env_, "new"), (std::vector<std::string>{kMemo, kNotes}));
}

// Without the CA file the self-signed certificate does not verify: a server error (exit 4)
// that says what to do, and nothing is created on the server.
TEST_F(ClientTlsTest, WithoutTheCaFileTheCertificateIsRefused) {
  env_->UseHttps("");
  env_->InitDevice("phone", "android", "28", "arm64-v8a");
  CommandResult registered = env_->Run("phone", {"register", "ann", "--password-stdin"},
                                       std::string(kTestPassword) + "\n");
  ExpectFailure(registered, 4, "--ca-file");
  EXPECT_NE(registered.err.find("certificate"), std::string::npos) << registered.err;
  env_->UseHttps(cert_);
  ExpectFailure(
      env_->Run("phone", {"login", "ann", "--password-stdin"}, std::string(kTestPassword) + "\n"),
      3);  // no such account: the refused request never reached the server
}

TEST_F(ClientTlsTest, AMissingCaFileIsAUsageError) {
  env_->UseHttps((dir_.path() / "none.pem").string());
  ExpectFailure(env_->Run("phone", {"search"}), 2, "none.pem");
}

}  // namespace
}  // namespace appvault::test
