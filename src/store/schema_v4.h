// Migration 4 of the SQLite store: a device's screen density (dpi) and locales (a JSON array
// of language tags, most preferred first), what an app set's splits are chosen for (CONTRACT
// §7). Devices registered before get the defaults of `device init`: 420 dpi, en-US. Released
// steps are never edited.
#pragma once

#include <string_view>

namespace appvault::store::sqlite {

inline constexpr std::string_view kSchemaV4 = R"sql(
ALTER TABLE devices ADD COLUMN density INTEGER NOT NULL DEFAULT 420;
ALTER TABLE devices ADD COLUMN locales TEXT NOT NULL DEFAULT '["en-US"]';
)sql";

}  // namespace appvault::store::sqlite
