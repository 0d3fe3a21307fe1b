// Publishing an app set (CONTRACT §7): the body of POST /v1/catalog/packages is an `.apks`
// zip; each member is staged as a blob of its own, inspected as a single APK is, scanned,
// and the whole checked by ValidateApkSet — before anything is stored.
#pragma once

#include <string>
#include <vector>

#include "core/status.h"
#include "pkg/apk_set.h"
#include "scan/scanner.h"
#include "server/api/blob_upload.h"

namespace appvault::server::api {

// The package file at path is clean, or kMalwareDetected naming the signature;
// kUnavailable when it cannot be scanned.
Status ScanPackage(const scan::Scanner& scanner, const std::string& path);

// A vetted set: the checked set and each member's staged (uncommitted) blob, base first
// then the splits in the set's order. Dropping it discards every staged member.
struct VettedSet {
  pkg::ApkSet set;
  std::vector<ReceivedBlob> members;
};

// Reads the `.apks` at archive_path: every entry that is an APK (by its manifest, whatever
// its name) becomes a staged blob of at most max_member_bytes, inspected with the hash taken
// as it was staged; other entries are skipped, an entry named *.apk that is no APK refuses
// the set. Then ValidateApkSet, then every member scanned. Errors: a member's refusal
// prefixed with its entry name ("splits/fr.apk: bad_signature …" keeps its code), the set's
// refusals (kInvalidPackage, kSignerMismatch), kInvalidPackage (no APK, more than
// max_members), kMalwareDetected naming the member, kPayloadTooLarge, kUnavailable.
Result<VettedSet> VetApkSet(const std::string& archive_path, blob::BlobStore& blobs,
                            const scan::Scanner& scanner, std::uint64_t max_member_bytes,
                            std::size_t max_members);

}  // namespace appvault::server::api
