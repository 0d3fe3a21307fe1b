// The wire types of the catalog routes (docs/api.md, "the library") and their JSON codecs:
// the server's handlers answer with them, the client reads the answers with them. A decoder
// names the first field that is wrong ("items[2].versions[0].platform: …").
//
//   GET  /v1/catalog/software[?q=&category=&platform=&limit=&offset=] → SoftwareList
//   GET  /v1/catalog/software/{id}                                    → SoftwareDetail
//   POST /v1/catalog/software/{id}/votes                              → VoteReply
//   POST /v1/catalog/packages (the package file)                      → PublishedPackage
#pragma once

#include <cstdint>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "api/restore_plans.h"
#include "core/package.h"
#include "core/status.h"
#include "core/version.h"

namespace appvault::api {

// "The software object": `software.publisher` is the free text the publisher typed at the
// first publish; `published_by` the account that created (and owns) the software, which no
// publisher can choose.
struct SoftwareInfo {
  Software software;
  std::string published_by;
};

// One version of a software as search lists it.
struct SoftwareVersion {
  Platform platform = Platform::kAndroid;
  std::string version_code;
  std::string version_name;
};

// One software as search lists it: its versions each once, in the library's order.
struct SoftwareSummary {
  SoftwareInfo software;
  std::vector<SoftwareVersion> versions;
};

struct SoftwareList {
  std::vector<SoftwareSummary> items;  // ordered by id
};

// A package of the library: its facts and blob url (the restore plan's package object) plus
// who signed it and when it was published. iOS packages have an all-zero signer_sha256
// (their signature is not verified yet).
struct CatalogPackage {
  PlannedPackage package;
  std::string signer_subject;
  std::int64_t published_at = 0;  // seconds since the Unix epoch
};

// One software with every package of it, ordered by platform then version.
struct SoftwareDetail {
  SoftwareInfo software;
  std::int64_t created_at = 0;
  std::vector<CatalogPackage> packages;
};

// The answer to a publish: the package stored, the signature schemes that verified, the
// package's label and the software it joined.
struct PublishedPackage {
  CatalogPackage package;
  std::vector<std::string> schemes;  // "v1", "v2", "v3"; empty for iOS
  std::string label;
  SoftwareInfo software;
};

// The answer to a vote: the software's votes counting it.
struct VoteReply {
  std::string software_id;
  std::int64_t votes = 0;
};

nlohmann::json ToJson(const SoftwareInfo& value);
nlohmann::json ToJson(const SoftwareVersion& value);
nlohmann::json ToJson(const SoftwareSummary& value);
nlohmann::json ToJson(const SoftwareList& value);
nlohmann::json ToJson(const CatalogPackage& value);
nlohmann::json ToJson(const SoftwareDetail& value);
nlohmann::json ToJson(const PublishedPackage& value);
nlohmann::json ToJson(const VoteReply& value);

// Decoders of the answers: the value, or kInvalidArgument naming the first wrong field.
// Unknown fields are ignored (a newer server may add some). A package is read as the
// restore plan's (valid platform, app id, version, digests, url = BlobPath of its sha256);
// every text field is required, "" allowed where the library allows it (category,
// description, version_name, signer_subject, label); votes and times are non-negative.
Result<SoftwareInfo> SoftwareInfoFromJson(const nlohmann::json& json);
Result<SoftwareList> SoftwareListFromJson(const nlohmann::json& json);
Result<CatalogPackage> CatalogPackageFromJson(const nlohmann::json& json);
Result<SoftwareDetail> SoftwareDetailFromJson(const nlohmann::json& json);
Result<PublishedPackage> PublishedPackageFromJson(const nlohmann::json& json);
Result<VoteReply> VoteReplyFromJson(const nlohmann::json& json);

}  // namespace appvault::api
