// Documents the api_wire_test suites share: a well-formed package object (what
// ToJson(PlannedPackage) writes), which the restore plan nests and the catalog extends.
#pragma once

#include <nlohmann/json.hpp>
#include <string>

namespace appvault::api::testdata {

inline const std::string kPackageSha(64, 'a');
inline const std::string kPackageSigner(64, '5');

// An android package of org.example.notes, version 2 (2.0), API 21 or newer, arm64-v8a.
inline nlohmann::json PackageDocument() {
  return {{"sha256", kPackageSha},
          {"size", 1234},
          {"url", "/v1/blobs/" + kPackageSha},
          {"software_id", "notes"},
          {"platform", "android"},
          {"app", "org.example.notes"},
          {"version_code", "2"},
          {"version_name", "2.0"},
          {"min_os", "21"},
          {"max_os", nullptr},
          {"abis", nlohmann::json::array({"arm64-v8a"})},
          {"signer_sha256", kPackageSigner}};
}

}  // namespace appvault::api::testdata
