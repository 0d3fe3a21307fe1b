// SqliteStore: the MetadataStore conformance suite, plus what only SQLite has — the file,
// its schema migrations, locking and the connection pool under concurrent use.
#include "store/sqlite_store.h"

#include <gtest/gtest.h>

#include <atomic>
#include <filesystem>
#include <fstream>
#include <thread>
#include <vector>

#include "store/migrations.h"
#include "store/sqlite_connection.h"
#include "store/store_conformance_test.h"
#include "support/temp_dir.h"

namespace appvault::store {
namespace {

using conformance::AppOf;
using conformance::BackupOf;
using conformance::CodeOf;
using conformance::DigestOf;
using conformance::Must;
using conformance::MustOk;
using conformance::Numbered;
using conformance::PackageOf;
using conformance::SoftwareOf;

// A fresh database file in a temporary folder per test.
class SqliteFactory {
 public:
  Result<std::unique_ptr<MetadataStore>> Create() {
    Result<std::unique_ptr<SqliteStore>> store = SqliteStore::Open(dir_.Join("appvault.db"));
    if (!store.ok()) return store.status();
    return std::unique_ptr<MetadataStore>(std::move(store).value());
  }

 private:
  appvault::test::TempDir dir_;
};

}  // namespace

namespace conformance {
INSTANTIATE_STORE_CONFORMANCE(Sqlite, SqliteFactory);
}  // namespace conformance

namespace {

class SqliteStoreTest : public ::testing::Test {
 protected:
  appvault::test::TempDir dir_;  // before path_, which is made from it
  std::string path_ = dir_.Join("appvault.db");

  // A plain connection to the same file, as another process would have.
  std::unique_ptr<sqlite::Connection> RawConnection() {
    return Must(sqlite::Connection::Open(path_, sqlite::ConnectionOptions{}));
  }
};

// Migration 2 (package signer lineage): a schema-1 library keeps every package, each with an
// empty lineage, and the library's signer rules then apply to it.
TEST_F(SqliteStoreTest, SchemaOnePackagesMigrateWithAnEmptyLineage) {
  {
    auto raw = RawConnection();
    ASSERT_EQ(Must(sqlite::Migrate(*raw, sqlite::SchemaMigrations().first(1))), 1);
    ASSERT_TRUE(raw->Exec("INSERT INTO users (id, username, password_hash, role, created_at) "
                          "VALUES (1, 'alice', 'h', 'publisher', 1);"
                          "INSERT INTO software (id, name, publisher, category, description, "
                          "owner_id, created_at) VALUES ('notes', 'N', 'P', '', '', 1, 1);"
                          "INSERT INTO packages (sha256, software_id, platform, app_id, version, "
                          "version_key, version_name, abis, signer_sha256, signer_subject, size, "
                          "published_by, published_at) VALUES (zeroblob(32), 'notes', 'android', "
                          "'com.example.app', '1', '0000000000000001', '1', '[]', "
                          "x'c8" +
                          std::string(62, '0') + "', 'CN=S', 10, 1, 1);")
                    .ok());
  }
  auto store = Must(SqliteStore::Open(path_));
  std::vector<PackageRecord> packages = Must(store->ListPackages("notes"));
  ASSERT_EQ(packages.size(), 1u);
  EXPECT_TRUE(packages[0].package.signer_lineage.empty());
  EXPECT_EQ(CodeOf(store->AddPackage(
                conformance::SoftwareOf("squat", "", 1),
                conformance::PackageOf({.software_id = "squat", .sha = 2, .signer = 201}, 1))),
            "signer_mismatch");
}

TEST_F(SqliteStoreTest, MigrationsApplyOnceAcrossOpens) {
  ASSERT_TRUE(SqliteStore::Open(path_).ok());
  ASSERT_TRUE(SqliteStore::Open(path_).ok());
  auto raw = RawConnection();
  EXPECT_EQ(Must(raw->PragmaInt("user_version")), sqlite::BinarySchemaVersion());
  EXPECT_EQ(Must(sqlite::Migrate(*raw, sqlite::SchemaMigrations())), 0);
}

TEST_F(SqliteStoreTest, NewerSchemaIsRefused) {
  ASSERT_TRUE(SqliteStore::Open(path_).ok());
  MustOk(RawConnection()->Exec("PRAGMA user_version = 99"));
  Result<std::unique_ptr<SqliteStore>> store = SqliteStore::Open(path_);
  EXPECT_EQ(CodeOf(store.status()), "unavailable");
  EXPECT_EQ(store.status().message(), "database schema version 99 is newer than this binary (" +
                                          std::to_string(sqlite::BinarySchemaVersion()) + ")");
  EXPECT_EQ(Must(RawConnection()->PragmaInt("user_version")), 99);
}

TEST_F(SqliteStoreTest, DataSurvivesReopen) {
  std::int64_t alice = 0;
  {
    auto store = Must(SqliteStore::Open(path_));
    alice = Must(store->CreateUser("alice", "hash", Role::kPublisher, 100)).id;
    MustOk(store->AddPackage(SoftwareOf("notes", "tools", alice),
                             PackageOf({.software_id = "notes", .sha = 3}, alice)));
    MustOk(store->PutBackups(alice, {BackupOf("com.example.app", "1", 100)}));
  }
  auto store = Must(SqliteStore::Open(path_));
  EXPECT_EQ(Must(store->FindUserByName("alice")).id, alice);
  EXPECT_EQ(Must(store->FindPackage(DigestOf(3))).package.software_id, "notes");
  EXPECT_EQ(Must(store->FindBackup(alice, AppOf("com.example.app"))).backed_up_at, 100);
}

// `appvaultd check` opens the database read-only: it reads what is there, writes nothing,
// migrates nothing and creates no file.
TEST_F(SqliteStoreTest, ReadOnlyOpenReadsAndNeverWrites) {
  {
    auto store = Must(SqliteStore::Open(path_));
    Must(store->CreateUser("alice", "hash", Role::kUser, 100));
  }
  auto reader = Must(SqliteStore::Open(path_, {.read_only = true}));
  EXPECT_EQ(Must(reader->FindUserByName("alice")).username, "alice");
  EXPECT_FALSE(reader->CreateUser("bob", "hash", Role::kUser, 100).ok());
  EXPECT_EQ(CodeOf(reader->FindUserByName("bob").status()), "not_found");

  const std::string missing = dir_.Join("missing.db");
  EXPECT_EQ(CodeOf(SqliteStore::Open(missing, {.read_only = true}).status()), "unavailable");
  EXPECT_FALSE(std::filesystem::exists(missing));

  MustOk(RawConnection()->Exec("PRAGMA user_version = 0"));
  Result<std::unique_ptr<SqliteStore>> old = SqliteStore::Open(path_, {.read_only = true});
  EXPECT_EQ(CodeOf(old.status()), "unavailable");
  EXPECT_NE(old.status().message().find("is older than this binary"), std::string::npos)
      << old.status().message();
  EXPECT_EQ(Must(RawConnection()->PragmaInt("user_version")), 0);
}

TEST_F(SqliteStoreTest, JournalIsWal) {
  ASSERT_TRUE(SqliteStore::Open(path_).ok());
  auto raw = RawConnection();
  Result<sqlite::Statement> stmt = raw->Prepare("PRAGMA journal_mode");
  ASSERT_TRUE(stmt.ok());
  ASSERT_TRUE(Must(stmt->Step()));
  EXPECT_EQ(stmt->Text(0), "wal");
}

TEST_F(SqliteStoreTest, BadOpenArgumentsAreRefused) {
  EXPECT_EQ(CodeOf(SqliteStore::Open(path_, {.pool_size = 0}).status()), "invalid_argument");
  EXPECT_EQ(CodeOf(SqliteStore::Open(path_, {.pool_size = 65}).status()), "invalid_argument");
  EXPECT_EQ(CodeOf(SqliteStore::Open(":memory:").status()), "invalid_argument");
  EXPECT_EQ(CodeOf(SqliteStore::Open(path_ + "-missing/dir/x.db").status()), "unavailable");
}

TEST_F(SqliteStoreTest, NotADatabaseIsDataLoss) {
  std::ofstream(path_) << std::string(8192, 'x');
  EXPECT_EQ(CodeOf(SqliteStore::Open(path_).status()), "data_loss");
}

TEST_F(SqliteStoreTest, ReferencesToMissingRowsAreNotFound) {
  auto store = Must(SqliteStore::Open(path_));
  EXPECT_EQ(CodeOf(store->CreateSession(Session{DigestOf(1), 404, 0, 10})), "not_found");
  EXPECT_EQ(CodeOf(store->AddPackage(SoftwareOf("notes", "", 404),
                                     PackageOf({.software_id = "notes"}, 404))),
            "not_found");
  EXPECT_EQ(CodeOf(store->PutBackups(404, {BackupOf("com.example.app", "1", 1)})), "not_found");
}

TEST_F(SqliteStoreTest, WriteLockHeldElsewhereIsUnavailableButReadsGoOn) {
  auto store = Must(SqliteStore::Open(path_, {.busy_timeout = std::chrono::milliseconds(50)}));
  auto other_process = RawConnection();
  MustOk(other_process->Exec("BEGIN IMMEDIATE"));
  Result<User> blocked = store->CreateUser("alice", "hash", Role::kUser, 1);
  EXPECT_EQ(CodeOf(blocked.status()), "unavailable");
  EXPECT_EQ(CodeOf(store->FindUserByName("alice").status()), "not_found");
  MustOk(other_process->Exec("ROLLBACK"));
  EXPECT_TRUE(store->CreateUser("alice", "hash", Role::kUser, 1).ok());
}

// ChangeCount: every write of this store changes it at once (failed ones too: they may
// have raced a commit); reads do not; another process's commit is seen within
// kForeignChangeDelay.
TEST_F(SqliteStoreTest, ChangeCountFollowsWritesHereAndElsewhere) {
  auto store = Must(SqliteStore::Open(path_));
  const std::optional<std::uint64_t> start = store->ChangeCount();
  ASSERT_TRUE(start.has_value());
  std::this_thread::sleep_for(kForeignChangeDelay * 2);  // the first data_version is seen
  const std::uint64_t quiet = store->ChangeCount().value();
  const std::int64_t alice = Must(store->CreateUser("alice", "hash", Role::kUser, 1)).id;
  const std::uint64_t after_write = store->ChangeCount().value();
  EXPECT_NE(after_write, quiet);
  EXPECT_TRUE(store->FindUserById(alice).ok());
  EXPECT_EQ(CodeOf(store->FindUserByName("nobody").status()), "not_found");
  std::this_thread::sleep_for(kForeignChangeDelay * 2);
  const std::uint64_t after_reads = store->ChangeCount().value();
  EXPECT_EQ(store->ChangeCount().value(), after_reads);
  EXPECT_EQ(CodeOf(store->CreateUser("alice", "hash", Role::kUser, 1).status()), "conflict");
  EXPECT_NE(store->ChangeCount().value(), after_reads);

  const std::uint64_t before_foreign = store->ChangeCount().value();
  MustOk(RawConnection()->Exec("UPDATE users SET role = 'admin' WHERE username = 'alice'"));
  std::this_thread::sleep_for(kForeignChangeDelay * 2);
  EXPECT_NE(store->ChangeCount().value(), before_foreign);
  EXPECT_EQ(Must(store->FindUserById(alice)).role, Role::kAdmin);
}

Sha256 DigestOfPair(int thread, int item) {
  Sha256::Bytes bytes{};
  bytes[0] = static_cast<std::uint8_t>(thread);
  bytes[1] = static_cast<std::uint8_t>(item);
  return Sha256(bytes);
}

// One thread's share of the concurrent test: writes and reads of its own user.
void MixedWork(MetadataStore& store, std::int64_t user, int thread, int rounds,
               std::atomic<int>* errors) {
  auto count = [errors](const Status& status) {
    if (!status.ok()) errors->fetch_add(1);
  };
  const std::string software = Numbered("s", thread);
  for (int i = 0; i < rounds; ++i) {
    PackageRecord package = PackageOf({.software_id = software,
                                       .app = Numbered("com.t", thread),
                                       .version = std::to_string(i + 1)},
                                      user);
    package.package.sha256 = DigestOfPair(thread, i);
    count(store.AddPackage(SoftwareOf(software, "games", user), package));
    count(store.PutBackups(user, {BackupOf(Numbered("com.a", i), "1", i)}));
    count(store.CreateSession(Session{DigestOfPair(thread + 100, i), user, i, i + 10}));
    count(store.ListBackups(user).status());
    count(store.FindUserById(user).status());
    count(store.CatalogInCategory("games").status());
    count(store.ListPackages(software).status());
  }
}

TEST_F(SqliteStoreTest, EightThreadsOfMixedReadsAndWrites) {
  constexpr int kThreads = 8;
  constexpr int kRounds = 40;
  auto store = Must(SqliteStore::Open(path_));
  std::vector<std::int64_t> users;
  for (int t = 0; t < kThreads; ++t) {
    users.push_back(Must(store->CreateUser(Numbered("u", t), "h", Role::kPublisher, 1)).id);
  }
  std::atomic<int> errors = 0;
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back(MixedWork, std::ref(*store), users[t], t, kRounds, &errors);
  }
  for (std::thread& thread : threads)
    thread.join();
  EXPECT_EQ(errors.load(), 0);
  for (int t = 0; t < kThreads; ++t) {
    EXPECT_EQ(Must(store->ListBackups(users[t])).size(), static_cast<std::size_t>(kRounds));
    EXPECT_EQ(Must(store->ListPackages(Numbered("s", t))).size(),
              static_cast<std::size_t>(kRounds));
  }
  EXPECT_EQ(Must(store->DeleteExpiredSessions(1000)), kThreads * kRounds);
}

// A pinned snapshot: this thread's reads agree with each other while another thread
// writes; they see the write once the snapshot ends.
TEST_F(SqliteStoreTest, PinnedSnapshotReadsOneStateOfTheDatabase) {
  auto store = Must(SqliteStore::Open(path_));
  const std::int64_t alice = Must(store->CreateUser("alice", "hash", Role::kUser, 100)).id;
  MustOk(store->PutBackups(alice, {BackupOf("com.example.one", "1", 100)}));
  {
    std::unique_ptr<ReadSnapshot> snapshot = store->PinReadSnapshot();
    ASSERT_NE(snapshot, nullptr);
    EXPECT_EQ(Must(store->ListBackups(alice)).size(), 1u);
    std::thread writer(
        [&] { MustOk(store->PutBackups(alice, {BackupOf("com.example.two", "1", 100)})); });
    writer.join();
    EXPECT_EQ(Must(store->ListBackups(alice)).size(), 1u);
    EXPECT_EQ(CodeOf(store->FindBackup(alice, AppOf("com.example.two")).status()), "not_found");
  }
  EXPECT_EQ(Must(store->ListBackups(alice)).size(), 2u);
}

// Inside a pinned snapshot a write is refused and changes nothing; a second pin on the
// same thread gives nothing to hold.
TEST_F(SqliteStoreTest, PinnedSnapshotRefusesWritesAndNesting) {
  auto store = Must(SqliteStore::Open(path_));
  const std::int64_t alice = Must(store->CreateUser("alice", "hash", Role::kUser, 100)).id;
  {
    std::unique_ptr<ReadSnapshot> snapshot = store->PinReadSnapshot();
    ASSERT_NE(snapshot, nullptr);
    EXPECT_EQ(store->PinReadSnapshot(), nullptr);
    EXPECT_EQ(CodeOf(store->PutBackups(alice, {BackupOf("com.example.one", "1", 100)})),
              "internal");
    EXPECT_EQ(Must(store->FindUserById(alice)).username, "alice");
  }
  EXPECT_TRUE(Must(store->ListBackups(alice)).empty());
  MustOk(store->PutBackups(alice, {BackupOf("com.example.one", "1", 100)}));
  EXPECT_EQ(Must(store->ListBackups(alice)).size(), 1u);
}

}  // namespace
}  // namespace appvault::store
