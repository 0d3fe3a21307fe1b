#include "cli/check_command.h"

#include <cstdio>
#include <filesystem>
#include <map>

#include "cli/exit_codes.h"
#include "gc/collector.h"

namespace appvault::cli {

namespace {

// What the database says a blob is: "package" or "private", and its size.
using NamedBlobs = std::map<Sha256, std::string>;

Status AddPackages(store::MetadataStore& store, NamedBlobs& blobs) {
  store::SoftwareQuery query;
  while (true) {
    Result<std::vector<store::SoftwareRecord>> page = store.SearchSoftware(query);
    if (!page.ok()) return page.status();
    for (const store::SoftwareRecord& software : *page) {
      Result<std::vector<store::PackageRecord>> packages = store.ListPackages(software.software.id);
      if (!packages.ok()) return packages.status();
      for (const store::PackageRecord& record : *packages) {
        blobs.emplace(record.package.sha256, "package of software \"" + software.software.id +
                                                 "\", " + std::to_string(record.package.size) +
                                                 " bytes");
      }
    }
    if (page->size() < query.limit) return Status::Ok();
    query.offset += page->size();
  }
}

Result<NamedBlobs> NamedByDatabase(store::MetadataStore& store) {
  NamedBlobs blobs;
  Result<std::vector<store::BlobRecord>> records = store.ListBlobs();
  if (!records.ok()) return records.status();
  for (const store::BlobRecord& record : *records) {
    blobs.emplace(
        record.sha256,
        std::string(record.kind == store::BlobKind::kPackage ? "package" : "private blob") + ", " +
            std::to_string(record.size) + " bytes");
  }
  Status packages = AddPackages(store, blobs);
  if (!packages.ok()) return packages;
  return blobs;
}

// Prints one line per problem; returns how many there were.
int CheckBlobs(blob::BlobStore& store, const NamedBlobs& blobs, bool read_data) {
  int problems = 0;
  for (const auto& [sha256, what] : blobs) {
    Status status = store.Check(sha256, read_data);
    if (status.ok()) continue;
    ++problems;
    const char* label = status.code() == StatusCode::kNotFound   ? "missing"
                        : status.code() == StatusCode::kDataLoss ? "corrupt"
                                                                 : "unreadable";
    std::printf("%s %s (%s): %s\n", label, sha256.Hex().c_str(), what.c_str(),
                status.message().c_str());
  }
  return problems;
}

// Prints one warning line per unreferenced blob; returns how many there were.
Result<std::size_t> WarnUnreferenced(store::MetadataStore& store, blob::BlobStore& blobs) {
  Result<std::vector<gc::Garbage>> unreferenced = gc::FindUnreferenced(store, blobs);
  if (!unreferenced.ok()) return unreferenced.status();
  for (const gc::Garbage& garbage : *unreferenced) {
    std::printf("unreferenced %s (%s): `appvaultd gc` deletes it once past the grace period\n",
                garbage.sha256.Hex().c_str(), gc::Describe(garbage).c_str());
  }
  return unreferenced->size();
}

}  // namespace

int RunCheck(const CheckOptions& options) {
  Result<DatabaseUrl> url = ParseDatabaseUrl(options.data);
  if (!url.ok()) return ReportFailure(url.status());
  if (url->kind == DatabaseUrl::Kind::kSqlite && !std::filesystem::exists(url->target)) {
    PrintError("no database at " + url->target);
    return kExitFailure;
  }
  // Read-only: a check never changes the data it checks, so it is safe while a server runs.
  Result<std::unique_ptr<store::MetadataStore>> store =
      OpenMetadataStore(options.data, DataAccess::kReadOnly);
  if (!store.ok()) return ReportFailure(store.status());
  Result<std::unique_ptr<blob::BlobStore>> blobs =
      OpenBlobStore(options.data, DataAccess::kReadOnly);
  if (!blobs.ok()) return ReportFailure(blobs.status());
  Result<NamedBlobs> named = NamedByDatabase(**store);
  if (!named.ok()) return ReportFailure(named.status());
  int problems = CheckBlobs(**blobs, *named, options.read_data);
  Result<std::size_t> unreferenced = WarnUnreferenced(**store, **blobs);
  if (!unreferenced.ok()) return ReportFailure(unreferenced.status());
  std::printf("%zu blobs checked%s: %d %s, %zu unreferenced (a warning)\n", named->size(),
              options.read_data ? " (contents read)" : " (presence only)", problems,
              problems == 1 ? "problem" : "problems", *unreferenced);
  return problems == 0 ? kExitOk : kExitFailure;
}

}  // namespace appvault::cli
