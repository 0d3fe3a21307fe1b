// Publishing real packages through the real appvaultd: the library's refusals, malware
// scanning with a signature database made by the test, blobs on disk that go bad, and
// downloads with Range.
#include <gtest/gtest.h>

#include <fstream>

#include "e2e/api_test_util.h"
#include "pkg/apk_fixtures.h"

namespace appvault::test {
namespace {

using nlohmann::json;
namespace fixtures = pkg::test_fixtures;

class ApiPublishTest : public ::testing::Test {
 protected:
  void Start(const std::vector<std::string>& args = {}) {
    server_ = ApiServer::Start(args);
    ASSERT_NE(server_, nullptr);
    alice_ = server_->NewUser("alice", "publisher");
  }

  ApiReply PublishFixture(const std::string& token, const std::string& file) {
    std::string bytes = fixtures::ReadFileBytes(fixtures::Fixture(file).path);
    EXPECT_FALSE(bytes.empty()) << file;
    return server_->Call("POST", "/v1/catalog/packages", token, bytes);
  }

  std::unique_ptr<ApiServer> server_;
  std::string alice_;
};

TEST_F(ApiPublishTest, PublishedPackageIsInTheCatalogWithItsFacts) {
  Start();
  ApiReply published = server_->Publish(
      alice_, "notes_v1.apk",
      "software=notes&name=Notes+Pro&category=productivity&description=Take%20notes");
  ASSERT_EQ(published.status, 201) << published.body;
  EXPECT_EQ(published.json["app"], "org.example.notes");
  EXPECT_EQ(published.json["platform"], "android");
  EXPECT_EQ(published.json["version_code"], "1");
  EXPECT_EQ(published.json["min_os"], "21");
  EXPECT_EQ(published.json["signer_subject"], "CN=Publisher A, O=appvault");
  EXPECT_EQ(published.json["size"], ReadBytes(PackagePath("notes_v1.apk")).size());

  ApiReply software = server_->Call("GET", "/v1/catalog/software/notes", alice_);
  ASSERT_EQ(software.status, 200) << software.body;
  EXPECT_EQ(software.json["name"], "Notes Pro");
  EXPECT_EQ(software.json["description"], "Take notes");
  EXPECT_EQ(software.json["publisher"], "alice");
  ASSERT_EQ(software.json["packages"].size(), 1u);
  EXPECT_EQ(software.json["packages"][0]["sha256"], published.json["sha256"]);
  EXPECT_EQ(software.json["packages"][0]["url"],
            "/v1/blobs/" + published.json["sha256"].get<std::string>());

  std::string ann = server_->NewUser("ann");
  ApiReply search = server_->Call("GET", "/v1/catalog/software?q=pro&platform=android", ann);
  ASSERT_EQ(search.status, 200);
  ASSERT_EQ(search.json["items"].size(), 1u);
  EXPECT_EQ(search.json["items"][0]["id"], "notes");
  EXPECT_EQ(server_->Call("GET", "/v1/catalog/software?category=games", ann).json["items"].size(),
            0u);
  EXPECT_EQ(server_->Call("GET", "/v1/catalog/software?platform=ios", ann).json["items"].size(),
            0u);
  EXPECT_EQ(server_->Call("GET", "/v1/catalog/software?colour=red", ann).status, 400);
  EXPECT_EQ(server_->Call("GET", "/v1/catalog/software/nothing", ann).status, 404);

  // One vote per user.
  ApiReply vote = server_->Call("POST", "/v1/catalog/software/notes/votes", ann);
  EXPECT_EQ(vote.status, 201);
  EXPECT_EQ(vote.json["votes"], 1);
  EXPECT_EQ(server_->Call("POST", "/v1/catalog/software/notes/votes", ann).status, 409);
  EXPECT_EQ(server_->Call("POST", "/v1/catalog/software/nothing/votes", ann).status, 404);
}

TEST_F(ApiPublishTest, SignerMismatchAndVersionExistsAre422) {
  Start();
  ASSERT_EQ(server_->Publish(alice_, "notes_v1.apk", "software=notes").status, 201);
  ApiReply same = server_->Publish(alice_, "notes_v1.apk", "software=notes");
  EXPECT_EQ(same.status, 422);
  EXPECT_EQ(same.ErrorCode(), "version_exists");
  ApiReply other_signer = server_->Publish(alice_, "notes_v4_b.apk", "software=notes");
  EXPECT_EQ(other_signer.status, 422);
  EXPECT_EQ(other_signer.ErrorCode(), "signer_mismatch");
  // Same app, same version, other bytes (a v1 signature per section).
  ASSERT_EQ(PublishFixture(alice_, "v1_rsa_sha1.apk").status, 201);
  ApiReply same_version = PublishFixture(alice_, "v1_per_section.apk");
  EXPECT_EQ(same_version.status, 422);
  EXPECT_EQ(same_version.ErrorCode(), "version_exists");
  // Nothing of the refused packages was kept.
  ApiReply notes = server_->Call("GET", "/v1/catalog/software/notes", alice_);
  EXPECT_EQ(notes.json["packages"].size(), 1u);
}

TEST_F(ApiPublishTest, DamagedPackagesAreRefusedAndNotStored) {
  Start();
  struct Case {
    const char* file;
    const char* code;
  } cases[] = {
      {"wrong_key_v2.apk", "bad_signature"}, {"bad_entry_v1.apk", "bad_signature"},
      {"unsigned.apk", "unsigned"},          {"not_zip.apk", "invalid_package"},
      {"zip_slip.apk", "invalid_package"},
  };
  for (const Case& c : cases) {
    ApiReply reply = PublishFixture(alice_, c.file);
    EXPECT_EQ(reply.status, 422) << c.file << ": " << reply.body;
    EXPECT_EQ(reply.ErrorCode(), c.code) << c.file;
  }
  EXPECT_EQ(server_->Call("GET", "/v1/catalog/software", alice_).json["items"].size(), 0u);
  EXPECT_EQ(std::filesystem::exists(server_->data_dir() / "blobs" / ".staging"), true);
  EXPECT_TRUE(std::filesystem::is_empty(server_->data_dir() / "blobs" / ".staging"));
}

TEST_F(ApiPublishTest, UsersAndOtherPublishersMayNotPublishToASoftware) {
  Start();
  ASSERT_EQ(server_->Publish(alice_, "notes_v1.apk", "software=notes").status, 201);
  std::string ann = server_->NewUser("ann");
  ApiReply user = server_->Publish(ann, "notes_v2.apk", "software=notes");
  EXPECT_EQ(user.status, 403);
  EXPECT_EQ(user.ErrorCode(), "forbidden");
  std::string bob = server_->NewUser("bob", "publisher");
  ApiReply other = server_->Publish(bob, "notes_v2.apk", "software=notes");
  EXPECT_EQ(other.status, 403);
  // Without naming the software: the app's software is found, and is still not bob's.
  EXPECT_EQ(server_->Publish(bob, "notes_v2.apk").status, 403);
  // Another software id for the same app: the app belongs to "notes".
  ApiReply conflict = server_->Publish(bob, "notes_v2.apk", "software=my-notes");
  EXPECT_EQ(conflict.status, 409);
  // An admin may.
  std::string root = server_->NewUser("root", "admin");
  EXPECT_EQ(server_->Publish(root, "notes_v2.apk", "software=notes").status, 201);
}

TEST_F(ApiPublishTest, InfectedPackageIsRefusedWithADatabaseAndCleanOneAccepted) {
  Start({"--malware-db", PackagePath("eicar.ndb")});
  EXPECT_NE(server_->process().Log().find("malware scanning: clamav"), std::string::npos)
      << server_->process().Log();
  ApiReply infected = server_->Publish(alice_, "infected.apk");
  EXPECT_EQ(infected.status, 422) << infected.body;
  EXPECT_EQ(infected.ErrorCode(), "malware_detected");
  EXPECT_NE(infected.ErrorMessage().find("Appvault.Test.EICAR"), std::string::npos);
  ApiReply clean = server_->Publish(alice_, "clean.apk");
  EXPECT_EQ(clean.status, 201) << clean.body;
  EXPECT_EQ(server_->Publish(alice_, "notes_v1.apk").status, 201);
  ApiReply software = server_->Call("GET", "/v1/catalog/software/org.example.infected", alice_);
  ASSERT_EQ(software.json["packages"].size(), 1u);
  EXPECT_EQ(software.json["packages"][0]["sha256"], clean.json["sha256"]);
}

TEST_F(ApiPublishTest, CorruptedBlobIsDataLossNeverServed) {
  Start();
  ApiReply published = server_->Publish(alice_, "notes_v1.apk");
  ASSERT_EQ(published.status, 201);
  const std::string sha = published.json["sha256"];
  const std::string url = "/v1/blobs/" + sha;
  ASSERT_EQ(server_->Call("GET", url, alice_).status, 200);

  std::filesystem::path path = server_->BlobPath(sha);
  std::string bytes = ReadBytes(path);
  ASSERT_FALSE(bytes.empty());
  bytes[bytes.size() / 2] ^= 0x20;
  std::filesystem::permissions(path, std::filesystem::perms::owner_write,
                               std::filesystem::perm_options::add);
  std::ofstream(path, std::ios::binary | std::ios::trunc) << bytes;

  ApiReply reply = server_->Call("GET", url, alice_);
  EXPECT_EQ(reply.status, 500);
  EXPECT_EQ(reply.ErrorCode(), "data_loss");
  EXPECT_EQ(reply.body.find("PK"), std::string::npos);
  EXPECT_NE(server_->process().Log().find("DATA LOSS"), std::string::npos);
  // Ranges are not served either.
  EXPECT_EQ(server_->Call("GET", url, alice_, "", "Range: bytes=0-9\r\n").status, 500);
}

TEST_F(ApiPublishTest, DownloadsHonourRangeAndETag) {
  Start();
  ApiReply published = server_->Publish(alice_, "notes_v1.apk");
  ASSERT_EQ(published.status, 201);
  const std::string sha = published.json["sha256"];
  const std::string bytes = ReadBytes(PackagePath("notes_v1.apk"));
  std::string ann = server_->NewUser("ann");
  ApiReply part = server_->Call("GET", "/v1/blobs/" + sha, ann, "", "Range: bytes=10-19\r\n");
  EXPECT_EQ(part.status, 206);
  EXPECT_EQ(part.body, bytes.substr(10, 10));
  EXPECT_EQ(part.Header("Content-Range"), "bytes 10-19/" + std::to_string(bytes.size()));
  ApiReply tail = server_->Call("GET", "/v1/blobs/" + sha, ann, "", "Range: bytes=100-\r\n");
  EXPECT_EQ(tail.body, bytes.substr(100));
  ApiReply whole = server_->Call("GET", "/v1/blobs/" + sha, ann);
  EXPECT_EQ(whole.Header("ETag"), "\"" + sha + "\"");
  EXPECT_EQ(whole.body, bytes);
  EXPECT_EQ(server_->Call("GET", "/v1/blobs/" + sha, ann, "", "Range: bytes=999999-\r\n").status,
            416);
  ApiReply suffix = server_->Call("GET", "/v1/blobs/" + sha, ann, "", "Range: bytes=-20\r\n");
  EXPECT_EQ(suffix.status, 206);
  EXPECT_EQ(suffix.body, bytes.substr(bytes.size() - 20));
  ApiReply clipped =
      server_->Call("GET", "/v1/blobs/" + sha, ann, "", "Range: bytes=10-99999999\r\n");
  EXPECT_EQ(clipped.status, 206);
  EXPECT_EQ(clipped.body, bytes.substr(10));
  ApiReply several = server_->Call("GET", "/v1/blobs/" + sha, ann, "", "Range: bytes=0-1,5-6\r\n");
  EXPECT_EQ(several.status, 200);  // multipart is not implemented: the whole package
  EXPECT_EQ(several.body, bytes);
  ApiReply cached =
      server_->Call("GET", "/v1/blobs/" + sha, ann, "", "If-None-Match: \"" + sha + "\"\r\n");
  EXPECT_EQ(cached.status, 304);
  EXPECT_EQ(cached.body, "");
}

// HEAD of a blob (any GET route answers HEAD): the download's headers, no body.
TEST_F(ApiPublishTest, HeadOfABlobGivesItsSizeAndTag) {
  Start();
  ApiReply published = server_->Publish(alice_, "notes_v1.apk");
  ASSERT_EQ(published.status, 201);
  const std::string sha = published.json["sha256"];
  const std::string url =
      "http://127.0.0.1:" + std::to_string(server_->port()) + "/v1/blobs/" + sha;
  auto head = RunCommand({"curl", "-s", "-I", "-H", "Authorization: Bearer " + alice_, url});
  ASSERT_TRUE(head.has_value());
  ASSERT_TRUE(head->status.Ok()) << head->err;
  const std::string size = std::to_string(ReadBytes(PackagePath("notes_v1.apk")).size());
  EXPECT_EQ(head->out.rfind("HTTP/1.1 200 OK\r\n", 0), 0u) << head->out;
  EXPECT_NE(head->out.find("Content-Length: " + size + "\r\n"), std::string::npos) << head->out;
  EXPECT_NE(head->out.find("ETag: \"" + sha + "\"\r\n"), std::string::npos) << head->out;
  // Without a token it is refused as the GET is; HEAD replies carry no body.
  auto anonymous = RunCommand({"curl", "-s", "-I", url});
  ASSERT_TRUE(anonymous.has_value());
  EXPECT_EQ(anonymous->out.rfind("HTTP/1.1 401 Unauthorized\r\n", 0), 0u) << anonymous->out;
}

TEST_F(ApiPublishTest, OversizedUploadsAre413) {
  Start({"--max-package-bytes", "4096", "--max-blob-bytes", "16"});
  ApiReply package = server_->Publish(alice_, "notes_v1.apk");
  EXPECT_EQ(package.status, 413) << package.body;
  EXPECT_EQ(package.ErrorCode(), "payload_too_large");
  EXPECT_EQ(server_->Upload(alice_, std::string(17, 'x')).status, 413);
  EXPECT_EQ(server_->Upload(alice_, std::string(16, 'x')).status, 201);
}

}  // namespace
}  // namespace appvault::test
