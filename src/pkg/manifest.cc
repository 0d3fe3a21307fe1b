#include "pkg/manifest.h"

#include <charconv>
#include <limits>

#include "core/app_id.h"
#include "pkg/binary_xml.h"

namespace appvault::pkg {
namespace {

using OptionalInt = std::optional<std::int64_t>;

Status ManifestError(const std::string& why) {
  return Status(StatusCode::kInvalidPackage, "AndroidManifest.xml: " + why);
}

// The first element at depth 2 (a child of <manifest>) with this name, or nullptr.
const XmlElement* FindChild(const std::vector<XmlElement>& elements, std::string_view name) {
  for (const XmlElement& element : elements) {
    if (element.depth == 2 && element.ns.empty() && element.name == name) return &element;
  }
  return nullptr;
}

// A decimal integer written as a string (aapt keeps some numbers as text).
Result<std::int64_t> ParseDecimal(std::string_view attribute, const std::string& text) {
  std::int64_t value = 0;
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (ec != std::errc() || end != text.data() + text.size() || text.empty() || value < 0 ||
      value > std::numeric_limits<std::int32_t>::max()) {
    return ManifestError("android:" + std::string(attribute) + " is not an integer: \"" + text +
                         "\" (preview codenames are not accepted)");
  }
  return value;
}

// An integer attribute of element: nullopt when element or attribute is absent.
Result<OptionalInt> IntAttribute(const XmlElement* element, std::uint32_t id,
                                 std::string_view name) {
  const XmlAttribute* a = element ? FindAndroidAttribute(*element, id, name) : nullptr;
  if (a == nullptr) return OptionalInt();
  switch (a->type) {
    case XmlValueType::kIntDec:
    case XmlValueType::kIntHex:
      return OptionalInt(static_cast<std::int32_t>(a->data));
    case XmlValueType::kString: {
      Result<std::int64_t> value = ParseDecimal(name, a->string_value);
      if (!value.ok()) return value.status();
      return OptionalInt(*value);
    }
    case XmlValueType::kReference:
      return ManifestError("android:" + std::string(name) +
                           " is a resource reference, which is not supported");
    default:
      return ManifestError("android:" + std::string(name) + " has an unexpected value type " +
                           std::to_string(static_cast<int>(a->type)));
  }
}

// A text attribute: the string, a number as decimal text, "" when absent or a reference.
std::string TextAttribute(const XmlElement* element, std::uint32_t id, std::string_view name) {
  const XmlAttribute* a = element ? FindAndroidAttribute(*element, id, name) : nullptr;
  if (a == nullptr || a->type == XmlValueType::kReference) return "";
  if (a->type == XmlValueType::kIntDec) return std::to_string(static_cast<std::int32_t>(a->data));
  return a->string_value;
}

Result<std::string> PackageName(const XmlElement& manifest) {
  for (const XmlAttribute& a : manifest.attributes) {
    if (!a.ns.empty() || a.name != "package") continue;
    if (a.type != XmlValueType::kString) return ManifestError("package is not a string");
    Result<AppId> id = AppId::ParseFor(Platform::kAndroid, a.string_value);
    if (!id.ok()) return ManifestError("bad package name: " + id.status().message());
    return a.string_value;
  }
  return ManifestError("no package attribute");
}

Result<std::int64_t> VersionCode(const XmlElement& manifest) {
  Result<OptionalInt> code = IntAttribute(&manifest, kAttrVersionCode, "versionCode");
  if (!code.ok()) return code.status();
  if (!code->has_value()) return ManifestError("no android:versionCode");
  Result<OptionalInt> major = IntAttribute(&manifest, kAttrVersionCodeMajor, "versionCodeMajor");
  if (!major.ok()) return major.status();
  const std::int64_t high = major->value_or(0);
  if (high < 0) {
    return ManifestError("android:versionCodeMajor is negative");  // int32, so never too large
  }
  // As Android's getLongVersionCode(): versionCode's 32 bits, unsigned, below the major.
  return (high << 32) | static_cast<std::int64_t>(static_cast<std::uint32_t>(**code));
}

Status ReadSdkVersions(const XmlElement* uses_sdk, AndroidManifest* out) {
  Result<OptionalInt> min = IntAttribute(uses_sdk, kAttrMinSdkVersion, "minSdkVersion");
  if (!min.ok()) return min.status();
  Result<OptionalInt> target = IntAttribute(uses_sdk, kAttrTargetSdkVersion, "targetSdkVersion");
  if (!target.ok()) return target.status();
  Result<OptionalInt> max = IntAttribute(uses_sdk, kAttrMaxSdkVersion, "maxSdkVersion");
  if (!max.ok()) return max.status();
  out->min_sdk = min->value_or(1);
  out->target_sdk = target->value_or(out->min_sdk);
  out->max_sdk = *max;
  if (out->min_sdk < 0 || out->target_sdk < 0 || (out->max_sdk && *out->max_sdk < 0)) {
    return ManifestError("negative SDK version in <uses-sdk>");
  }
  return Status::Ok();
}

// An attribute without namespace (aapt writes split and configForSplit so), or nullptr.
const XmlAttribute* PlainAttribute(const XmlElement& element, std::string_view name) {
  for (const XmlAttribute& a : element.attributes) {
    if (a.ns.empty() && a.name == name) return &a;
  }
  return nullptr;
}

// A split name as Android accepts it: dot-separated Java identifiers ("config.xxhdpi",
// "feature_camera", "config.arm64_v8a").
bool ValidSplitName(std::string_view name) {
  if (name.empty() || name.size() > 255) return false;
  bool start = true;
  for (char c : name) {
    const bool letter = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_';
    const bool digit = c >= '0' && c <= '9';
    if (c == '.') {
      if (start) return false;
      start = true;
    } else if (letter || (digit && !start)) {
      start = false;
    } else {
      return false;
    }
  }
  return !start;
}

Result<std::string> SplitName(const XmlElement& manifest, std::string_view attribute) {
  const XmlAttribute* a = PlainAttribute(manifest, attribute);
  if (a == nullptr) return std::string();
  if (a->type != XmlValueType::kString || !ValidSplitName(a->string_value)) {
    return ManifestError(std::string(attribute) + " is not a valid split name: \"" +
                         a->string_value + "\"");
  }
  return a->string_value;
}

std::vector<std::string> CommaList(const std::string& text) {
  std::vector<std::string> out;
  std::size_t start = 0;
  while (start <= text.size()) {
    std::size_t end = text.find(',', start);
    if (end == std::string::npos) end = text.size();
    std::string item = text.substr(start, end - start);
    while (!item.empty() && item.front() == ' ')
      item.erase(0, 1);
    while (!item.empty() && item.back() == ' ')
      item.pop_back();
    if (!item.empty()) out.push_back(item);
    start = end + 1;
  }
  return out;
}

Status ReadSplitFacts(const XmlElement& root, AndroidManifest* out) {
  Result<std::string> split = SplitName(root, "split");
  if (!split.ok()) return split.status();
  Result<std::string> config_for = SplitName(root, "configForSplit");
  if (!config_for.ok()) return config_for.status();
  out->split = *split;
  out->config_for_split = *config_for;
  const XmlAttribute* feature = FindAndroidAttribute(root, kAttrIsFeatureSplit, "isFeatureSplit");
  out->is_feature_split =
      feature != nullptr && feature->type == XmlValueType::kIntBoolean && feature->data != 0;
  out->required_split_types =
      CommaList(TextAttribute(&root, kAttrRequiredSplitTypes, "requiredSplitTypes"));
  out->split_types = CommaList(TextAttribute(&root, kAttrSplitTypes, "splitTypes"));
  return Status::Ok();
}

}  // namespace

Result<AndroidManifest> ParseAndroidManifest(std::string_view binary_xml) {
  Result<std::vector<XmlElement>> elements = ParseBinaryXml(binary_xml);
  if (!elements.ok()) return ManifestError(elements.status().message());
  const XmlElement& root = elements->front();
  if (!root.ns.empty() || root.name != "manifest") {
    return ManifestError("root element is <" + root.name + ">, not <manifest>");
  }
  AndroidManifest manifest;
  Result<std::string> package = PackageName(root);
  if (!package.ok()) return package.status();
  manifest.package = *package;
  Result<std::int64_t> code = VersionCode(root);
  if (!code.ok()) return code.status();
  manifest.version_code = *code;
  manifest.version_name = TextAttribute(&root, kAttrVersionName, "versionName");
  Status s = ReadSdkVersions(FindChild(*elements, "uses-sdk"), &manifest);
  if (!s.ok()) return s;
  const XmlElement* application = FindChild(*elements, "application");
  manifest.label = TextAttribute(application, kAttrLabel, "label");
  const XmlAttribute* label =
      application ? FindAndroidAttribute(*application, kAttrLabel, "label") : nullptr;
  if (label != nullptr && label->type == XmlValueType::kReference) manifest.label_ref = label->data;
  if (Status split = ReadSplitFacts(root, &manifest); !split.ok()) return split;
  return manifest;
}

Result<AndroidManifest> ReadAndroidManifest(const ZipArchive& apk) {
  const ZipEntry* entry = apk.Find("AndroidManifest.xml");
  if (entry == nullptr) return ManifestError("missing from the APK");
  Result<std::string> bytes = apk.ReadEntryToString(*entry, kMaxManifestBytes);
  if (!bytes.ok()) return bytes.status();
  return ParseAndroidManifest(*bytes);
}

}  // namespace appvault::pkg
