// `appvault publish | search | vote` as a user meets them: a publisher adds real signed APKs
// to the library (metadata URL-escaped, the stored facts shown), refusals name their code,
// a plain user is forbidden (exit 1, not "not logged in"), search shows versions and votes.
#include <filesystem>

#include "e2e/client_e2e_util.h"

namespace appvault::test {
namespace {

using nlohmann::json;

class ClientCatalogTest : public ::testing::Test {
 protected:
  void SetUp() override {
    env_ = ClientEnv::Start();
    ASSERT_NE(env_, nullptr);
  }
  std::unique_ptr<ClientEnv> env_;
};

TEST_F(ClientCatalogTest, PublisherPublishesAndSeesTheStoredFacts) {
  env_->EnsurePublisher();
  CommandResult published =
      env_->Run("publisher", {"publish", PackagePath("notes_v1.apk"), "--software", "notes",
                              "--name", "Notes & more", "--category", "productivity",
                              "--description", "Take notes; sync them?"});
  ASSERT_EQ(published.status.code, 0) << published.err;
  EXPECT_NE(published.out.find("published org.example.notes version 1 (1.0) to software notes "
                               "(Notes & more)"),
            std::string::npos)
      << published.out;
  EXPECT_NE(published.out.find(
                std::to_string(std::filesystem::file_size(PackagePath("notes_v1.apk"))) + " bytes"),
            std::string::npos)
      << published.out;
  EXPECT_NE(published.out.find("CN=Publisher A"), std::string::npos) << published.out;
  EXPECT_NE(published.out.find("fits      android API 21 or newer"), std::string::npos)
      << published.out;

  // The metadata arrived exactly, special characters and all.
  json software = env_->RunJson("publisher", {"search", "notes"}, 0);
  ASSERT_EQ(software["items"].size(), 1u) << software;
  EXPECT_EQ(software["items"][0].value("name", ""), "Notes & more");
  EXPECT_EQ(software["items"][0].value("description", ""), "Take notes; sync them?");

  json second = env_->Publish("notes_v2.apk");
  EXPECT_EQ(second.value("software_id", ""), "notes");
  EXPECT_EQ(second.value("version_code", ""), "2");
  EXPECT_EQ(second.value("app", ""), "org.example.notes");
  EXPECT_EQ(second["sha256"].get<std::string>().size(), 64u);
}

TEST_F(ClientCatalogTest, PlainUserIsForbiddenNotLoggedOut) {
  env_->InitDevice("phone", "android", "30", "arm64-v8a");
  env_->RegisterAndLogin("phone", "ann");
  CommandResult refused = env_->Run("phone", {"publish", PackagePath("memo.apk")});
  ExpectFailure(refused, 1, "publisher role");

  json document = env_->RunJson("phone", {"publish", PackagePath("memo.apk")}, 1);
  EXPECT_EQ(document["error"].value("code", ""), "forbidden");
}

TEST_F(ClientCatalogTest, RefusedPackagesNameTheirCode) {
  env_->Publish("notes_v1.apk", {"--software", "notes"});
  CommandResult other_signer = env_->Run("publisher", {"publish", PackagePath("notes_v4_b.apk")});
  ExpectFailure(other_signer, 1, "refused (signer_mismatch)");

  CommandResult again = env_->Run("publisher", {"publish", PackagePath("notes_v1.apk")});
  EXPECT_EQ(again.status.code, 1);
  EXPECT_NE(again.err.find("refused (version_exists)"), std::string::npos) << again.err;

  const std::string not_a_package = env_->DevicePath("notes.txt");
  {
    std::FILE* file = std::fopen(not_a_package.c_str(), "w");
    ASSERT_NE(file, nullptr);
    std::fputs("not a zip", file);
    std::fclose(file);
  }
  CommandResult invalid = env_->Run("publisher", {"publish", not_a_package});
  EXPECT_EQ(invalid.status.code, 1);
  EXPECT_NE(invalid.err.find("refused (invalid_package)"), std::string::npos) << invalid.err;

  CommandResult missing = env_->Run("publisher", {"publish", env_->DevicePath("none.apk")});
  ExpectFailure(missing, 1, "no such file");

  json search = env_->RunJson("publisher", {"search"}, 0);
  ASSERT_EQ(search["items"].size(), 1u);
  EXPECT_EQ(search["items"][0]["versions"].size(), 1u) << "a refused package was stored";
}

TEST_F(ClientCatalogTest, SearchShowsVersionsAndVotesOnceEach) {
  env_->Publish("notes_v1.apk", {"--software", "notes", "--category", "productivity"});
  env_->Publish("notes_v2.apk");
  env_->Publish("memo.apk", {"--software", "memo", "--category", "productivity"});
  env_->Publish("jot.apk", {"--software", "jot", "--category", "games"});
  env_->InitDevice("phone", "android", "30", "arm64-v8a");
  env_->RegisterAndLogin("phone", "ann");

  CommandResult all = env_->Run("phone", {"search"});
  ASSERT_EQ(all.status.code, 0) << all.err;
  EXPECT_EQ(all.out.rfind("ID", 0), 0u) << all.out;
  EXPECT_NE(all.out.find("android 1 (1.0), 2 (2.0)"), std::string::npos) << all.out;
  EXPECT_NE(all.out.find("memo"), std::string::npos);
  EXPECT_NE(all.out.find("jot"), std::string::npos);

  json productivity = env_->RunJson("phone", {"search", "--category", "productivity"}, 0);
  ASSERT_EQ(productivity["items"].size(), 2u) << productivity;
  EXPECT_EQ(productivity["items"][0].value("id", ""), "memo");
  EXPECT_EQ(productivity["items"][1].value("id", ""), "notes");

  CommandResult none = env_->Run("phone", {"search", "no-such-thing"});
  EXPECT_EQ(none.status.code, 0);
  EXPECT_EQ(none.out, "no software matches\n");

  CommandResult vote = env_->Run("phone", {"vote", "memo"});
  ASSERT_EQ(vote.status.code, 0) << vote.err;
  EXPECT_EQ(vote.out, "voted for memo: 1 votes\n");
  CommandResult twice = env_->Run("phone", {"vote", "memo"});
  ExpectFailure(twice, 1, "cannot vote for memo");
  CommandResult unknown = env_->Run("phone", {"vote", "no/such software"});
  ExpectFailure(unknown, 1);

  json memo = env_->RunJson("phone", {"search", "memo"}, 0);
  ASSERT_EQ(memo["items"].size(), 1u);
  EXPECT_EQ(memo["items"][0].value("votes", -1), 1);
}

// Issue 14, finding 10: a publisher's free text never writes control characters onto a
// user's terminal, and the account that published is shown beside the publisher it claims.
TEST_F(ClientCatalogTest, SearchShowsPublishedByAndEscapesControlCharacters) {
  const std::string name = "Notes\x1b[2J\x1b]0;owned\x07";
  const std::string claimed = "Google LLC\r\nverified";
  env_->EnsurePublisher();
  CommandResult published =
      env_->Run("publisher", {"publish", PackagePath("notes_v1.apk"), "--software", "notes",
                              "--name", name, "--publisher", claimed});
  ASSERT_EQ(published.status.code, 0) << published.err;
  CommandResult search = env_->Run("publisher", {"search"});
  ASSERT_EQ(search.status.code, 0) << search.err;
  for (const CommandResult* result : {&published, &search}) {
    EXPECT_EQ(result->out.find('\x1b'), std::string::npos) << result->out;
    EXPECT_EQ(result->out.find('\x07'), std::string::npos) << result->out;
    EXPECT_EQ(result->out.find('\r'), std::string::npos) << result->out;
  }
  EXPECT_NE(search.out.find("Notes\\x1b[2J\\x1b]0;owned\\x07"), std::string::npos) << search.out;
  EXPECT_NE(search.out.find("Google LLC\\x0d\\x0averified"), std::string::npos) << search.out;
  EXPECT_NE(search.out.find("PUBLISHED BY"), std::string::npos) << search.out;
  // JSON stays exact; published_by is the account, whatever the publisher typed.
  json document = env_->RunJson("publisher", {"search"}, 0);
  ASSERT_EQ(document["items"].size(), 1u) << document;
  EXPECT_EQ(document["items"][0]["name"], name);
  EXPECT_EQ(document["items"][0]["publisher"], claimed);
  EXPECT_EQ(document["items"][0]["published_by"], "publisher");
}

TEST_F(ClientCatalogTest, CatalogCommandsNeedASession) {
  env_->InitDevice("phone", "android", "30", "arm64-v8a");
  for (const std::vector<std::string>& args : {std::vector<std::string>{"search"},
                                               {"vote", "notes"},
                                               {"publish", PackagePath("memo.apk")}}) {
    SCOPED_TRACE(args.front());
    ExpectFailure(env_->Run("phone", args), 3);
  }
}

}  // namespace
}  // namespace appvault::test
