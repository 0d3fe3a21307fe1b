#include "server/api/publish_set.h"

#include <algorithm>
#include <map>
#include <memory>
#include <utility>

#include "pkg/apk_set_archive.h"
#include "pkg/inspect.h"
#include "pkg/zip.h"

namespace appvault::server::api {
namespace {

Status Prefixed(const std::string& member, const Status& s) {
  return Status(s.code(), member + ": " + s.message());
}

// The entry's bytes as a finished, staged blob.
Result<ReceivedBlob> StageEntry(const pkg::ZipArchive& zip, const pkg::ZipEntry& entry,
                                blob::BlobStore& blobs, std::uint64_t max_bytes) {
  if (entry.uncompressed_size > max_bytes) {
    return Status(
        StatusCode::kPayloadTooLarge,
        "a member is larger than " + std::to_string(max_bytes) + " bytes (--max-package-bytes)");
  }
  Result<std::unique_ptr<blob::BlobWriter>> writer = blobs.NewWriter(max_bytes);
  if (!writer.ok()) return writer.status();
  Status read =
      zip.ReadEntry(entry, [&](std::string_view chunk) { return (*writer)->Append(chunk); });
  if (!read.ok()) return read;
  Result<blob::BlobInfo> info = (*writer)->Finish();
  if (!info.ok()) return info.status();
  return ReceivedBlob{std::move(writer).value(), *info};
}

// The staged APK members of the archive with their facts, in the archive's order.
struct Staged {
  std::vector<pkg::ApkSetMember> members;
  std::map<std::string, ReceivedBlob> blobs;  // by entry name
};

Status StageMembers(const std::string& archive_path, blob::BlobStore& blobs,
                    std::uint64_t max_member_bytes, std::size_t max_members, Staged* out) {
  auto file = pkg::OpenFile(archive_path);
  if (!file.ok()) return file.status();
  Result<pkg::ZipArchive> zip = pkg::ZipArchive::Open(**file);
  if (!zip.ok()) return zip.status();
  for (const pkg::ZipEntry& entry : zip->entries()) {
    if (entry.name.ends_with("/")) continue;
    Result<ReceivedBlob> staged = StageEntry(*zip, entry, blobs, max_member_bytes);
    if (!staged.ok()) return Prefixed(entry.name, staged.status());
    const std::string& path = staged->writer->staged_path();
    if (!pkg::IsApkFile(path)) {
      if (entry.name.ends_with(".apk")) {
        return Status(StatusCode::kInvalidPackage, entry.name + ": not an APK");
      }
      continue;  // toc.pb and the like; the staged copy is dropped
    }
    if (out->members.size() == max_members) {
      return Status(StatusCode::kInvalidPackage,
                    "app set: more than " + std::to_string(max_members) + " APKs");
    }
    pkg::InspectOptions options;
    options.known_sha256 = staged->info.sha256;  // hashed as it was staged, by us alone
    Result<pkg::PackageFacts> facts = pkg::InspectPackage(path, options);
    if (!facts.ok()) return Prefixed(entry.name, facts.status());
    out->members.push_back({entry.name, std::move(facts).value()});
    out->blobs.emplace(entry.name, std::move(staged).value());
  }
  if (out->members.empty()) {
    return Status(StatusCode::kInvalidPackage,
                  "neither an APK (no AndroidManifest.xml), an IPA (no Payload/ folder) nor an "
                  ".apks app set (no APK inside)");
  }
  return Status::Ok();
}

}  // namespace

Status ScanPackage(const scan::Scanner& scanner, const std::string& path) {
  Result<scan::ScanVerdict> verdict = scanner.ScanFile(path);
  if (!verdict.ok()) {
    return Status(StatusCode::kUnavailable,
                  "the package could not be scanned for malware: " + verdict.status().message());
  }
  if (!verdict->infected()) return Status::Ok();
  return Status(StatusCode::kMalwareDetected,
                "the package carries malware (" + *verdict->detection + "); it was not stored");
}

Result<VettedSet> VetApkSet(const std::string& archive_path, blob::BlobStore& blobs,
                            const scan::Scanner& scanner, std::uint64_t max_member_bytes,
                            std::size_t max_members) {
  Staged staged;
  if (Status s = StageMembers(archive_path, blobs, max_member_bytes, max_members, &staged);
      !s.ok()) {
    return s;
  }
  Result<pkg::ApkSet> set = pkg::ValidateApkSet(std::move(staged.members));
  if (!set.ok()) return set.status();
  VettedSet vetted{std::move(set).value(), {}};
  std::vector<const pkg::ApkSetMember*> order{&vetted.set.base};
  for (const pkg::ApkSetMember& m : vetted.set.splits) {
    order.push_back(&m);
  }
  for (const pkg::ApkSetMember* m : order) {
    ReceivedBlob& blob = staged.blobs.at(m->name);
    if (Status s = ScanPackage(scanner, blob.writer->staged_path()); !s.ok()) {
      return Prefixed(m->name, s);
    }
    vetted.members.push_back(std::move(blob));
  }
  return vetted;
}

}  // namespace appvault::server::api
