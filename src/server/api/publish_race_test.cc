// Finding 6 of issue 14: two publishers create the same new software at once. Both see no
// software "shared" (a barrier in the store holds each publish until both have decided to
// create it); exactly one wins, the other is refused, and nothing of its request is stored.
#include <gtest/gtest.h>

#include <latch>
#include <thread>

#include "blob/file_blob_store.h"
#include "pkg/apk_fixtures.h"
#include "scan/scanner.h"
#include "server/api/handlers.h"
#include "server/api/routes.h"
#include "server/http_status.h"
#include "store/forwarding_store.h"
#include "store/sqlite_store.h"
#include "support/temp_dir.h"

namespace appvault::server::api {
namespace {

namespace fixtures = pkg::test_fixtures;
namespace http = boost::beast::http;

// Holds every AddPackage until two have arrived: both publishes have checked the software's
// owner (and found none) before either writes.
class BarrierStore : public store::ForwardingStore {
 public:
  using ForwardingStore::ForwardingStore;
  Status AddPackage(const store::SoftwareRecord& software, const store::PackageRecord& package,
                    const PlaceBytes& place_bytes) override {
    arrived_.arrive_and_wait();
    return inner_.AddPackage(software, package, place_bytes);
  }

 private:
  std::latch arrived_{2};
};

struct Outcome {
  int status = 0;
  std::string body;
};

TEST(PublishRaceTest, TwoPublishersCreatingOneSoftwareExactlyOneWins) {
  appvault::test::TempDir dir;
  auto sqlite = store::SqliteStore::Open(dir.Join("appvault.db"));
  ASSERT_TRUE(sqlite.ok()) << sqlite.status().ToString();
  auto barrier = std::make_unique<BarrierStore>(**sqlite);
  auto blobs = blob::FileBlobStore::Open(dir.Join("blobs"));
  ASSERT_TRUE(blobs.ok()) << blobs.status().ToString();
  Services services(
      std::move(barrier), std::move(blobs).value(), scan::NoScanner(),
      [] { return std::int64_t{1000}; }, ApiOptions{});
  store::MetadataStore& db = **sqlite;
  store::User alice = *db.CreateUser("alice", "x", store::Role::kPublisher, 1);
  store::User bob = *db.CreateUser("bob", "x", store::Role::kPublisher, 1);
  // Two different apps, both to the new software id "shared".
  const std::string packages[2] = {fixtures::ReadFileBytes(fixtures::Fixture("v2_rsa.apk").path),
                                   fixtures::ReadFileBytes(fixtures::Fixture("v2_ec.apk").path)};
  ASSERT_FALSE(packages[0].empty());
  ASSERT_FALSE(packages[1].empty());
  const store::User* users[2] = {&alice, &bob};
  Outcome outcomes[2];
  auto publish = [&](int i) {
    HttpRequest message{http::verb::post, "/v1/catalog/packages?software=shared", 11};
    Request request(std::move(message));
    StringBodyReader body(packages[i], services.options.max_package_bytes);
    Call call(request, services);
    call.user = users[i];
    call.body = &body;
    Result<Reply> reply = PublishPackage(call);
    outcomes[i] = reply.ok() ? Outcome{static_cast<int>(reply->result_int()), reply->body()}
                             : Outcome{static_cast<int>(HttpStatusFor(reply.status().code())),
                                       reply.status().ToString()};
  };
  std::thread first(publish, 0), second(publish, 1);
  first.join();
  second.join();

  const int winner = outcomes[0].status == 201 ? 0 : 1;
  const int loser = 1 - winner;
  EXPECT_EQ(outcomes[winner].status, 201) << outcomes[winner].body;
  EXPECT_TRUE(outcomes[loser].status == 403 || outcomes[loser].status == 409)
      << outcomes[loser].status << " " << outcomes[loser].body;
  store::SoftwareRecord shared = *db.FindSoftware("shared");
  EXPECT_EQ(shared.owner_id, users[winner]->id);
  std::vector<store::PackageRecord> listed = *db.ListPackages("shared");
  ASSERT_EQ(listed.size(), 1u) << "the loser's package joined the winner's software";
  EXPECT_EQ(listed[0].published_by, users[winner]->id);
  // Nothing of the loser's request: no package row, no blob record, no bytes.
  std::vector<store::BlobRecord> recorded = *db.ListBlobs();
  ASSERT_EQ(recorded.size(), 1u);
  EXPECT_EQ(recorded[0].sha256, listed[0].package.sha256);
  std::size_t files = 0;
  for (const auto& entry : std::filesystem::recursive_directory_iterator(dir.Join("blobs")))
    files += entry.is_regular_file() ? 1 : 0;
  EXPECT_EQ(files, 1u) << "the loser's package bytes stayed on disk";
}

}  // namespace
}  // namespace appvault::server::api
