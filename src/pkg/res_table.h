// The resource table of an APK (resources.arsc): which configurations it holds (locales,
// screen densities) and the string a resource id resolves to in a configuration — enough
// to name an app as `aapt dump badging` does ("application-label").
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/status.h"
#include "pkg/res_string_pool.h"
#include "pkg/zip.h"

namespace appvault::pkg {

// Limits, documented in docs/packages.md.
struct ResTableLimits {
  std::uint64_t max_bytes = 64u << 20;  // resources.arsc, inflated
  std::size_t max_packages = 256;
  std::size_t max_type_chunks = 65536;  // ResTable_type chunks, over all packages
  int max_reference_depth = 8;          // @string/a -> @string/b -> ...
};

// One ResTable_config, reduced to what the library reads.
struct ResConfig {
  std::string language;           // "", "en", "fil"
  std::string region;             // "", "US", "419"
  std::uint16_t density = 0;      // dpi; 0 = any. 0xfffe anydpi, 0xffff nodpi
  bool other_qualifiers = false;  // mcc, orientation, screen size, sdk version, night...

  // "en-US", "fr", or "" for no locale.
  std::string Locale() const;
  bool operator==(const ResConfig&) const = default;
};

// A parsed resources.arsc. Holds views into the bytes, which must outlive it.
class ResTable {
 public:
  // Errors: kInvalidPackage ("resources.arsc: ...") for a malformed table or a limit
  // exceeded. Unknown chunk types are skipped. Thread-safety: a pure function.
  static Result<ResTable> Parse(std::string_view bytes, const ResTableLimits& limits = {});

  // The string resource id resolves to for a device of this locale ("" = none, "fr-FR",
  // "fr"), references followed: the entry of that language and region, else of that
  // language without region, else the default (no locale; fewest other qualifiers first).
  // nullopt when the id has no string value there. Errors: kInvalidPackage (a malformed
  // entry or string, a reference loop deeper than the limit).
  Result<std::optional<std::string>> ResolveString(std::uint32_t id,
                                                   std::string_view locale = "") const;

  // The configurations the table's entries are defined in, each once, in table order.
  const std::vector<ResConfig>& configs() const { return configs_; }

 private:
  struct TypeChunk {
    std::uint8_t package_id = 0;
    std::uint8_t type_id = 0;
    ResConfig config;
    std::string_view bytes;  // the whole chunk
    std::uint32_t entry_count = 0;
    std::uint32_t entries_start = 0;
    std::size_t offsets = 0;  // where the offset table starts
    bool sparse = false;
    bool offset16 = false;
  };

  ResTable() = default;
  Status AddPackage(std::string_view chunk, std::uint16_t header_size);
  // Where entry lies in type's entries, or nullopt when type does not define it.
  Result<std::optional<std::uint32_t>> EntryOffset(const TypeChunk& type,
                                                   std::uint32_t entry) const;
  Result<std::optional<std::string>> Resolve(std::uint32_t id, std::string_view locale,
                                             int depth) const;

  ResTableLimits limits_;
  std::optional<ResStringPool> strings_;
  std::vector<TypeChunk> types_;
  std::vector<ResConfig> configs_;
};

// Reads and parses the APK's resources.arsc (at most limits.max_bytes) into *bytes, which
// the table then views. nullopt when the APK has none. Errors: kInvalidPackage, kUnavailable.
Result<std::optional<ResTable>> ReadResTable(const ZipArchive& apk, std::string* bytes,
                                             const ResTableLimits& limits = {});

}  // namespace appvault::pkg
