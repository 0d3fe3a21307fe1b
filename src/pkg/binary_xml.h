// Android binary XML: the compiled form aapt/aapt2 write for AndroidManifest.xml and
// res/xml. A ResXMLTree chunk holding a string pool (UTF-8 or UTF-16), an optional resource
// map (attribute name index -> resource id) and element chunks whose attributes carry typed
// values (Res_value). The parser checks every offset, count and index against the bytes it
// was given and never sizes an allocation from an unchecked count.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "core/status.h"

namespace appvault::pkg {

// Res_value::dataType. Values outside the named ones are kept as they are.
enum class XmlValueType : std::uint8_t {
  kNull = 0x00,
  kReference = 0x01,
  kAttribute = 0x02,
  kString = 0x03,
  kFloat = 0x04,
  kDimension = 0x05,
  kFraction = 0x06,
  kDynamicReference = 0x07,
  kDynamicAttribute = 0x08,
  kIntDec = 0x10,
  kIntHex = 0x11,
  kIntBoolean = 0x12,
  kIntColorArgb8 = 0x1c,
  kIntColorRgb8 = 0x1d,
  kIntColorArgb4 = 0x1e,
  kIntColorRgb4 = 0x1f,
};

// The android: namespace URI.
inline constexpr std::string_view kAndroidNamespace = "http://schemas.android.com/apk/res/android";

struct XmlAttribute {
  std::string ns;  // namespace URI; "" when none
  std::string name;
  std::uint32_t resource_id = 0;  // from the resource map; 0 when the name has none
  XmlValueType type = XmlValueType::kNull;
  std::uint32_t data = 0;    // the typed value's 32 bits: int, boolean, reference id...
  std::string string_value;  // kString: the string; otherwise the raw text, if any
};

struct XmlElement {
  std::string ns;  // namespace URI; "" when none
  std::string name;
  std::size_t depth = 0;  // 1 for the root element, 2 for its children...
  std::vector<XmlAttribute> attributes;
};

// Limits, documented in docs/packages.md.
struct BinaryXmlLimits {
  std::size_t max_elements = 65536;
  std::size_t max_depth = 256;
  // Decoded text (names and values copied into the result) across the whole document; bounds
  // the result's size when many attributes name one large string.
  std::uint64_t max_text_bytes = 16u << 20;
};

// Parses compiled XML into its start tags in document order (depth gives the nesting).
// Strings come out as UTF-8; invalid UTF-16/UTF-8 sequences become U+FFFD.
// Errors: kInvalidPackage with the reason (not binary XML, truncated or overlong chunk,
// malformed string pool, string or attribute out of range, unbalanced tags, more than one
// root element, a limit exceeded). Thread-safety: a pure function.
Result<std::vector<XmlElement>> ParseBinaryXml(std::string_view bytes,
                                               const BinaryXmlLimits& limits = {});

// The attribute with this resource id; failing that, one without a resource id named name in
// the android namespace. nullptr when neither is there.
const XmlAttribute* FindAndroidAttribute(const XmlElement& element, std::uint32_t resource_id,
                                         std::string_view name);

}  // namespace appvault::pkg
