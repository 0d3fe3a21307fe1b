#include "e2e/api_test_util.h"

#include <algorithm>

#include "e2e/e2e_database.h"
#include "support/build_once.h"
#include "support/files.h"

namespace appvault::test {

std::string ApiReply::Header(std::string_view name) const {
  std::string lower(name);
  for (char& c : lower)
    c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  auto it = headers.find(lower);
  return it == headers.end() ? "" : it->second;
}

std::string ApiReply::ErrorCode() const {
  if (!json.is_object() || !json.contains("error")) return "";
  return json["error"].value("code", "");
}

std::string ApiReply::ErrorMessage() const {
  if (!json.is_object() || !json.contains("error")) return "";
  return json["error"].value("message", "");
}

std::string PackagePath(const std::string& name) {
  std::string error;
  const std::string dir =
      BuildWithScript("api_packages", {SourcePath("tests/e2e/api_make_packages.sh")}, &error);
  if (dir.empty()) ADD_FAILURE() << "no API test packages: " << error;
  return dir + "/" + name;
}

std::string ReadBytes(const std::filesystem::path& path) {
  return ReadFile(path.string());
}

void AddUser(const std::filesystem::path& data_dir, const std::string& name,
             const std::string& role, const std::string& password) {
  AddUserWith(data_dir, DatabaseArgs(data_dir), name, role, password);
}

void AddUserWith(const std::filesystem::path& data_dir, const std::vector<std::string>& database,
                 const std::string& name, const std::string& role, const std::string& password) {
  // The data folder's database (DatabaseArgs: PostgreSQL in the e2e run on it) as "$@".
  std::vector<std::string> argv = {"sh",
                                   "-c",
                                   "p=$1 a=$2 n=$3 r=$4 d=$5; shift 5; printf '%s\\n' \"$p\" | "
                                   "\"$a\" user add \"$n\" --role \"$r\" --password-stdin "
                                   "--data \"$d\" \"$@\"",
                                   "sh",
                                   password,
                                   kAppvaultdPath,
                                   name,
                                   role,
                                   data_dir.string()};
  argv.insert(argv.end(), database.begin(), database.end());
  std::optional<CommandResult> result = RunCommand(argv, std::chrono::seconds(20));
  ASSERT_TRUE(result.has_value()) << "appvaultd user add did not finish";
  EXPECT_TRUE(result->status.Ok()) << result->status.ToString() << ": " << result->err;
}

std::unique_ptr<ApiServer> ApiServer::Start(const std::vector<std::string>& extra_args) {
  auto server = std::unique_ptr<ApiServer>(new ApiServer());
  server->process_ = ServerProcess::Start(extra_args);
  if (server->process_ == nullptr) return nullptr;
  return server;
}

ApiReply ApiServer::Call(const std::string& method, const std::string& target,
                         const std::string& token, const std::string& body,
                         const std::string& extra_headers) {
  std::string headers = extra_headers;
  if (!token.empty()) headers += "Authorization: Bearer " + token + "\r\n";
  std::optional<HttpReply> reply = Fetch(port(), method, target, headers, body);
  ApiReply out;
  if (!reply.has_value()) {
    ADD_FAILURE() << method << " " << target << ": no reply";
    return out;
  }
  out.status = reply->status;
  out.headers = reply->headers;
  out.body = reply->body;
  out.json = nlohmann::json::parse(reply->body, nullptr, /*allow_exceptions=*/false);
  if (out.json.is_discarded()) out.json = nullptr;
  return out;
}

ApiReply ApiServer::Json(const std::string& method, const std::string& target,
                         const std::string& token, const nlohmann::json& body) {
  return Call(method, target, token, body.dump(), "Content-Type: application/json\r\n");
}

std::string ApiServer::Login(const std::string& name, const std::string& password) {
  ApiReply reply = Json("POST", "/v1/sessions", "", {{"username", name}, {"password", password}});
  EXPECT_EQ(reply.status, 201) << reply.body;
  if (reply.status != 201) return "";
  return reply.json.value("token", "");
}

std::string ApiServer::NewUser(const std::string& name, const std::string& role) {
  AddUser(data_dir(), name, role, kTestPassword);
  return Login(name, kTestPassword);
}

std::string ApiServer::NewDevice(const std::string& token, const std::string& platform,
                                 const std::string& os_version,
                                 const std::vector<std::string>& abis) {
  ApiReply reply = Json("POST", "/v1/devices", token,
                        {{"name", platform + " " + os_version},
                         {"platform", platform},
                         {"os_version", os_version},
                         {"abis", abis}});
  EXPECT_EQ(reply.status, 201) << reply.body;
  return reply.status == 201 ? reply.json.value("device_id", "") : "";
}

ApiReply ApiServer::Publish(const std::string& token, const std::string& package,
                            const std::string& query) {
  std::string bytes = ReadBytes(PackagePath(package));
  EXPECT_FALSE(bytes.empty()) << "no package " << PackagePath(package);
  return Call("POST", "/v1/catalog/packages" + (query.empty() ? "" : "?" + query), token, bytes,
              "Content-Type: application/vnd.android.package-archive\r\n");
}

ApiReply ApiServer::Upload(const std::string& token, const std::string& bytes) {
  return Call("POST", "/v1/blobs", token, bytes, "Content-Type: application/octet-stream\r\n");
}

std::string ApiServer::UploadSha(const std::string& token, const std::string& bytes) {
  ApiReply reply = Upload(token, bytes);
  EXPECT_EQ(reply.status, 201) << reply.body;
  return reply.status == 201 ? reply.json.value("sha256", "") : "";
}

ApiReply ApiServer::Backup(const std::string& token, const std::string& device,
                           const nlohmann::json& apps) {
  return Json("POST", "/v1/backups", token, {{"device_id", device}, {"apps", apps}});
}

ApiReply ApiServer::BackupRun(const std::string& token, const std::string& device,
                              const nlohmann::json& apps, std::size_t per_request) {
  nlohmann::json snapshot_id = nullptr;
  ApiReply reply;
  for (std::size_t start = 0; start < apps.size() || start == 0; start += per_request) {
    nlohmann::json part = nlohmann::json::array();
    for (std::size_t i = start; i < std::min(apps.size(), start + per_request); ++i)
      part.push_back(apps[i]);
    nlohmann::json body = {{"device_id", device}, {"apps", part}};
    if (!snapshot_id.is_null()) body["snapshot_id"] = snapshot_id;
    reply = Json("POST", "/v1/snapshots", token, body);
    if (reply.status != 201) return reply;
    snapshot_id = reply.json["snapshot_id"];
  }
  return reply;
}

std::filesystem::path ApiServer::BlobPath(const std::string& hex) const {
  return data_dir() / "blobs" / hex.substr(0, 2) / hex.substr(2, 2) / hex;
}

}  // namespace appvault::test
