// Migration 3 of the SQLite store: a package's signer lineage (CONTRACT §4 rules 5–7). The
// certificates of its verified APK v3 proof-of-rotation, oldest first, as 64-hex digests
// separated by commas; '' without one. Released steps are never edited.
#pragma once

#include <string_view>

namespace appvault::store::sqlite {

inline constexpr std::string_view kSchemaV3 = R"sql(
ALTER TABLE packages ADD COLUMN signer_lineage TEXT NOT NULL DEFAULT '';
)sql";

}  // namespace appvault::store::sqlite
