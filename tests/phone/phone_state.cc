#include "phone/phone_state.h"

#include <fstream>
#include <nlohmann/json.hpp>

#include "phone/phone_fs.h"

namespace appvault::phone {
namespace {

using nlohmann::json;

Result<json> ReadJson(const std::string& path) {
  std::ifstream in(path);
  if (!in) return json();
  json doc = json::parse(in, nullptr, false);
  if (doc.is_discarded() || !doc.is_object()) {
    return Status(StatusCode::kInvalidArgument, path + " is not a JSON object");
  }
  return doc;
}

}  // namespace

std::string MemberFileName(const std::string& split) {
  return split.empty() ? "base.apk" : "split_" + split + ".apk";
}

Result<PhoneState> LoadPhoneState(const std::string& dir) {
  PhoneState state;
  auto phone = ReadJson(dir + "/phone.json");
  if (!phone.ok()) return phone.status();
  auto packages = ReadJson(dir + "/packages.json");
  if (!packages.ok()) return packages.status();
  try {
    const json& p = *phone;
    if (p.is_object()) {
      Profile& f = state.profile;
      f.sdk = p.value("sdk", f.sdk);
      f.abis = p.value("abis", f.abis);
      f.density = p.value("density", f.density);
      f.locales = p.value("locales", f.locales);
      f.model = p.value("model", f.model);
      f.root = p.value("root", f.root);
      f.storage_bytes = p.value("storage_bytes", f.storage_bytes);
      state.next_uid = p.value("next_uid", state.next_uid);
    }
    if (packages->is_object()) {
      for (const json& j : (*packages)["packages"]) {
        InstalledPackage pkg;
        pkg.name = j.at("name");
        pkg.uid = j.at("uid");
        pkg.version_code = j.at("version_code");
        pkg.version_name = j.value("version_name", "");
        pkg.code_dir = j.at("code_dir");
        pkg.splits = j.value("splits", std::vector<std::string>{});
        pkg.debuggable = j.value("debuggable", false);
        pkg.signer_sha256 = j.value("signer_sha256", "");
        pkg.min_sdk = j.value("min_sdk", 1);
        state.packages[pkg.name] = pkg;
      }
    }
  } catch (const json::exception& e) {
    return Status(StatusCode::kInvalidArgument, "the phone state in " + dir + ": " + e.what());
  }
  return state;
}

Status SavePhoneState(const std::string& dir, const PhoneState& state) {
  const Profile& f = state.profile;
  json phone = {{"sdk", f.sdk},
                {"abis", f.abis},
                {"density", f.density},
                {"locales", f.locales},
                {"model", f.model},
                {"root", f.root},
                {"storage_bytes", f.storage_bytes},
                {"next_uid", state.next_uid}};
  json list = json::array();
  for (const auto& [name, p] : state.packages) {
    list.push_back({{"name", p.name},
                    {"uid", p.uid},
                    {"version_code", p.version_code},
                    {"version_name", p.version_name},
                    {"code_dir", p.code_dir},
                    {"splits", p.splits},
                    {"debuggable", p.debuggable},
                    {"signer_sha256", p.signer_sha256},
                    {"min_sdk", p.min_sdk}});
  }
  if (Status s = WriteFileAtomically(dir + "/phone.json", phone.dump(1)); !s.ok()) return s;
  return WriteFileAtomically(dir + "/packages.json", json{{"packages", list}}.dump(1));
}

}  // namespace appvault::phone
