// What another publisher can and cannot do to a user's backup through the library (issue 14,
// findings 2, 7, 8, 9): an app id is bound to one signer lineage across the whole library,
// a user's configuration never goes to another signer's package, a v3 rotation keeps the
// settings, a refused publish leaves no byte behind, and every per-user limit refuses with
// quota_exceeded — all against the real appvaultd with real signed APKs.
#include <gtest/gtest.h>

#include <filesystem>
#include <map>
#include <string>

#include "e2e/api_test_util.h"
#include "pkg/inspect.h"

namespace appvault::test {
namespace {

using nlohmann::json;

// The signing certificate of a package of api_make_packages.sh, read as the library does.
std::string SignerOf(const std::string& package) {
  Result<pkg::PackageFacts> facts = pkg::InspectPackage(PackagePath(package));
  EXPECT_TRUE(facts.ok()) << facts.status().ToString();
  return facts.ok() && facts->signer_sha256 ? facts->signer_sha256->Hex() : "";
}

// Every file under `dir` (relative path → bytes): the blob folder, byte for byte.
std::map<std::string, std::string> FolderBytes(const std::filesystem::path& dir) {
  std::map<std::string, std::string> files;
  for (const auto& entry : std::filesystem::recursive_directory_iterator(dir)) {
    if (entry.is_regular_file()) {
      files[std::filesystem::relative(entry.path(), dir).string()] = ReadBytes(entry.path());
    }
  }
  return files;
}

class ApiLibraryTrustTest : public ::testing::Test {
 protected:
  void Start(const std::vector<std::string>& args = {}) {
    server_ = ApiServer::Start(args);
    ASSERT_NE(server_, nullptr);
    alice_ = server_->NewUser("alice", "publisher");
    mallory_ = server_->NewUser("mallory", "publisher");
    ann_ = server_->NewUser("ann");
    phone_ = server_->NewDevice(ann_, "android", "30", {"arm64-v8a"});
  }

  // Ann backs up org.example.notes version 1 signed by `signer`, with her settings.
  void BackUpNotes(const std::string& signer) {
    config_ = server_->UploadSha(ann_, "{\"font\":\"huge\",\"token\":\"private\"}");
    ApiReply reply = server_->Backup(ann_, phone_,
                                     {{{"app", "org.example.notes"},
                                       {"version_code", 1},
                                       {"signer_sha256", signer},
                                       {"config_sha256", config_}}});
    ASSERT_EQ(reply.status, 200) << reply.body;
  }

  json PlanNotes(const json& preferences) {
    ApiReply reply = server_->Json(
        "POST", "/v1/restore-plans", ann_,
        {{"device_id", phone_}, {"apps", {"org.example.notes"}}, {"preferences", preferences}});
    EXPECT_EQ(reply.status, 200) << reply.body;
    return reply.json["items"].size() == 1 ? reply.json["items"][0] : json();
  }

  std::unique_ptr<ApiServer> server_;
  std::string alice_, mallory_, ann_, phone_, config_;
};

// Finding 2, rule 7: a second publisher's package of an app id the library holds under
// another certificate is refused signer_mismatch, whatever software id it names.
TEST_F(ApiLibraryTrustTest, SquattingAnAppIdUnderAnotherSoftwareIsSignerMismatch) {
  Start();
  BackUpNotes(SignerOf("notes_v1.apk"));
  ASSERT_EQ(server_->Publish(alice_, "notes_v1.apk", "software=notes").status, 201);
  for (const char* query : {"software=free-notes", "software=notes-s2&name=Notes", ""}) {
    ApiReply squat = server_->Publish(mallory_, "notes_v4_b.apk", query);
    if (std::string(query).empty()) {
      EXPECT_EQ(squat.status, 403) << squat.body;  // the app's software is alice's
      continue;
    }
    EXPECT_EQ(squat.status, 422) << query << ": " << squat.body;
    EXPECT_EQ(squat.ErrorCode(), "signer_mismatch") << squat.body;
  }
  EXPECT_EQ(server_->Call("GET", "/v1/catalog/software/free-notes", ann_).status, 404);
  // Signer before version: mallory's v4 is a new version, alice's software a new software id;
  // a same-version package of another signer is still signer_mismatch, not version_exists.
  ApiReply same_software = server_->Publish(alice_, "notes_v4_b.apk", "software=notes");
  EXPECT_EQ(same_software.ErrorCode(), "signer_mismatch");
  // Ann's restore gets alice's package with her settings.
  json item = PlanNotes({{"accept_alternatives", true}});
  EXPECT_EQ(item["outcome"], "install") << item;
  EXPECT_EQ(item["config"]["sha256"], config_) << item;
}

// Finding 2, rules 5 and 6: the library got the app id from another signer first (S2); Ann's
// backup is of the app signed by S1. The plan never carries her configuration.
TEST_F(ApiLibraryTrustTest, BackupOfOneSignerNeverSendsItsConfigurationToAnother) {
  Start();
  const std::string s1 = SignerOf("notes_v1.apk");
  const std::string s2 = SignerOf("notes_v4_b.apk");
  ASSERT_NE(s1, s2);
  BackUpNotes(s1);  // before the app was in the library: the backup names no software
  ASSERT_EQ(server_->Publish(mallory_, "notes_v4_b.apk", "software=notes-s2").status, 201);

  json off = PlanNotes({{"accept_alternatives", false}, {"install_latest", true}});
  EXPECT_EQ(off["outcome"], "no_compatible_package") << off;
  EXPECT_TRUE(off["package"].is_null());
  EXPECT_TRUE(off["config"].is_null());
  EXPECT_NE(off["reason"].get<std::string>().find(
                "only packages signed by another certificate (" + s2.substr(0, 12) +
                ") than the backed-up app's (" + s1.substr(0, 12) + ")"),
            std::string::npos)
      << off;

  json on = PlanNotes({{"accept_alternatives", true}});
  EXPECT_EQ(on["outcome"], "alternative") << on;
  EXPECT_EQ(on["alternative_for"], "notes-s2");
  EXPECT_EQ(on["package"]["signer_sha256"], s2);
  EXPECT_TRUE(on["config"].is_null()) << on;
  EXPECT_EQ(on["backup_signer_sha256"], s1) << "the client checks the configuration against it";
}

// Finding 2: a v3 rotation S1 → S2 with its proof is the same app: publishable to the same
// software and the same app id, and the restore keeps the settings.
TEST_F(ApiLibraryTrustTest, V3RotationWithAProofKeepsTheSettings) {
  Start();
  const std::string s1 = SignerOf("notes_v1.apk");
  ASSERT_NE(SignerOf("notes_v5_rot.apk"), s1);
  ASSERT_EQ(server_->Publish(alice_, "notes_v1.apk", "software=notes").status, 201);
  BackUpNotes(s1);
  ApiReply rotated = server_->Publish(alice_, "notes_v5_rot.apk", "software=notes");
  ASSERT_EQ(rotated.status, 201) << rotated.body;
  json item = PlanNotes({{"install_latest", true}});
  EXPECT_EQ(item["outcome"], "install") << item;
  EXPECT_EQ(item["version_code"], "5");
  EXPECT_EQ(item["config"]["sha256"], config_) << item;
  // Another signer still may not join the rotated lineage.
  EXPECT_EQ(server_->Publish(alice_, "notes_v4_b.apk", "software=notes").ErrorCode(),
            "signer_mismatch");
}

// Finding 7: every refusal of a publish leaves the blob folder byte for byte as it was.
TEST_F(ApiLibraryTrustTest, NoRefusedPublishLeavesAByteBehind) {
  Start({"--malware-db", PackagePath("eicar.ndb")});
  ASSERT_EQ(server_->Publish(alice_, "notes_v1.apk", "software=notes").status, 201);
  ASSERT_EQ(server_->Publish(mallory_, "memo.apk", "software=memo").status, 201);
  const std::filesystem::path blobs = server_->data_dir() / "blobs";
  const std::map<std::string, std::string> before = FolderBytes(blobs);
  ASSERT_EQ(before.size(), 2u);
  const std::string garbage = "not a package at all";
  struct Case {
    std::string token, package, query, code;
  } cases[] = {
      {alice_, "notes_v2.apk", "software=notes&bogus=1", "invalid_argument"},
      {ann_, "notes_v2.apk", "software=notes", "forbidden"},            // a user
      {mallory_, "notes_v2.apk", "software=notes", "forbidden"},        // not her software
      {mallory_, "notes_v2.apk", "", "forbidden"},                      // found by its app id
      {alice_, "notes_v2.apk", "software=memo", "forbidden"},           // memo is mallory's
      {alice_, "notes_v1.apk", "software=notes", "version_exists"},     // the same bytes
      {alice_, "notes_v4_b.apk", "software=notes", "signer_mismatch"},  // another signer
      {mallory_, "notes_v4_b.apk", "software=notes2", "signer_mismatch"},
      {alice_, "notes_v2.apk", "software=notes-again", "conflict"},  // app of another software
      {alice_, "infected.apk", "", "malware_detected"},
  };
  for (const Case& c : cases) {
    ApiReply reply = server_->Publish(c.token, c.package, c.query);
    EXPECT_EQ(reply.ErrorCode(), c.code) << c.package << "?" << c.query << ": " << reply.body;
    EXPECT_EQ(FolderBytes(blobs), before) << c.package << "?" << c.query << " left bytes behind";
  }
  // Bodies the inspector refuses.
  ASSERT_EQ(server_->Publish(alice_, "notes_v2.apk", "software=notes").status, 201);
  const std::map<std::string, std::string> with_v2 = FolderBytes(blobs);
  ApiReply rebuilt = server_->Call("POST", "/v1/catalog/packages?software=notes", alice_,
                                   ReadBytes(PackagePath("notes_v2.apk")) + std::string(1, '\0'));
  EXPECT_EQ(rebuilt.status, 422) << rebuilt.body;
  EXPECT_EQ(FolderBytes(blobs), with_v2);
  EXPECT_EQ(server_->Call("POST", "/v1/catalog/packages", alice_, garbage).ErrorCode(),
            "invalid_package");
  EXPECT_EQ(FolderBytes(blobs), with_v2);
}

// Finding 8: a quota of private bytes per user, and devices per user.
TEST_F(ApiLibraryTrustTest, PerUserQuotasRefuseWithQuotaExceededAndStoreNothing) {
  Start({"--user-quota-bytes", "100", "--max-devices-per-user", "2"});
  const std::filesystem::path blobs = server_->data_dir() / "blobs";
  ASSERT_EQ(server_->Upload(ann_, std::string(60, 'a')).status, 201);
  const std::map<std::string, std::string> before = FolderBytes(blobs);
  ApiReply over = server_->Upload(ann_, std::string(41, 'b'));
  EXPECT_EQ(over.status, 403) << over.body;
  EXPECT_EQ(over.ErrorCode(), "quota_exceeded");
  EXPECT_NE(over.ErrorMessage().find("quota of 100 bytes"), std::string::npos) << over.body;
  EXPECT_NE(over.ErrorMessage().find("--user-quota-bytes"), std::string::npos) << over.body;
  EXPECT_EQ(FolderBytes(blobs), before) << "nothing of a refused upload is stored";
  EXPECT_EQ(server_->Upload(ann_, std::string(40, 'c')).status, 201);  // exactly the quota
  EXPECT_EQ(server_->Upload(ann_, std::string(60, 'a')).status, 201);  // had it already
  // Another user's quota is their own.
  EXPECT_EQ(server_->Upload(mallory_, std::string(90, 'd')).status, 201);

  // Ann has one device (SetUp); a second is allowed, a third is not.
  server_->NewDevice(ann_, "android", "30", {"arm64-v8a"});
  ApiReply third = server_->Json(
      "POST", "/v1/devices", ann_,
      {{"name", "third"}, {"platform", "android"}, {"os_version", "30"}, {"abis", {"arm64-v8a"}}});
  EXPECT_EQ(third.status, 403) << third.body;
  EXPECT_EQ(third.ErrorCode(), "quota_exceeded");
  EXPECT_NE(third.ErrorMessage().find("--max-devices-per-user 2"), std::string::npos);
  EXPECT_EQ(server_->Call("GET", "/v1/devices", ann_).json["items"].size(), 2u);
}

// Finding 9: backups per user are bounded, and a plan of all:true decides at most 1 000
// apps a request, the rest from next_offset.
TEST_F(ApiLibraryTrustTest, BackupsAndPlansOfAllAreBounded) {
  Start({"--max-backups-per-user", "1001"});
  json apps = json::array();
  for (int i = 0; i < 1001; ++i)
    apps.push_back({{"app", "org.many.app" + std::to_string(10000 + i)}, {"version_code", 1}});
  ApiReply run = server_->BackupRun(ann_, phone_, apps, 600);  // one run, two requests
  ASSERT_EQ(run.status, 201) << run.body.substr(0, 300);
  ApiReply over =
      server_->Backup(ann_, phone_, {{{"app", "org.many.one.more"}, {"version_code", 1}}});
  EXPECT_EQ(over.status, 403);
  EXPECT_EQ(over.ErrorCode(), "quota_exceeded");
  EXPECT_NE(over.ErrorMessage().find("--max-backups-per-user"), std::string::npos);

  ApiReply first =
      server_->Json("POST", "/v1/restore-plans", ann_, {{"device_id", phone_}, {"all", true}});
  ASSERT_EQ(first.status, 200) << first.body.substr(0, 300);
  EXPECT_EQ(first.json["items"].size(), 1000u);
  EXPECT_EQ(first.json["next_offset"], 1000);
  ApiReply rest = server_->Json("POST", "/v1/restore-plans", ann_,
                                {{"device_id", phone_}, {"all", true}, {"offset", 1000}});
  ASSERT_EQ(rest.status, 200) << rest.body.substr(0, 300);
  ASSERT_EQ(rest.json["items"].size(), 1u);
  EXPECT_EQ(rest.json["items"][0]["app"], "org.many.app11000");
  EXPECT_TRUE(rest.json["next_offset"].is_null());
}

}  // namespace
}  // namespace appvault::test
