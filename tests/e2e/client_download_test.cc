// The client's downloader (client/transfer/downloader.h) against the real appvaultd: parallel
// downloads, resuming a partial file with Range, the SHA-256 and size checks, refusals, and
// a server that cannot be reached — one job's failure never stopping the others.
#include <arpa/inet.h>
#include <gtest/gtest.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cerrno>
#include <csignal>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <mutex>
#include <random>
#include <thread>

#include "base/sha256_hasher.h"
#include "client/transfer/downloader.h"
#include "client/transfer/partial_file.h"
#include "e2e/client_restore_util.h"
#include "pkg/content_digest.h"

namespace appvault::test {
namespace {

namespace fs = std::filesystem;
using client::transfer::DownloadAll;
using client::transfer::DownloadJob;
using client::transfer::DownloadOptions;
using client::transfer::DownloadResult;
using client::transfer::PartialPath;

std::string RandomBytes(std::size_t size, unsigned seed) {
  std::mt19937_64 random(seed);
  std::string bytes(size, '\0');
  for (char& c : bytes)
    c = static_cast<char>(random());
  return bytes;
}

void WriteFile(const fs::path& path, const std::string& bytes) {
  fs::create_directories(path.parent_path());
  std::ofstream(path, std::ios::binary) << bytes;
}

// The file holds exactly bytes (compared by digest: a failure message stays short).
::testing::AssertionResult Holds(const std::string& path, const std::string& bytes) {
  const std::string content = ReadBytes(path);
  if (content.size() == bytes.size() && base::HashBytes(content) == base::HashBytes(bytes)) {
    return ::testing::AssertionSuccess();
  }
  return ::testing::AssertionFailure()
         << path << " holds " << content.size() << " other bytes; expected " << bytes.size();
}

// A plain HTTP server on a thread of the test: every request is answered 200 with the whole
// body, whatever its Range and If-Range say (what some servers and proxies do), and the
// connection closed. The requests' heads are kept.
class RangeIgnoringServer {
 public:
  explicit RangeIgnoringServer(std::string body) : body_(std::move(body)) {
    listener_ = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    sockaddr_in address{};
    address.sin_family = AF_INET;
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    socklen_t length = sizeof(address);
    const bool listening =
        listener_ >= 0 &&
        ::bind(listener_, reinterpret_cast<sockaddr*>(&address), sizeof(address)) == 0 &&
        ::listen(listener_, 8) == 0 &&
        ::getsockname(listener_, reinterpret_cast<sockaddr*>(&address), &length) == 0;
    EXPECT_TRUE(listening) << std::strerror(errno);
    port_ = ntohs(address.sin_port);
    thread_ = std::thread([this] { Serve(); });
  }
  ~RangeIgnoringServer() {
    ::shutdown(listener_, SHUT_RDWR);  // accept() returns: the thread ends
    thread_.join();
    ::close(listener_);
  }
  RangeIgnoringServer(const RangeIgnoringServer&) = delete;
  RangeIgnoringServer& operator=(const RangeIgnoringServer&) = delete;

  std::uint16_t port() const { return port_; }
  std::vector<std::string> Requests() {
    std::lock_guard lock(mutex_);
    return requests_;
  }

 private:
  void Serve() {
    for (;;) {
      const int client = ::accept4(listener_, nullptr, nullptr, SOCK_CLOEXEC);
      if (client < 0) return;
      std::string head;
      char buffer[4096];
      while (head.find("\r\n\r\n") == std::string::npos) {
        const ssize_t n = ::read(client, buffer, sizeof(buffer));
        if (n <= 0) break;
        head.append(buffer, static_cast<std::size_t>(n));
      }
      {
        std::lock_guard lock(mutex_);
        requests_.push_back(head);
      }
      const std::string reply =
          "HTTP/1.1 200 OK\r\nContent-Length: " + std::to_string(body_.size()) +
          "\r\nConnection: close\r\n\r\n" + body_;
      for (std::size_t sent = 0; sent < reply.size();) {
        const ssize_t n = ::send(client, reply.data() + sent, reply.size() - sent, MSG_NOSIGNAL);
        if (n <= 0) break;
        sent += static_cast<std::size_t>(n);
      }
      ::close(client);
    }
  }

  const std::string body_;
  int listener_ = -1;
  std::uint16_t port_ = 0;
  std::mutex mutex_;
  std::vector<std::string> requests_;
  std::thread thread_;
};

class ClientDownloadTest : public ::testing::Test {
 protected:
  void SetUp() override {
    server_ = ApiServer::Start();
    ASSERT_NE(server_, nullptr);
    token_ = server_->NewUser("ann");
    options_.token = token_;
    options_.partial_dir = (dir_.path() / "partial").string();
  }

  // Uploads bytes as a private blob of ann; its SHA-256.
  Sha256 Upload(const std::string& bytes) {
    ApiReply reply = server_->Upload(token_, bytes);
    EXPECT_EQ(reply.status, 201) << reply.body;
    return *Sha256::ParseHex(reply.json.value("sha256", std::string(64, '0')));
  }

  DownloadJob Job(const Sha256& sha, std::uint64_t size, const std::string& name) {
    DownloadJob job;
    job.url = std::string("http://127.0.0.1:") + std::to_string(server_->port()) + "/v1/blobs/" +
              sha.Hex();
    job.sha256 = sha;
    job.size = size;
    job.destination = (dir_.path() / name).string();
    return job;
  }

  TempDir dir_;
  std::unique_ptr<ApiServer> server_;
  std::string token_;
  DownloadOptions options_;
};

TEST_F(ClientDownloadTest, ManyFilesAtOnceEachVerified) {
  std::vector<std::string> contents;
  std::vector<DownloadJob> jobs;
  for (unsigned i = 0; i < 7; ++i) {
    contents.push_back(RandomBytes(300'000 + i * 50'000, i));
    std::string name = std::string("f") + std::to_string(i);
    jobs.push_back(Job(Upload(contents.back()), contents.back().size(), name));
  }
  options_.max_parallel = 3;
  std::vector<DownloadResult> results = DownloadAll(jobs, options_, nullptr);
  ASSERT_EQ(results.size(), jobs.size());
  for (std::size_t i = 0; i < jobs.size(); ++i) {
    EXPECT_TRUE(results[i].status.ok()) << results[i].status.ToString();
    EXPECT_EQ(results[i].bytes_received, contents[i].size());
    EXPECT_TRUE(Holds(jobs[i].destination, contents[i]));
  }
  EXPECT_TRUE(fs::is_empty(options_.partial_dir));  // no partial file left behind
}

// The CHUNKED_SHA256 digests of content's whole 1 MiB chunks, taken from all of it at once
// (pkg's tests hold ChunkSha256Collector to the v2 scheme).
std::vector<Sha256> ChunkDigests(const std::string& content) {
  Result<pkg::ChunkSha256Collector> collector = pkg::ChunkSha256Collector::Create();
  if (!collector.ok()) return {};
  collector->Update(content);
  return collector->Take();
}

// A partial file from an earlier run is continued: only the rest crosses the network. The
// chunk digests asked for cover the bytes from before (read back from the partial file) and
// after alike, whole chunks only.
TEST_F(ClientDownloadTest, ResumesAPartialFileWithARangeRequest) {
  const std::string content = RandomBytes(2 * pkg::kContentChunkSize + 500'000, 42);
  DownloadJob job = Job(Upload(content), content.size(), "resumed");
  job.chunk_digests = true;
  WriteFile(PartialPath(options_.partial_dir, job.sha256), content.substr(0, 1'234'567));
  const long long served_before = BlobBytesServed(*server_);
  std::vector<DownloadResult> results = DownloadAll({job}, options_, nullptr);
  ASSERT_TRUE(results[0].status.ok()) << results[0].status.ToString();
  EXPECT_EQ(results[0].resumed_from, 1'234'567u);
  EXPECT_EQ(results[0].bytes_received, content.size() - 1'234'567);
  EXPECT_TRUE(Holds(job.destination, content));
  const auto rest = static_cast<long long>(content.size() - 1'234'567);
  EXPECT_EQ(BlobBytesServed(*server_, served_before + rest) - served_before, rest);
  ASSERT_EQ(ChunkDigests(content).size(), 2u);
  EXPECT_EQ(results[0].chunk_sha256, ChunkDigests(content));
}

// A partial file that is not the beginning of the file does not verify: it is fetched once
// more from the first byte, and the result is right.
TEST_F(ClientDownloadTest, ABadPartialFileIsDownloadedAgainFromTheStart) {
  const std::string content = RandomBytes(500'000, 7);
  DownloadJob job = Job(Upload(content), content.size(), "again");
  WriteFile(PartialPath(options_.partial_dir, job.sha256), std::string(100'000, 'x'));
  std::vector<DownloadResult> results = DownloadAll({job}, options_, nullptr);
  ASSERT_TRUE(results[0].status.ok()) << results[0].status.ToString();
  EXPECT_TRUE(Holds(job.destination, content));
}

// A resumed request answered with the whole file (200: a server or proxy that ignores Range
// and If-Range, as RangeIgnoringServer does) starts the file again from byte 0 — the partial
// bytes are not left in front — and the result is verified like any other.
TEST_F(ClientDownloadTest, AWholeFileAnswerToAResumedRequestStartsFromZero) {
  const std::string content = RandomBytes(300'000, 9);
  RangeIgnoringServer plain(content);
  DownloadJob job = Job(base::HashBytes(content), content.size(), "whole");
  job.url = "http://127.0.0.1:" + std::to_string(plain.port()) + "/v1/blobs/" + job.sha256.Hex();
  WriteFile(PartialPath(options_.partial_dir, job.sha256), std::string(1000, 'x'));
  std::vector<DownloadResult> results = DownloadAll({job}, options_, nullptr);
  ASSERT_TRUE(results[0].status.ok()) << results[0].status.ToString();
  EXPECT_EQ(results[0].resumed_from, 1000u);
  EXPECT_EQ(results[0].bytes_received, content.size());
  EXPECT_TRUE(Holds(job.destination, content));
  const std::vector<std::string> requests = plain.Requests();
  ASSERT_FALSE(requests.empty());
  EXPECT_NE(requests[0].find("bytes=1000-"), std::string::npos) << requests[0];
}

// Bytes that do not hash to the expected SHA-256 are never handed over, and a file larger
// than expected is cut off; the other jobs complete all the same.
TEST_F(ClientDownloadTest, WrongDigestOrSizeFailsThatJobOnly) {
  const std::string content = RandomBytes(400'000, 1);
  const std::string other = RandomBytes(400'000, 2);
  const Sha256 sha = Upload(content);
  DownloadJob wrong_digest = Job(sha, content.size(), "wrong-digest");
  wrong_digest.sha256 = base::HashBytes(other);  // what the "plan" claims
  DownloadJob too_big = Job(Upload(other), content.size() - 1, "too-big");
  DownloadJob fine = Job(sha, content.size(), "fine");
  std::vector<DownloadResult> results =
      DownloadAll({wrong_digest, too_big, fine}, options_, nullptr);
  EXPECT_EQ(results[0].status.code(), StatusCode::kDataLoss);
  EXPECT_NE(results[0].status.message().find("SHA-256"), std::string::npos)
      << results[0].status.message();
  EXPECT_EQ(results[1].status.code(), StatusCode::kDataLoss);
  EXPECT_NE(results[1].status.message().find("bytes"), std::string::npos)
      << results[1].status.message();
  EXPECT_TRUE(results[2].status.ok()) << results[2].status.ToString();
  EXPECT_FALSE(fs::exists(wrong_digest.destination));
  EXPECT_FALSE(fs::exists(too_big.destination));
  EXPECT_FALSE(fs::exists(PartialPath(options_.partial_dir, wrong_digest.sha256)));
  EXPECT_FALSE(fs::exists(PartialPath(options_.partial_dir, too_big.sha256)));
  EXPECT_TRUE(Holds(fine.destination, content));
}

TEST_F(ClientDownloadTest, TheServersRefusalsAreReported) {
  const std::string content = RandomBytes(1000, 3);
  const Sha256 sha = Upload(content);
  DownloadJob missing = Job(base::HashBytes("never uploaded"), 14, "missing");
  DownloadJob other_user = Job(sha, content.size(), "other-user");
  std::vector<DownloadResult> results = DownloadAll({missing}, options_, nullptr);
  EXPECT_EQ(results[0].status.code(), StatusCode::kNotFound) << results[0].status.ToString();
  options_.token = server_->NewUser("bob");  // ann's private blob: bob gets 404
  results = DownloadAll({other_user}, options_, nullptr);
  EXPECT_EQ(results[0].status.code(), StatusCode::kNotFound) << results[0].status.ToString();
  options_.token = "0000";
  results = DownloadAll({other_user}, options_, nullptr);
  EXPECT_EQ(results[0].status.code(), StatusCode::kUnauthenticated) << results[0].status.ToString();
  EXPECT_FALSE(fs::exists(other_user.destination));
}

// Nothing listens: each job is tried max_attempts times, then fails; a partial file stays.
TEST_F(ClientDownloadTest, AnUnreachableServerFailsAfterRetriesKeepingThePartialFile) {
  const std::string content = RandomBytes(10'000, 4);
  DownloadJob job = Job(Upload(content), content.size(), "unreachable");
  WriteFile(PartialPath(options_.partial_dir, job.sha256), content.substr(0, 5000));
  server_->process().Signal(SIGKILL);
  server_->process().Wait();
  std::vector<DownloadResult> results = DownloadAll({job}, options_, nullptr);
  EXPECT_EQ(results[0].status.code(), StatusCode::kUnavailable);
  EXPECT_NE(results[0].status.message().find("3 attempts"), std::string::npos)
      << results[0].status.message();
  EXPECT_EQ(fs::file_size(PartialPath(options_.partial_dir, job.sha256)), 5000u);
  EXPECT_FALSE(fs::exists(job.destination));
}

}  // namespace
}  // namespace appvault::test
