// What only the PostgreSQL store has: connecting by URL (and its errors), its schema
// migrations on a real server, and concurrent writes that conflict (serialization retries).
#include <gtest/gtest.h>

#include <atomic>
#include <thread>
#include <vector>

#include "store/postgres_connection.h"
#include "store/postgres_error.h"
#include "store/postgres_migrations.h"
#include "store/postgres_store.h"
#include "store/postgres_test_schema.h"
#include "store/store_conformance_fixture.h"
#include "support/test_services.h"

namespace appvault::store {
namespace {

using conformance::CodeOf;
using conformance::DeviceOf;
using conformance::Must;
using conformance::MustOk;
using conformance::Numbered;
using conformance::SoftwareOf;

bool Contains(const std::string& text, std::string_view part) {
  return text.find(part) != std::string::npos;
}

class PostgresStoreTest : public ::testing::Test {
 protected:
  std::string Url() { return Must(schema_.Url()); }
  std::unique_ptr<PostgresStore> OpenStore(PostgresOptions options = {}) {
    return Must(PostgresStore::Open(Url(), options));
  }
  // The number in the schema's schema_version table.
  std::int64_t StoredVersion() {
    auto session = Must(pg::Connection::Open(Url()));
    return Must(pg::SchemaVersion(*session));
  }

  pg::TestSchema schema_{test::LoadTestServices().database};
};

TEST(PostgresUrlTest, PasswordsAreRedacted) {
  EXPECT_EQ(pg::RedactedUrl("postgresql://ann:s3cret@db:5432/av"),
            "postgresql://ann:***@db:5432/av");
  EXPECT_EQ(pg::RedactedUrl("postgresql://ann@db/av?password=s3cret&sslmode=require"),
            "postgresql://ann@db/av?password=***&sslmode=require");
  EXPECT_EQ(pg::RedactedUrl("postgresql://ann@db/av"), "postgresql://ann@db/av");
}

TEST(PostgresUrlTest, AUrlThatDoesNotParseIsRefusedNamingIt) {
  Result<std::unique_ptr<PostgresStore>> store =
      PostgresStore::Open("postgresql://ann:s3cret@db:notaport/av?nosuchoption=1");
  ASSERT_EQ(CodeOf(store.status()), "invalid_argument");
  EXPECT_TRUE(Contains(store.status().message(), "postgresql://ann:***@db:notaport/av"))
      << store.status().message();
  EXPECT_FALSE(Contains(store.status().message(), "s3cret"));
}

TEST(PostgresUrlTest, AServerThatIsDownIsUnavailableNamingTheUrl) {
  // A port nothing listens on: bound, then closed, by the kernel's choice.
  const std::string url = "postgresql://ann:s3cret@127.0.0.1:1/appvault?connect_timeout=2";
  Result<std::unique_ptr<PostgresStore>> store = PostgresStore::Open(url);
  ASSERT_EQ(CodeOf(store.status()), "unavailable");
  EXPECT_TRUE(Contains(store.status().message(),
                       "cannot connect to the database "
                       "postgresql://ann:***@127.0.0.1:1/appvault"))
      << store.status().message();
  EXPECT_FALSE(Contains(store.status().message(), "s3cret"));
}

TEST(PostgresUrlTest, APoolSizeOutsideItsRangeIsRefused) {
  EXPECT_EQ(CodeOf(PostgresStore::Open("postgresql://a@127.0.0.1:1/x", {.pool_size = 0}).status()),
            "invalid_argument");
  EXPECT_EQ(CodeOf(PostgresStore::Open("postgresql://a@127.0.0.1:1/x", {.pool_size = 65}).status()),
            "invalid_argument");
}

TEST_F(PostgresStoreTest, AnEmptyDatabaseIsMigratedToTheBinarysVersion) {
  ASSERT_EQ(StoredVersion(), 0);
  { auto store = OpenStore(); }
  EXPECT_EQ(StoredVersion(), pg::BinarySchemaVersion());
  auto session = Must(pg::Connection::Open(Url()));
  EXPECT_EQ(Must(pg::Migrate(*session, pg::SchemaMigrations())), 0);  // up to date: nothing
  // Every table of the schema is there, in the test's own schema only.
  Result<pg::Rows> tables =
      session->Query("SELECT count(*) FROM information_schema.tables WHERE table_schema = $1",
                     pg::Params().Add(schema_.name()));
  ASSERT_TRUE(tables.ok()) << tables.status().ToString();
  EXPECT_EQ((*tables)[0].Int(0), 12);  // the store's 11 tables and schema_version
}

// Step 2 converts schema 1's backups into snapshots, as SQLite's does; later steps keep
// the devices with their defaults.
TEST_F(PostgresStoreTest, SchemaOneBackupsBecomeSnapshots) {
  {
    auto session = Must(pg::Connection::Open(Url()));
    ASSERT_EQ(Must(pg::Migrate(*session, pg::SchemaMigrations().first(1))), 1);
    MustOk(session->Exec(
        "INSERT INTO users (id, username, password_hash, role, created_at) "
        "VALUES (1, 'ann', 'h', 'user', 1);"
        "INSERT INTO devices (id, user_id, name, platform, os_version, abis, created_at) "
        "VALUES ('pixel', 1, 'P', 'android', '30', '[\"x86_64\"]', 1);"
        "INSERT INTO backups (user_id, app, platform, version, version_name, device_id, "
        "backed_up_at) VALUES (1, 'com.a', 'android', '3', 'v3', 'pixel', 50), "
        "(1, 'com.b', 'android', '4', 'v4', 'pixel', 70)"));
  }
  auto store = OpenStore();
  std::vector<SnapshotRecord> snapshots = Must(store->ListSnapshots(1, std::nullopt));
  ASSERT_EQ(snapshots.size(), 1u);
  EXPECT_EQ(snapshots[0].device_id, "pixel");
  EXPECT_EQ(snapshots[0].created_at, 70);
  EXPECT_EQ(snapshots[0].apps, 2);
  EXPECT_EQ(Must(store->FindBackup(1, conformance::AppOf("com.a"))).version.text(), "3");
  // Devices registered before step 4 have the defaults of `device init`, as in SQLite.
  Device pixel = Must(store->FindDevice(1, "pixel"));
  EXPECT_EQ(pixel.profile.density, 420);
  EXPECT_EQ(pixel.profile.locales, std::vector<std::string>{"en-US"});
  EXPECT_EQ(pixel.profile.abis, std::vector<std::string>{"x86_64"});
}

TEST_F(PostgresStoreTest, ANewerSchemaIsRefusedAndLeftAlone) {
  { auto store = OpenStore(); }
  {
    auto session = Must(pg::Connection::Open(Url()));
    MustOk(session->Exec("UPDATE schema_version SET version = 99"));
  }
  Result<std::unique_ptr<PostgresStore>> store = PostgresStore::Open(Url());
  ASSERT_EQ(CodeOf(store.status()), "unavailable");
  EXPECT_EQ(store.status().message(), "database schema version 99 is newer than this binary (" +
                                          std::to_string(pg::BinarySchemaVersion()) + ")");
  EXPECT_EQ(StoredVersion(), 99);
}

TEST_F(PostgresStoreTest, ReadOnlyNeedsTheCurrentSchemaAndRefusesWrites) {
  EXPECT_EQ(CodeOf(PostgresStore::Open(Url(), {.read_only = true}).status()), "unavailable");
  { OpenStore()->CreateUser("ann", "h", Role::kUser, 1).value(); }
  auto store = OpenStore({.read_only = true});
  EXPECT_EQ(Must(store->FindUserByName("ann")).username, "ann");
  EXPECT_FALSE(store->CreateUser("bob", "h", Role::kUser, 1).ok());
  EXPECT_EQ(CodeOf(store->FindUserByName("bob").status()), "not_found");
}

// Several threads (and sessions) writing the same user at once: the device limit holds
// exactly — a count checked and an insert made in one serializable transaction — and the
// conflicts the server reports are run again, not returned.
TEST_F(PostgresStoreTest, ConcurrentWritesOfOneUserKeepItsLimits) {
  auto store = OpenStore({.pool_size = 8});
  const std::int64_t ann = Must(store->CreateUser("ann", "h", Role::kUser, 1)).id;
  constexpr int kThreads = 8;
  constexpr int kPerThread = 6;
  constexpr std::size_t kLimit = 20;
  std::atomic<int> created = 0;
  std::atomic<int> refused = 0;
  std::atomic<int> other = 0;
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&, t] {
      for (int i = 0; i < kPerThread; ++i) {
        Status made = store->CreateDevice(DeviceOf(Numbered("d", t * 100 + i), ann, 10), kLimit);
        if (made.ok()) {
          ++created;
        } else if (made.code() == StatusCode::kQuotaExceeded) {
          ++refused;
        } else {
          ++other;
          ADD_FAILURE() << made.ToString();
        }
      }
    });
  }
  for (std::thread& thread : threads)
    thread.join();
  EXPECT_EQ(created.load(), static_cast<int>(kLimit));
  EXPECT_EQ(refused.load(), kThreads * kPerThread - static_cast<int>(kLimit));
  EXPECT_EQ(other.load(), 0);
  EXPECT_EQ(Must(store->ListDevices(ann)).size(), kLimit);
  EXPECT_GT(store->serialization_retries(), 0u);
}

// Uploads of one user from many threads against one quota: exactly what fits is recorded,
// and a refused upload never put its bytes in place.
TEST_F(PostgresStoreTest, ConcurrentUploadsOfOneUserKeepItsQuota) {
  auto store = OpenStore({.pool_size = 8});
  const std::int64_t ann = Must(store->CreateUser("ann", "h", Role::kUser, 1)).id;
  constexpr int kUploads = 24;
  constexpr std::uint64_t kQuota = 100;  // ten blobs of 10 bytes
  std::atomic<int> placed = 0;
  std::atomic<int> recorded = 0;
  std::atomic<int> refused = 0;
  std::vector<std::thread> threads;
  for (int t = 0; t < 6; ++t) {
    threads.emplace_back([&, t] {
      for (int i = t; i < kUploads; i += 6) {
        const BlobRecord blob{conformance::DigestOf(static_cast<std::uint8_t>(i + 1)), 10,
                              BlobKind::kPrivate, 100};
        Status status = store->RecordPrivateBlob(blob, ann, kQuota, [&] {
          ++placed;
          return Status::Ok();
        });
        if (status.ok()) {
          ++recorded;
        } else {
          EXPECT_EQ(CodeOf(status), "quota_exceeded") << status.ToString();
          ++refused;
        }
      }
    });
  }
  for (std::thread& thread : threads)
    thread.join();
  EXPECT_EQ(recorded.load(), 10);
  EXPECT_EQ(refused.load(), kUploads - 10);
  EXPECT_EQ(placed.load(), 10);
  EXPECT_EQ(Must(store->PrivateBytes(ann)), kQuota);
}

// Garbage collection removing a blob's bytes and an upload putting them back, in two stores
// (two processes): the upload waits until the removal's transaction has ended, so the bytes
// it places stay, and the blob ends recorded.
TEST_F(PostgresStoreTest, RemovingBytesAndAnUploadPuttingThemBackNeverInterleave) {
  auto collector = OpenStore();
  auto uploader = OpenStore();
  const std::int64_t ann = Must(uploader->CreateUser("ann", "h", Role::kUser, 1)).id;
  const Sha256 digest = conformance::DigestOf(7);
  std::atomic<bool> removing = false;
  std::atomic<bool> removed = false;
  std::atomic<bool> placed_after_removal = false;
  std::thread gc([&] {
    EXPECT_TRUE(Must(collector->RemoveUnrecordedBytes(digest, [&] {
      removing = true;
      std::this_thread::sleep_for(std::chrono::milliseconds(300));
      removed = true;
      return Status::Ok();
    })));
  });
  while (!removing.load())
    std::this_thread::sleep_for(std::chrono::milliseconds(1));
  MustOk(
      uploader->RecordPrivateBlob(BlobRecord{digest, 10, BlobKind::kPrivate, 100}, ann, 1000, [&] {
        placed_after_removal = removed.load();
        return Status::Ok();
      }));
  gc.join();
  EXPECT_TRUE(placed_after_removal.load());
  EXPECT_TRUE(Must(collector->IsBlobRecorded(digest)));
  // Now recorded, its bytes are not removed.
  EXPECT_FALSE(Must(collector->RemoveUnrecordedBytes(digest, [] { return Status::Ok(); })));
}

// Votes of many users on one software from many threads: every vote counted once.
TEST_F(PostgresStoreTest, ConcurrentVotesAreAllCounted) {
  auto store = OpenStore({.pool_size = 8});
  const std::int64_t pub = Must(store->CreateUser("pub", "h", Role::kPublisher, 1)).id;
  MustOk(store->AddPackage(SoftwareOf("notes", "", pub),
                           conformance::PackageOf({.software_id = "notes"}, pub)));
  constexpr int kVoters = 40;
  std::vector<std::int64_t> voters;
  for (int i = 0; i < kVoters; ++i)
    voters.push_back(Must(store->CreateUser(Numbered("u", i), "h", Role::kUser, 1)).id);
  std::vector<std::thread> threads;
  for (int t = 0; t < 8; ++t) {
    threads.emplace_back([&, t] {
      for (int i = t; i < kVoters; i += 8) {
        MustOk(store->AddVote(voters[static_cast<std::size_t>(i)], "notes", 5));
        EXPECT_EQ(CodeOf(store->AddVote(voters[static_cast<std::size_t>(i)], "notes", 5)),
                  "conflict");
      }
    });
  }
  for (std::thread& thread : threads)
    thread.join();
  EXPECT_EQ(Must(store->FindSoftware("notes")).software.votes, kVoters);
}

// Another store on the same database (another appvaultd) writes: this one notices at once,
// every time (CONTRACT §9: what one acknowledged, every other answers at once).
TEST_F(PostgresStoreTest, AnotherProcesssCommitIsNoticedAtOnce) {
  auto store = OpenStore();
  auto other = OpenStore();
  for (int i = 0; i < 20; ++i) {
    std::optional<std::uint64_t> before = store->ChangeCount();
    ASSERT_TRUE(before.has_value());
    MustOk(other->CreateUser("user" + std::to_string(i), "h", Role::kUser, 1).status());
    EXPECT_NE(store->ChangeCount(), before) << "write " << i << " went unnoticed";
  }
}

// A session the server ended (a restart, an administrator) is reconnected on next use.
TEST_F(PostgresStoreTest, ALostSessionIsReconnected) {
  // The URL's application_name names this test's sessions (the URL's settings win).
  auto store =
      Must(PostgresStore::Open(Url() + "&application_name=" + schema_.name(), {.pool_size = 1}));
  MustOk(store->CreateUser("ann", "h", Role::kUser, 1).status());
  Result<pg::Rows> ended = schema_.admin().Query(
      "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name = $1",
      pg::Params().Add(schema_.name()));
  ASSERT_TRUE(ended.ok()) << ended.status().ToString();
  ASSERT_EQ(ended->size(), 1);  // the pool's one session
  // The first call may fail on the dead session; the next one runs on a new one.
  (void)store->FindUserByName("ann");
  EXPECT_EQ(Must(store->FindUserByName("ann")).username, "ann");
}

}  // namespace
}  // namespace appvault::store
