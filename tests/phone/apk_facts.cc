#include "phone/apk_facts.h"

#include "pkg/binary_xml.h"
#include "pkg/inspect.h"
#include "pkg/manifest.h"
#include "pkg/zip.h"

namespace appvault::phone {
namespace {

// android.R.attr ids (frameworks/base/core/res/res/values/public*.xml).
constexpr std::uint32_t kAttrDebuggable = 0x0101000f;
constexpr std::uint32_t kAttrIsFeatureSplit = 0x0101055b;
constexpr std::uint32_t kAttrIsSplitRequired = 0x01010591;

bool IsTrue(const pkg::XmlAttribute* a) {
  return a && a->type == pkg::XmlValueType::kIntBoolean && a->data != 0;
}

// An attribute without namespace (split, configForSplit are read so by ApkLiteParseUtils).
std::string Plain(const pkg::XmlElement& e, std::string_view name) {
  for (const pkg::XmlAttribute& a : e.attributes) {
    if (a.ns.empty() && a.name == name) return a.string_value;
  }
  return "";
}

Status NotApk(const std::string& phone_path, const std::string& why) {
  // PackageManagerException text of ParsingPackageUtils / ApkLiteParseUtils:
  // "Failed to parse " + apkPath + ": " + reason, code INSTALL_PARSE_FAILED_NOT_APK.
  return Status(StatusCode::kInvalidPackage,
                "INSTALL_PARSE_FAILED_NOT_APK: Failed to parse " + phone_path + ": " + why);
}

Status ReadManifestExtras(const std::string& host_path, const std::string& phone_path,
                          ApkFacts* facts) {
  auto file = pkg::OpenFile(host_path);
  if (!file.ok()) return NotApk(phone_path, file.status().message());
  auto zip = pkg::ZipArchive::Open(**file);
  if (!zip.ok()) return NotApk(phone_path, zip.status().message());
  const pkg::ZipEntry* entry = zip->Find("AndroidManifest.xml");
  if (!entry) return NotApk(phone_path, "no AndroidManifest.xml");
  auto bytes = zip->ReadEntryToString(*entry, pkg::kMaxManifestBytes);
  if (!bytes.ok()) return NotApk(phone_path, bytes.status().message());
  auto manifest = pkg::ParseAndroidManifest(*bytes);
  if (!manifest.ok()) return NotApk(phone_path, manifest.status().message());
  facts->target_sdk = manifest->target_sdk;
  auto elements = pkg::ParseBinaryXml(*bytes);
  if (!elements.ok()) return NotApk(phone_path, elements.status().message());
  for (const pkg::XmlElement& e : *elements) {
    if (e.depth == 1 && e.name == "manifest") {
      facts->split = Plain(e, "split");
      facts->config_for_split = Plain(e, "configForSplit");
      facts->is_feature_split =
          IsTrue(pkg::FindAndroidAttribute(e, kAttrIsFeatureSplit, "isFeatureSplit"));
      facts->split_required |=
          IsTrue(pkg::FindAndroidAttribute(e, kAttrIsSplitRequired, "isSplitRequired"));
    } else if (e.depth == 2 && e.name == "application") {
      facts->debuggable = IsTrue(pkg::FindAndroidAttribute(e, kAttrDebuggable, "debuggable"));
      facts->split_required |=
          IsTrue(pkg::FindAndroidAttribute(e, kAttrIsSplitRequired, "isSplitRequired"));
    }
  }
  return Status::Ok();
}

}  // namespace

Result<ApkFacts> ReadApkFacts(const std::string& host_path, const std::string& phone_path) {
  auto inspected = pkg::InspectPackage(host_path);
  if (!inspected.ok()) {
    const Status& s = inspected.status();
    // ApkSignatureVerifier.java: a package without any signature fails with
    // "Package <path> has no certificates at entry AndroidManifest.xml", a bad one with the
    // verifier's reason; ParsingPackageUtils wraps both in "Failed to collect certificates
    // from <path>" under INSTALL_PARSE_FAILED_NO_CERTIFICATES.
    if (s.code() == StatusCode::kUnsigned) {
      return Status(StatusCode::kInvalidPackage,
                    "INSTALL_PARSE_FAILED_NO_CERTIFICATES: Failed to collect certificates from " +
                        phone_path + ": Package " + phone_path +
                        " has no certificates at entry AndroidManifest.xml");
    }
    if (s.code() == StatusCode::kBadSignature) {
      return Status(StatusCode::kInvalidPackage,
                    "INSTALL_PARSE_FAILED_NO_CERTIFICATES: Failed to collect certificates from " +
                        phone_path + ": " + s.message());
    }
    return NotApk(phone_path, s.message());
  }
  if (inspected->platform != Platform::kAndroid) return NotApk(phone_path, "not an APK");
  ApkFacts facts;
  facts.package = inspected->app.str();
  facts.version_code = inspected->version.code();
  facts.version_name = inspected->version_name;
  facts.min_sdk = inspected->min_os ? inspected->min_os->code() : 1;
  facts.abis = inspected->abis;
  facts.signer_sha256 = inspected->signer_sha256 ? inspected->signer_sha256->Hex() : "";
  facts.size = inspected->size;
  Status extras = ReadManifestExtras(host_path, phone_path, &facts);
  if (!extras.ok()) return extras;
  return facts;
}

}  // namespace appvault::phone
