// The SQLite store's building blocks: version keys, ABI lists, error mapping, statements,
// transactions, the connection pool and the migration runner.
#include <gtest/gtest.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <thread>

#include "store/connection_pool.h"
#include "store/migrations.h"
#include "store/records.h"
#include "store/sqlite_codec.h"
#include "store/sqlite_connection.h"
#include "store/sqlite_error.h"
#include "support/temp_dir.h"

namespace appvault::store::sqlite {
namespace {

Version V(Platform platform, std::string_view text) {
  return *Version::Parse(platform, text);
}

std::string Code(const Status& status) {
  return std::string(CodeName(status.code()));
}

TEST(RolesTest, NamesRoundTrip) {
  for (Role role : {Role::kUser, Role::kPublisher, Role::kAdmin}) {
    Result<Role> parsed = ParseRole(RoleName(role));
    ASSERT_TRUE(parsed.ok());
    EXPECT_EQ(*parsed, role);
  }
  EXPECT_EQ(RoleName(Role::kPublisher), "publisher");
  EXPECT_EQ(Code(ParseRole("root").status()), "invalid_argument");
  EXPECT_EQ(Code(ParseRole("Admin").status()), "invalid_argument");
}

TEST(VersionKeyTest, SortsLikeTheVersions) {
  for (Platform platform : {Platform::kAndroid, Platform::kIos}) {
    std::vector<Version> versions;
    if (platform == Platform::kAndroid) {
      for (auto text : {"100", "9", "0", "10", "4294967297", "9223372036854775807"}) {
        versions.push_back(V(platform, text));
      }
    } else {
      for (auto text : {"2.10", "2.9", "10.0", "2.9.1", "1", "4294967295.0.1", "2.9.0.0.0.0.0.1"}) {
        versions.push_back(V(platform, text));
      }
    }
    std::vector<Version> by_key = versions;
    std::sort(versions.begin(), versions.end());
    std::sort(by_key.begin(), by_key.end(),
              [](const Version& a, const Version& b) { return VersionKey(a) < VersionKey(b); });
    for (std::size_t i = 0; i < versions.size(); ++i) {
      EXPECT_EQ(versions[i].text(), by_key[i].text()) << i;
    }
  }
}

TEST(VersionKeyTest, EqualVersionsHaveEqualKeys) {
  EXPECT_EQ(VersionKey(V(Platform::kIos, "16.4")), VersionKey(V(Platform::kIos, "16.4.0")));
  EXPECT_EQ(VersionKey(V(Platform::kIos, "16.04")), VersionKey(V(Platform::kIos, "16.4")));
  EXPECT_NE(VersionKey(V(Platform::kIos, "16.4")), VersionKey(V(Platform::kIos, "16.4.1")));
  EXPECT_EQ(VersionKey(V(Platform::kAndroid, "007")), VersionKey(V(Platform::kAndroid, "7")));
}

TEST(AbisTest, SortedJsonRoundTrips) {
  const std::string json = SortedAbisJson({"x86_64", "arm64-v8a"});
  EXPECT_EQ(json, R"(["arm64-v8a","x86_64"])");
  EXPECT_EQ(*StoredAbis(json), (std::vector<std::string>{"arm64-v8a", "x86_64"}));
  EXPECT_EQ(AbisJson({"b", "a"}), R"(["b","a"])");
  EXPECT_EQ(AbisJson({}), "[]");
  EXPECT_TRUE(StoredAbis("[]")->empty());
  EXPECT_EQ(Code(StoredAbis("not json").status()), "internal");
  EXPECT_EQ(Code(StoredAbis("[1]").status()), "internal");
  EXPECT_EQ(Code(StoredAbis("{}").status()), "internal");
}

TEST(SqliteErrorTest, CodesMapToStatuses) {
  EXPECT_EQ(Code(SqliteStatus(SQLITE_BUSY, nullptr, "x")), "unavailable");
  EXPECT_EQ(Code(SqliteStatus(SQLITE_LOCKED, nullptr, "x")), "unavailable");
  EXPECT_EQ(Code(SqliteStatus(SQLITE_IOERR_WRITE, nullptr, "x")), "unavailable");
  EXPECT_EQ(Code(SqliteStatus(SQLITE_FULL, nullptr, "x")), "unavailable");
  EXPECT_EQ(Code(SqliteStatus(SQLITE_CONSTRAINT_UNIQUE, nullptr, "x")), "conflict");
  EXPECT_EQ(Code(SqliteStatus(SQLITE_CONSTRAINT_PRIMARYKEY, nullptr, "x")), "conflict");
  EXPECT_EQ(Code(SqliteStatus(SQLITE_CONSTRAINT_FOREIGNKEY, nullptr, "x")), "not_found");
  EXPECT_EQ(Code(SqliteStatus(SQLITE_CONSTRAINT_CHECK, nullptr, "x")), "invalid_argument");
  EXPECT_EQ(Code(SqliteStatus(SQLITE_CORRUPT, nullptr, "x")), "data_loss");
  EXPECT_EQ(Code(SqliteStatus(SQLITE_NOTADB, nullptr, "x")), "data_loss");
  EXPECT_EQ(Code(SqliteStatus(SQLITE_MISUSE, nullptr, "x")), "internal");
}

class ConnectionTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto opened = Connection::Open(dir_.Join("test.db"), ConnectionOptions{});
    ASSERT_TRUE(opened.ok()) << opened.status().ToString();
    db_ = std::move(opened).value();
    ASSERT_TRUE(db_->Exec("CREATE TABLE t (x INTEGER UNIQUE)").ok());
  }

  std::int64_t RowCount() {
    Result<Statement> stmt = db_->Prepare("SELECT count(*) FROM t");
    EXPECT_TRUE(stmt.ok() && *stmt->Step());
    return stmt->Int(0);
  }
  Status Insert(std::int64_t x) {
    Result<Statement> stmt = db_->Prepare("INSERT INTO t (x) VALUES (?1)");
    if (!stmt.ok()) return stmt.status();
    return stmt->Bind(1, x).Run();
  }

  appvault::test::TempDir dir_;
  std::unique_ptr<Connection> db_;
};

TEST_F(ConnectionTest, TransactionRollsBackUnlessCommitted) {
  {
    Result<Transaction> tx = Transaction::Begin(*db_, TransactionMode::kWrite);
    ASSERT_TRUE(tx.ok());
    ASSERT_TRUE(Insert(1).ok());
  }
  EXPECT_EQ(RowCount(), 0);
  Result<Transaction> tx = Transaction::Begin(*db_, TransactionMode::kWrite);
  ASSERT_TRUE(tx.ok());
  ASSERT_TRUE(Insert(2).ok());
  ASSERT_TRUE(tx->Commit().ok());
  EXPECT_EQ(RowCount(), 1);
}

TEST_F(ConnectionTest, CachedStatementIsResetBetweenUses) {
  EXPECT_TRUE(Insert(1).ok());
  EXPECT_TRUE(Insert(2).ok());
  EXPECT_EQ(Code(Insert(2)), "conflict");
  EXPECT_TRUE(Insert(3).ok());
  EXPECT_EQ(RowCount(), 3);
}

TEST_F(ConnectionTest, NestedUseOfOneStatementIsRefused) {
  Result<Statement> outer = db_->Prepare("SELECT x FROM t");
  ASSERT_TRUE(outer.ok());
  EXPECT_EQ(Code(db_->Prepare("SELECT x FROM t").status()), "internal");
}

TEST_F(ConnectionTest, BadSqlAndBadBindingsAreErrors) {
  EXPECT_EQ(Code(db_->Prepare("SELEKT 1").status()), "internal");
  Result<Statement> stmt = db_->Prepare("SELECT ?1");
  ASSERT_TRUE(stmt.ok());
  EXPECT_FALSE(stmt->Bind(7, std::int64_t{1}).Step().ok());
}

TEST_F(ConnectionTest, NullsAndDigestsRoundTrip) {
  Result<Statement> stmt = db_->Prepare("SELECT ?1, ?2, ?3");
  ASSERT_TRUE(stmt.ok());
  Sha256::Bytes bytes{};
  bytes[31] = 7;
  stmt->BindNull(1).Bind(2, Sha256(bytes)).Bind(3, "short");
  ASSERT_TRUE(*stmt->Step());
  EXPECT_TRUE(stmt->IsNull(1 - 1));
  EXPECT_FALSE(stmt->OptionalText(0).has_value());
  EXPECT_EQ(*stmt->Digest(1), Sha256(bytes));
  EXPECT_EQ(Code(stmt->Digest(2).status()), "internal");
}

// --- migrations ---

constexpr Migration kTwoSteps[] = {
    {1, "first", "CREATE TABLE one (x)"},
    {2, "second", "CREATE TABLE two (x); INSERT INTO two VALUES (2)"},
};
constexpr Migration kThreeSteps[] = {
    kTwoSteps[0],
    kTwoSteps[1],
    {3, "third", "CREATE TABLE three (x)"},
};
constexpr Migration kFailingSecond[] = {
    kTwoSteps[0],
    {2, "broken", "CREATE TABLE two (x); INSERT INTO missing VALUES (1)"},
};
constexpr Migration kOutOfOrder[] = {{2, "two first", "CREATE TABLE two (x)"}};

TEST_F(ConnectionTest, MigrateAppliesNewStepsInOrderOnce) {
  EXPECT_EQ(*Migrate(*db_, kTwoSteps), 2);
  EXPECT_EQ(*db_->PragmaInt("user_version"), 2);
  EXPECT_EQ(*Migrate(*db_, kTwoSteps), 0);
  EXPECT_EQ(*Migrate(*db_, kThreeSteps), 1);
  EXPECT_EQ(*db_->PragmaInt("user_version"), 3);
  EXPECT_TRUE(db_->Exec("SELECT * FROM one, two, three").ok());
}

TEST_F(ConnectionTest, FailedStepIsRolledBackAndEarlierStepsStay) {
  Result<std::int64_t> migrated = Migrate(*db_, kFailingSecond);
  EXPECT_EQ(Code(migrated.status()), "internal");
  EXPECT_NE(migrated.status().message().find("migration 2 (broken) failed"), std::string::npos)
      << migrated.status().message();
  EXPECT_EQ(*db_->PragmaInt("user_version"), 1);
  EXPECT_TRUE(db_->Exec("SELECT * FROM one").ok());
  EXPECT_FALSE(db_->Exec("SELECT * FROM two").ok());
}

TEST_F(ConnectionTest, NewerDatabaseIsRefusedUntouched) {
  EXPECT_EQ(*Migrate(*db_, kThreeSteps), 3);
  Result<std::int64_t> migrated = Migrate(*db_, kTwoSteps);
  EXPECT_EQ(Code(migrated.status()), "unavailable");
  EXPECT_EQ(migrated.status().message(), "database schema version 3 is newer than this binary (2)");
  EXPECT_EQ(*db_->PragmaInt("user_version"), 3);
}

TEST_F(ConnectionTest, MisnumberedMigrationsAreRejected) {
  EXPECT_EQ(Code(Migrate(*db_, kOutOfOrder).status()), "internal");
  EXPECT_EQ(*db_->PragmaInt("user_version"), 0);
}

TEST_F(ConnectionTest, SchemaMigrationsAreNumberedFromOne) {
  std::int64_t expected = 1;
  for (const Migration& step : SchemaMigrations())
    EXPECT_EQ(step.version, expected++);
  EXPECT_EQ(BinarySchemaVersion(), expected - 1);
  EXPECT_EQ(*Migrate(*db_, SchemaMigrations()), BinarySchemaVersion());
}

// --- the pool ---

TEST(ConnectionPoolTest, LendsEachConnectionToOneHolderAtATime) {
  appvault::test::TempDir dir;
  std::vector<std::unique_ptr<Connection>> connections;
  connections.push_back(Connection::Open(dir.Join("pool.db"), ConnectionOptions{}).value());
  ConnectionPool pool(std::move(connections));
  std::atomic<bool> second_acquired = false;
  std::thread waiter;
  {
    ConnectionPool::Lease first = pool.Acquire();
    waiter = std::thread([&] {
      ConnectionPool::Lease second = pool.Acquire();
      second_acquired = true;
    });
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
    EXPECT_FALSE(second_acquired.load());
  }
  waiter.join();
  EXPECT_TRUE(second_acquired.load());
}

}  // namespace
}  // namespace appvault::store::sqlite
