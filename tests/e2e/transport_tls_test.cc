// HTTPS: a self-signed certificate made at test time, curl as the client.
#include <gtest/gtest.h>

#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>
#include <string>
#include <vector>

#include "base/sha256_hasher.h"
#include "e2e/http_client.h"
#include "e2e/server_process.h"
#include "e2e/transport_test_util.h"
#include "server/health_handler.h"
#include "server/serve_blob.h"
#include "support/temp_dir.h"

namespace appvault::server {
namespace {

using namespace std::chrono_literals;
namespace http = boost::beast::http;
namespace fs = std::filesystem;

std::string ReadFile(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream out;
  out << in.rdbuf();
  return out.str();
}

void WriteFile(const fs::path& path, std::string_view bytes) {
  std::ofstream out(path, std::ios::binary);
  out.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
}

class TlsTest : public ::testing::Test {
 protected:
  void SetUp() override {
    cert_ = (dir_.path() / "cert.pem").string();
    key_ = (dir_.path() / "key.pem").string();
    ASSERT_TRUE(test::MakeSelfSignedCertificate(cert_, key_));
    data_ = test::PseudoRandomBytes(3 << 20, 11);
    file_ = test::WriteBlobFile(dir_.path() / "blob", data_);
    ASSERT_NE(file_, nullptr);
  }

  Router TlsRouter() {
    Router router;
    AddHealthRoutes(router);
    router.Add(http::verb::get, "/blob",
               [this](const Request& request) { return ServeBlob(request, file_, "tag", true); });
    router.AddStreaming(
        http::verb::post, "/sha",
        [](const Request&, BodyReader& body) -> Reply {
          base::Sha256Hasher hasher;
          std::vector<char> buffer(8192);
          while (true) {
            Result<std::size_t> got = body.Read(buffer.data(), buffer.size());
            if (!got.ok()) return ErrorResponse(got.status());
            if (*got == 0) break;
            hasher.Update(std::string_view(buffer.data(), *got));
          }
          Response response(http::status::ok, 11);
          response.body() = hasher.Finish().Hex();
          return response;
        },
        64 << 20);
    return router;
  }

  std::unique_ptr<HttpServer> StartTls() {
    HttpServerOptions options = test::LoopbackOptions();
    options.tls_cert_file = cert_;
    options.tls_key_file = key_;
    return test::StartTestServer(options, TlsRouter());
  }

  // curl ARGS… URL with the test CA; stdout.
  std::optional<test::CommandResult> Curl(const HttpServer& server, const std::string& path,
                                          std::vector<std::string> args = {}) {
    std::vector<std::string> argv = {"curl",   "--silent", "--show-error",
                                     "--fail", "--cacert", cert_};
    argv.insert(argv.end(), args.begin(), args.end());
    argv.push_back(server.Url() + path);
    return test::RunCommand(argv, 60s);
  }

  test::TempDir dir_;
  std::string cert_;
  std::string key_;
  std::string data_;
  std::shared_ptr<blob::BlobFile> file_;
};

TEST_F(TlsTest, HealthzOverHttps) {
  std::unique_ptr<HttpServer> server = StartTls();
  ASSERT_NE(server, nullptr);
  EXPECT_EQ(server->Url(), "https://127.0.0.1:" + std::to_string(server->endpoint().port()));
  std::optional<test::CommandResult> got = Curl(*server, "/healthz");
  ASSERT_TRUE(got.has_value());
  ASSERT_TRUE(got->status.Ok()) << got->err;
  EXPECT_EQ(nlohmann::json::parse(got->out), nlohmann::json({{"status", "ok"}}));
}

TEST_F(TlsTest, OldProtocolsAreRefused) {
  std::unique_ptr<HttpServer> server = StartTls();
  ASSERT_NE(server, nullptr);
  std::optional<test::CommandResult> got =
      Curl(*server, "/healthz", {"--tlsv1.1", "--tls-max", "1.1"});
  ASSERT_TRUE(got.has_value());
  EXPECT_FALSE(got->status.Ok());
}

TEST_F(TlsTest, FileRepliesAndRangesOverTls) {
  std::unique_ptr<HttpServer> server = StartTls();
  ASSERT_NE(server, nullptr);
  fs::path out = dir_.path() / "out";
  std::optional<test::CommandResult> whole = Curl(*server, "/blob", {"-o", out.string()});
  ASSERT_TRUE(whole.has_value());
  ASSERT_TRUE(whole->status.Ok()) << whole->err;
  EXPECT_TRUE(ReadFile(out) == data_);
  std::optional<test::CommandResult> part =
      Curl(*server, "/blob", {"-H", "Range: bytes=1000-1999", "-o", out.string()});
  ASSERT_TRUE(part.has_value());
  ASSERT_TRUE(part->status.Ok()) << part->err;
  EXPECT_EQ(ReadFile(out), data_.substr(1000, 1000));
}

TEST_F(TlsTest, StreamingUploadOverTls) {
  std::unique_ptr<HttpServer> server = StartTls();
  ASSERT_NE(server, nullptr);
  fs::path in = dir_.path() / "upload";
  std::string upload = test::PseudoRandomBytes(5 << 20, 12);
  WriteFile(in, upload);
  // curl sends `Expect: 100-continue` for a body this large.
  std::optional<test::CommandResult> got =
      Curl(*server, "/sha", {"--data-binary", "@" + in.string()});
  ASSERT_TRUE(got.has_value());
  ASSERT_TRUE(got->status.Ok()) << got->err;
  EXPECT_EQ(got->out, test::Sha256Hex(upload));
}

TEST_F(TlsTest, PlainHttpToATlsServerGetsNoAnswer) {
  std::unique_ptr<HttpServer> server = StartTls();
  ASSERT_NE(server, nullptr);
  std::optional<test::HttpReply> reply = test::Fetch(server->endpoint().port(), "GET", "/healthz");
  EXPECT_FALSE(reply.has_value());
  std::optional<test::CommandResult> got = Curl(*server, "/healthz");
  ASSERT_TRUE(got.has_value());
  EXPECT_TRUE(got->status.Ok()) << got->err;
}

TEST_F(TlsTest, UnreadableFilesFailStartNamingTheFile) {
  HttpServerOptions options = test::LoopbackOptions();
  options.tls_cert_file = (dir_.path() / "missing.pem").string();
  options.tls_key_file = key_;
  Result<std::unique_ptr<HttpServer>> missing = HttpServer::Start(options, Router());
  ASSERT_FALSE(missing.ok());
  EXPECT_EQ(missing.status().code(), StatusCode::kInvalidArgument);
  EXPECT_NE(missing.status().message().find("missing.pem"), std::string::npos);

  fs::path junk = dir_.path() / "junk.pem";
  WriteFile(junk, "not a key");
  options.tls_cert_file = cert_;
  options.tls_key_file = junk.string();
  Result<std::unique_ptr<HttpServer>> bad_key = HttpServer::Start(options, Router());
  ASSERT_FALSE(bad_key.ok());
  EXPECT_EQ(bad_key.status().code(), StatusCode::kInvalidArgument);
  EXPECT_NE(bad_key.status().message().find("junk.pem"), std::string::npos);

  options.tls_key_file.clear();
  Result<std::unique_ptr<HttpServer>> half = HttpServer::Start(options, Router());
  ASSERT_FALSE(half.ok());
  EXPECT_EQ(half.status().code(), StatusCode::kInvalidArgument);
}

TEST_F(TlsTest, KeyOfAnotherCertificateIsRefused) {
  std::string other_key = (dir_.path() / "other.pem").string();
  std::optional<test::CommandResult> made =
      test::RunCommand({"openssl", "genpkey", "-algorithm", "EC", "-pkeyopt",
                        "ec_paramgen_curve:P-256", "-out", other_key},
                       30s);
  ASSERT_TRUE(made.has_value() && made->status.Ok());
  HttpServerOptions options = test::LoopbackOptions();
  options.tls_cert_file = cert_;
  options.tls_key_file = other_key;
  Result<std::unique_ptr<HttpServer>> server = HttpServer::Start(options, Router());
  ASSERT_FALSE(server.ok());
  EXPECT_EQ(server.status().code(), StatusCode::kInvalidArgument);
  EXPECT_NE(server.status().message().find("other.pem"), std::string::npos)
      << server.status().message();
}

}  // namespace
}  // namespace appvault::server
