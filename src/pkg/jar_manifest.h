// The JAR manifest format of META-INF/MANIFEST.MF and the *.SF signature files: sections of
// "Name: value" lines separated by empty lines; a line starting with a space continues the
// previous one; lines end with CRLF, LF or CR. Parsed as Android's apksig does.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "core/status.h"

namespace appvault::pkg {

// Sections in one manifest at most (an APK has at most ZipLimits::max_entries entries).
inline constexpr std::size_t kMaxManifestSections = 1u << 17;

struct ManifestAttribute {
  std::string name;
  std::string value;
};

struct ManifestSection {
  std::size_t offset = 0;  // first byte of the section's first line
  std::size_t size = 0;    // up to and including the empty line that ends it
  std::vector<ManifestAttribute> attributes;

  // The value of the first attribute with this name (case-insensitive), or nullptr.
  const std::string* Get(std::string_view name) const;
};

// Parses text into sections; the first is the main section, the others are per-entry
// sections (their "Name" attribute names the entry). A line without ": " is an attribute
// with an empty value. Errors: kBadSignature when there are more than
// kMaxManifestSections sections.
Result<std::vector<ManifestSection>> ParseJarManifest(std::string_view text);

}  // namespace appvault::pkg
