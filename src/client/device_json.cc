#include "client/device_json.h"

#include <cstdint>
#include <ctime>
#include <nlohmann/json.hpp>
#include <utility>

namespace appvault::client {
namespace {

using nlohmann::json;

constexpr std::size_t kMaxNameBytes = 64;

Status Invalid(const std::string& file, const std::string& why) {
  return Status(StatusCode::kInvalidArgument, file + ": " + why);
}

std::string Dump(const json& value) {
  return value.dump(-1, ' ', false, json::error_handler_t::replace) + "\n";
}

// The string field `key` of object, or nullptr when it is missing or not a string.
const std::string* StringField(const json& object, const char* key) {
  auto it = object.find(key);
  if (it == object.end() || !it->is_string()) return nullptr;
  return it->get_ptr<const std::string*>();
}

Result<std::vector<std::string>> StringArray(const json& object, const char* key) {
  auto it = object.find(key);
  if (it == object.end() || !it->is_array()) {
    return Invalid("device.json", std::string(key) + " must be an array");
  }
  std::vector<std::string> out;
  for (const json& item : *it) {
    if (!item.is_string()) return Invalid("device.json", std::string(key) + " holds a non-string");
    out.push_back(item.get<std::string>());
  }
  return out;
}

Result<DeviceProfile> ParseProfile(const json& object) {
  const std::string* platform_text = StringField(object, "platform");
  const std::string* os_text = StringField(object, "os_version");
  if (platform_text == nullptr || os_text == nullptr) {
    return Invalid("device.json", "platform and os_version must be strings");
  }
  Result<Platform> platform = ParsePlatform(*platform_text);
  if (!platform.ok()) return Invalid("device.json", platform.status().message());
  Result<Version> os = Version::Parse(*platform, *os_text);
  if (!os.ok()) return Invalid("device.json", "os_version: " + os.status().message());
  Result<std::vector<std::string>> abis = StringArray(object, "abis");
  if (!abis.ok()) return abis.status();
  DeviceProfile profile{*platform, *os, *abis};
  if (auto it = object.find("density"); it != object.end()) {
    if (!it->is_number_integer()) return Invalid("device.json", "density must be an integer");
    const std::int64_t dpi = it->get<std::int64_t>();
    if (dpi < 1 || dpi > DeviceProfile::kMaxDensity) {
      return Invalid("device.json", "density: " + std::to_string(dpi) + " dpi is out of range");
    }
    profile.density = static_cast<int>(dpi);
  }
  if (object.contains("locales")) {
    Result<std::vector<std::string>> locales = StringArray(object, "locales");
    if (!locales.ok()) return locales.status();
    profile.locales = std::move(locales).value();
  }
  Status valid = profile.Validate();
  if (!valid.ok()) return Invalid("device.json", valid.message());
  return profile;
}

}  // namespace

Status ValidateDeviceName(std::string_view name) {
  if (name.empty() || name.size() > kMaxNameBytes) {
    return Status(StatusCode::kInvalidArgument, "device name: expected 1 to 64 bytes");
  }
  for (char c : name) {
    if (static_cast<unsigned char>(c) < 0x20 || c == 0x7f) {
      return Status(StatusCode::kInvalidArgument, "device name: has a control character");
    }
  }
  return Status::Ok();
}

std::string DeviceRecordJson(const DeviceRecord& record) {
  return Dump({{"name", record.name},
               {"platform", PlatformName(record.profile.platform)},
               {"os_version", record.profile.os_version.text()},
               {"abis", record.profile.abis},
               {"density", record.profile.density},
               {"locales", record.profile.locales}});
}

Result<DeviceRecord> ParseDeviceRecord(std::string_view text) {
  json object = json::parse(text, nullptr, false);
  if (object.is_discarded() || !object.is_object()) {
    return Invalid("device.json", "not a JSON object");
  }
  const std::string* name = StringField(object, "name");
  if (name == nullptr) return Invalid("device.json", "name must be a string");
  Status valid_name = ValidateDeviceName(*name);
  if (!valid_name.ok()) return Invalid("device.json", valid_name.message());
  Result<DeviceProfile> profile = ParseProfile(object);
  if (!profile.ok()) return profile.status();
  return DeviceRecord{*name, *profile};
}

InstallRecord RecordOf(const pkg::PackageFacts& facts, std::chrono::system_clock::time_point at) {
  return InstallRecord{facts.app.str(),    facts.version.text(),
                       facts.version_name, facts.signer_sha256 ? facts.signer_sha256->Hex() : "",
                       facts.sha256.Hex(), FormatUtc(at)};
}

std::string InstallRecordJson(const InstallRecord& record) {
  json object = {{"app", record.app},
                 {"version_code", record.version_code},
                 {"version_name", record.version_name},
                 {"signer_sha256", record.signer_sha256},
                 {"package_sha256", record.package_sha256},
                 {"installed_at", record.installed_at}};
  if (!record.splits.empty()) {
    json splits = json::array();
    for (const SplitRecord& split : record.splits)
      splits.push_back({{"name", split.name}, {"sha256", split.sha256}});
    object["splits"] = std::move(splits);
  }
  return Dump(object);
}

namespace {

// install.json's "splits" (absent for a single APK): [{"name","sha256"}, …].
Status ParseSplitRecords(const json& object, std::vector<SplitRecord>* out) {
  auto it = object.find("splits");
  if (it == object.end()) return Status::Ok();
  if (!it->is_array()) return Invalid("install.json", "splits must be an array");
  for (const json& item : *it) {
    const std::string* name = item.is_object() ? StringField(item, "name") : nullptr;
    const std::string* sha256 = item.is_object() ? StringField(item, "sha256") : nullptr;
    if (name == nullptr || sha256 == nullptr) {
      return Invalid("install.json", "each of splits must have string name and sha256");
    }
    out->push_back({*name, *sha256});
  }
  return Status::Ok();
}

}  // namespace

Result<InstallRecord> ParseInstallRecord(std::string_view text) {
  json object = json::parse(text, nullptr, false);
  if (object.is_discarded() || !object.is_object()) {
    return Invalid("install.json", "not a JSON object");
  }
  InstallRecord record;
  std::pair<const char*, std::string*> fields[] = {{"app", &record.app},
                                                   {"version_code", &record.version_code},
                                                   {"version_name", &record.version_name},
                                                   {"signer_sha256", &record.signer_sha256},
                                                   {"package_sha256", &record.package_sha256},
                                                   {"installed_at", &record.installed_at}};
  for (auto& [key, out] : fields) {
    const std::string* value = StringField(object, key);
    if (value == nullptr) return Invalid("install.json", std::string(key) + " must be a string");
    *out = *value;
  }
  if (Status splits = ParseSplitRecords(object, &record.splits); !splits.ok()) return splits;
  return record;
}

std::string InstalledJson(const pkg::PackageFacts& facts) {
  return Dump({{"app", facts.app.str()},
               {"version_code", facts.version.text()},
               {"version_name", facts.version_name}});
}

std::string FormatUtc(std::chrono::system_clock::time_point at) {
  std::time_t seconds = std::chrono::system_clock::to_time_t(at);
  std::tm utc{};
  ::gmtime_r(&seconds, &utc);
  char text[32];
  std::strftime(text, sizeof text, "%Y-%m-%dT%H:%M:%SZ", &utc);
  return text;
}

}  // namespace appvault::client
