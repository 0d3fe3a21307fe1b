// `appvaultd check`: every blob the database names is on disk and, with --read-data,
// still hashes to its name.
#include <gtest/gtest.h>
#include <signal.h>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <map>
#include <utility>

#include "e2e/api_test_util.h"

namespace appvault::test {
namespace {

std::optional<CommandResult> Check(const std::filesystem::path& data, bool read_data) {
  std::vector<std::string> args = {"check", "--data", data.string()};
  if (read_data) args.push_back("--read-data");
  return RunAppvaultd(args, std::chrono::seconds(20));
}

TEST(ApiCheckTest, FindsMissingAndCorruptBlobs) {
  auto server = ApiServer::Start();
  ASSERT_NE(server, nullptr);
  std::string alice = server->NewUser("alice", "publisher");
  ApiReply package = server->Publish(alice, "notes_v1.apk");
  ASSERT_EQ(package.status, 201);
  ApiReply config = server->Upload(alice, "settings");
  ASSERT_EQ(config.status, 201);
  const std::string package_sha = package.json["sha256"];
  const std::string config_sha = config.json["sha256"];

  auto healthy = Check(server->data_dir(), true);
  ASSERT_TRUE(healthy.has_value());
  EXPECT_TRUE(healthy->status.Ok()) << healthy->out << healthy->err;
  EXPECT_NE(healthy->out.find("2 blobs checked (contents read): 0 problems"), std::string::npos)
      << healthy->out;

  // Same size, one byte changed: only reading the data finds it.
  std::filesystem::path package_path = server->BlobPath(package_sha);
  std::string bytes = ReadBytes(package_path);
  bytes[100] ^= 1;
  std::filesystem::permissions(package_path, std::filesystem::perms::owner_write,
                               std::filesystem::perm_options::add);
  std::ofstream(package_path, std::ios::binary | std::ios::trunc) << bytes;
  auto presence = Check(server->data_dir(), false);
  ASSERT_TRUE(presence.has_value());
  EXPECT_TRUE(presence->status.Ok()) << presence->out;
  auto contents = Check(server->data_dir(), true);
  ASSERT_TRUE(contents.has_value());
  EXPECT_EQ(contents->status.code, 1);
  EXPECT_NE(contents->out.find("corrupt " + package_sha), std::string::npos) << contents->out;

  std::filesystem::remove(server->BlobPath(config_sha));
  auto missing = Check(server->data_dir(), false);
  ASSERT_TRUE(missing.has_value());
  EXPECT_EQ(missing->status.code, 1);
  EXPECT_NE(missing->out.find("missing " + config_sha), std::string::npos) << missing->out;
  EXPECT_NE(missing->out.find("1 problem"), std::string::npos) << missing->out;
}

// Every file of a folder (recursively) with its size and modification time, but SQLite's
// -wal and -shm companions of the database: any reader of a WAL database, read-only ones
// included, may create them (empty) to coordinate with writers; they hold no data.
using FolderSnapshot =
    std::map<std::string, std::pair<std::uintmax_t, std::filesystem::file_time_type>>;
FolderSnapshot Snapshot(const std::filesystem::path& folder) {
  FolderSnapshot snapshot;
  for (const auto& entry : std::filesystem::recursive_directory_iterator(folder)) {
    const std::string name = entry.path().filename().string();
    if (!entry.is_regular_file() || name == "appvault.db-wal" || name == "appvault.db-shm") {
      continue;
    }
    snapshot[entry.path().lexically_relative(folder).string()] = {entry.file_size(),
                                                                  entry.last_write_time()};
  }
  return snapshot;
}

// A staged upload (DATA/blobs/.staging/blob-NAME) last written `age` ago.
std::filesystem::path StageUpload(const std::filesystem::path& data, const std::string& name,
                                  std::chrono::seconds age) {
  std::filesystem::path staging = data / "blobs" / ".staging";
  std::filesystem::create_directories(staging);
  std::filesystem::path file = staging / ("blob-" + name);
  std::ofstream(file) << "part of an upload";
  std::filesystem::last_write_time(file, std::filesystem::file_time_type::clock::now() - age);
  return file;
}

// `check` only reads: an upload staged by a server (even one abandoned long ago) stays, and
// no file of the data folder changes.
TEST(ApiCheckTest, CheckChangesNothingInTheDataFolder) {
  auto server = ApiServer::Start();
  ASSERT_NE(server, nullptr);
  std::string alice = server->NewUser("alice", "publisher");
  ASSERT_EQ(server->Publish(alice, "notes_v1.apk").status, 201);
  ASSERT_EQ(server->Upload(alice, "settings").status, 201);
  server->process().Signal(SIGTERM);
  ASSERT_TRUE(server->process().Wait().has_value());
  const std::filesystem::path data = server->data_dir();
  const std::filesystem::path abandoned = StageUpload(data, "abandoned", std::chrono::hours(2));
  const std::filesystem::path recent = StageUpload(data, "recent", std::chrono::seconds(0));
  const FolderSnapshot before = Snapshot(data);

  auto result = Check(data, true);
  ASSERT_TRUE(result.has_value());
  EXPECT_TRUE(result->status.Ok()) << result->out << result->err;
  EXPECT_NE(result->out.find("2 blobs checked (contents read): 0 problems"), std::string::npos)
      << result->out;
  EXPECT_TRUE(std::filesystem::exists(abandoned));
  EXPECT_TRUE(std::filesystem::exists(recent));
  EXPECT_EQ(Snapshot(data), before);
}

// Abandoned uploads are the server's to clear, at start, once they are over an hour old.
TEST(ApiCheckTest, ServeSweepsUploadsAbandonedOverAnHourAgo) {
  TempDir dir;
  const std::filesystem::path data = dir.path() / "data";
  const std::filesystem::path abandoned = StageUpload(data, "abandoned", std::chrono::hours(2));
  const std::filesystem::path recent = StageUpload(data, "recent", std::chrono::minutes(10));
  // The server runs for two seconds, then `timeout` stops it with SIGTERM.
  auto serve = RunCommand({"timeout", "-s", "TERM", "2", kAppvaultdPath, "serve", "--data",
                           data.string(), "--listen", "127.0.0.1:0"});
  ASSERT_TRUE(serve.has_value());
  EXPECT_EQ(serve->out.rfind("listening on http://127.0.0.1:", 0), 0u) << serve->err;
  EXPECT_FALSE(std::filesystem::exists(abandoned));
  EXPECT_TRUE(std::filesystem::exists(recent));
}

TEST(ApiCheckTest, NoDatabaseIsAnError) {
  TempDir dir;
  auto result = Check(dir.path() / "nothing", false);
  ASSERT_TRUE(result.has_value());
  EXPECT_EQ(result->status.code, 1);
  EXPECT_NE(result->err.find("no database"), std::string::npos) << result->err;
}

}  // namespace
}  // namespace appvault::test
