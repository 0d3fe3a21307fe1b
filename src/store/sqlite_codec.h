// How domain values are written to and read back from SQLite columns. A stored value that
// no longer parses was not written by this store: readers report it as kInternal.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/app_id.h"
#include "core/sha256.h"
#include "core/status.h"
#include "core/version.h"
#include "store/records.h"

namespace appvault::store::sqlite {

// A text that sorts (bytewise) and compares like the version within its platform:
// Android, the code as 16 hex digits; iOS, 8 components of 8 hex digits each, missing
// components as 0 (so "16.4" and "16.4.0" have the same key).
std::string VersionKey(const Version& version);

// The JSON array text of `abis` (or any list of strings: a device's locales), in the given
// order.
std::string AbisJson(const std::vector<std::string>& abis);
// A package's ABI set in its one stored form: sorted, as JSON.
std::string SortedAbisJson(std::vector<std::string> abis);

// "package" / "private".
std::string_view BlobKindName(BlobKind kind);

// A preference as a nullable column value: NULL, 0 or 1.
std::optional<std::int64_t> PreferenceColumn(std::optional<bool> value);

// Readers of stored text. Errors: kInternal naming the column and value.
Result<std::vector<std::string>> StoredAbis(std::string_view json);
// A JSON array of strings; `what` names it in the error ("locale list").
Result<std::vector<std::string>> StoredStrings(std::string_view what, std::string_view json);
Result<Platform> StoredPlatform(std::string_view text);
Result<Version> StoredVersion(Platform platform, std::string_view text);
Result<std::optional<Version>> StoredOptionalVersion(Platform platform,
                                                     const std::optional<std::string>& text);
Result<AppId> StoredAppId(std::string_view text);
Result<Role> StoredRole(std::string_view text);
Result<BlobKind> StoredBlobKind(std::string_view text);

// A signer lineage as stored: 64-hex digests separated by commas, "" when empty.
std::string LineageText(const std::vector<Sha256>& lineage);
// Reads LineageText's form. Errors: kInternal naming the value.
Result<std::vector<Sha256>> StoredLineage(std::string_view text);

// A size or count as an SQLite integer. Errors: kInvalidArgument above 2^63-1.
Result<std::int64_t> SizeColumn(std::uint64_t size);

}  // namespace appvault::store::sqlite
