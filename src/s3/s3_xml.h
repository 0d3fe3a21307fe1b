// The little of XML an S3 reply needs: the texts of the elements with a given name, in
// document order, entities decoded. S3's replies (ListObjectsV2, ListMultipartUploads,
// InitiateMultipartUpload, Error) are flat records of simple elements; this reader takes
// exactly that and nothing more (no attributes are read, CDATA and comments are not expected).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace appvault::s3 {

// The raw contents of every <tag>…</tag> (or <tag/>: "") in xml, in order; an element whose
// end is missing ends the list. Nested elements of the same name are not supported.
std::vector<std::string_view> XmlBlocks(std::string_view xml, std::string_view tag);

// The first XmlBlocks(xml, tag), with &lt; &gt; &amp; &quot; &apos; and &#N; / &#xN; decoded;
// nullopt when absent or when an entity is malformed.
std::optional<std::string> XmlText(std::string_view xml, std::string_view tag);

// An S3 time (ISO 8601, UTC: 2026-12-06T21:30:00.000Z, fraction optional) in seconds since
// the Unix epoch; nullopt when it does not parse.
std::optional<std::int64_t> ParseIsoTime(std::string_view text);

}  // namespace appvault::s3
