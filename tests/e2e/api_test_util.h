// Helpers of the API end-to-end tests: a real appvaultd on a free port, accounts made with
// `appvaultd user add` or the API, JSON calls, and the packages of api_make_packages.sh.
#pragma once

#include <gtest/gtest.h>

#include <cstdint>
#include <filesystem>
#include <map>
#include <memory>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "e2e/http_client.h"
#include "e2e/server_process.h"

namespace appvault::test {

// A reply with its body parsed as JSON (null when it is not JSON).
struct ApiReply {
  int status = 0;                              // 0 when no reply came
  std::map<std::string, std::string> headers;  // names in lower case
  std::string body;
  nlohmann::json json;

  std::string Header(std::string_view name) const;
  // json["error"]["code"], or "" when the body is not an API error.
  std::string ErrorCode() const;
  std::string ErrorMessage() const;
};

// A package built by api_make_packages.sh (see that script for the list), once per build
// tree in test_cache/api_packages; a test failure when the script fails.
std::string PackagePath(const std::string& name);
// The bytes of a file ("" when it cannot be read).
std::string ReadBytes(const std::filesystem::path& path);

// Runs `appvaultd user add NAME --role ROLE --password-stdin --data DATA` with the password
// on stdin; records a test failure unless it succeeded.
void AddUser(const std::filesystem::path& data_dir, const std::string& name,
             const std::string& role, const std::string& password);
// The same with the database given by `database_args` ({"--database", URL}).
void AddUserWith(const std::filesystem::path& data_dir,
                 const std::vector<std::string>& database_args, const std::string& name,
                 const std::string& role, const std::string& password);

// A server for one test, and calls to it.
class ApiServer {
 public:
  // Starts appvaultd serve with `extra_args`; nullptr (after a test failure) if it did not.
  static std::unique_ptr<ApiServer> Start(const std::vector<std::string>& extra_args = {});

  std::uint16_t port() const { return process_->port(); }
  ServerProcess& process() { return *process_; }
  const std::filesystem::path& data_dir() const { return process_->data_dir(); }

  // One request; `token` "" sends no Authorization header.
  ApiReply Call(const std::string& method, const std::string& target, const std::string& token = "",
                const std::string& body = "", const std::string& extra_headers = "");
  // A request whose body is `body` dumped.
  ApiReply Json(const std::string& method, const std::string& target, const std::string& token,
                const nlohmann::json& body);

  // Logs in (POST /v1/sessions); the token, "" (after a test failure) when refused.
  std::string Login(const std::string& name, const std::string& password);
  // Creates the user with `appvaultd user add` and logs in; the token.
  std::string NewUser(const std::string& name, const std::string& role = "user");
  // POST /v1/devices; the device id.
  std::string NewDevice(const std::string& token, const std::string& platform,
                        const std::string& os_version, const std::vector<std::string>& abis);
  // POST /v1/catalog/packages?QUERY with the package file's bytes.
  ApiReply Publish(const std::string& token, const std::string& package,
                   const std::string& query = "");
  // POST /v1/blobs; the reply.
  ApiReply Upload(const std::string& token, const std::string& bytes);
  // Uploads `bytes` as a private blob; its SHA-256 ("" after a test failure when refused).
  std::string UploadSha(const std::string& token, const std::string& bytes);
  // POST /v1/backups {"device_id": device, "apps": apps}; the reply.
  ApiReply Backup(const std::string& token, const std::string& device, const nlohmann::json& apps);
  // One backup run of `apps` as the client makes it: POST /v1/snapshots of `per_request` apps
  // at a time, each after the first adding to the first's snapshot. The last reply, or the
  // first that is not 201.
  ApiReply BackupRun(const std::string& token, const std::string& device,
                     const nlohmann::json& apps, std::size_t per_request);
  // Where the blob store keeps a blob's bytes.
  std::filesystem::path BlobPath(const std::string& sha256_hex) const;

 private:
  std::unique_ptr<ServerProcess> process_;
};

// The password every test user gets.
inline constexpr const char* kTestPassword = "correct horse battery";

}  // namespace appvault::test
