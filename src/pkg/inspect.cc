#include "pkg/inspect.h"

#include <vector>

#include "pkg/apk_signature.h"
#include "pkg/content_digest.h"
#include "pkg/ipa.h"
#include "pkg/manifest.h"
#include "pkg/native_abis.h"
#include "pkg/res_table.h"
#include "pkg/zip.h"

namespace appvault::pkg {
namespace {

constexpr const char* kAndroidManifest = "AndroidManifest.xml";
bool HasPayload(const ZipArchive& zip) {
  for (const ZipEntry& entry : zip.entries()) {
    if (entry.name.rfind("Payload/", 0) == 0) return true;
  }
  return false;
}

// The API levels a manifest claims: minSdkVersion..maxSdkVersion (open when absent).
SdkRange ClaimedLevels(const AndroidManifest& manifest) {
  SdkRange levels;
  levels.min = static_cast<int>(manifest.min_sdk);
  if (manifest.max_sdk) levels.max = static_cast<int>(*manifest.max_sdk);
  return levels;
}

// The label for locale and per locale of the table, when the manifest names it by reference.
Status ResolveLabels(const ResTable& table, std::uint32_t ref, const std::string& locale,
                     PackageFacts* facts) {
  Result<std::optional<std::string>> label = table.ResolveString(ref, locale);
  if (!label.ok()) return label.status();
  facts->label = label->value_or("");
  for (const ResConfig& config : table.configs()) {
    const std::string name = config.Locale();
    if (name.empty() || facts->labels.contains(name)) continue;
    Result<std::optional<std::string>> localized = table.ResolveString(ref, name);
    if (!localized.ok()) return localized.status();
    if (localized->has_value()) facts->labels[name] = **localized;
  }
  return Status::Ok();
}

// The facts only resources.arsc gives: a label given as a reference, what a configuration
// split serves. The table is read only when one of them is needed.
Status AddResourceFacts(const ZipArchive& zip, const AndroidManifest& manifest,
                        const std::string& locale, PackageFacts* facts) {
  const bool config_split = !manifest.split.empty() && !manifest.is_feature_split;
  if (!manifest.label_ref && !config_split) return Status::Ok();
  std::string bytes;
  Result<std::optional<ResTable>> table = ReadResTable(zip, &bytes);
  if (!table.ok()) return table.status();
  if (manifest.label_ref && table->has_value()) {
    if (Status s = ResolveLabels(**table, *manifest.label_ref, locale, facts); !s.ok()) return s;
  }
  if (!config_split) return Status::Ok();
  Result<SplitServes> serves = ServedBySplit(manifest.split, facts->abis,
                                             table->has_value() ? &(*table)->configs() : nullptr);
  if (!serves.ok()) return serves.status();
  facts->serves = *serves;
  return Status::Ok();
}

Result<PackageFacts> InspectApk(const ZipArchive& zip, const InspectOptions& inspect) {
  Result<AndroidManifest> manifest = ReadAndroidManifest(zip);
  if (!manifest.ok()) return manifest.status();
  if (manifest->max_sdk && *manifest->max_sdk < manifest->min_sdk) {
    return Status(StatusCode::kInvalidPackage,
                  "AndroidManifest.xml: android:maxSdkVersion is below android:minSdkVersion");
  }
  VerifyOptions options;
  options.target_sdk = static_cast<int>(manifest->target_sdk);
  options.levels = ClaimedLevels(*manifest);
  // From Android 7.0 on, a device that finds a v2/v3 signature ignores the JAR one; apksigner
  // likewise checks v1 alongside v2/v3 only for a lower minSdkVersion.
  options.check_v1_alongside_v2 = options.levels.min < kSdkV2;
  options.known_sha256 = inspect.known_sha256;
  options.known_chunk_sha256 = inspect.known_chunk_sha256;
  Result<ApkSignature> signature = VerifyApkSignatures(zip, options);
  if (!signature.ok()) return signature.status();
  Result<AppId> app = AppId::ParseFor(Platform::kAndroid, manifest->package);
  if (!app.ok()) return Status(StatusCode::kInvalidPackage, app.status().message());
  PackageFacts facts;
  facts.platform = Platform::kAndroid;
  facts.app = *app;
  facts.version = Version::Android(manifest->version_code);
  facts.version_name = manifest->version_name;
  facts.label = manifest->label;
  facts.min_os = Version::Android(manifest->min_sdk);
  if (manifest->max_sdk) facts.max_os = Version::Android(*manifest->max_sdk);
  facts.abis = NativeAbis(zip.entries());
  facts.schemes = signature->schemes;
  facts.signer_sha256 = signature->signer_sha256;
  facts.signer_subject = signature->signer_subject;
  facts.signer_lineage = signature->signer_lineage;
  facts.sha256 = signature->sha256;
  facts.size = signature->size;
  facts.label_ref = manifest->label_ref;
  facts.split = manifest->split;
  facts.config_for_split = manifest->config_for_split;
  facts.is_feature_split = manifest->is_feature_split;
  facts.required_split_types = manifest->required_split_types;
  facts.split_types = manifest->split_types;
  if (Status s = AddResourceFacts(zip, *manifest, inspect.locale, &facts); !s.ok()) return s;
  return facts;
}

Result<PackageFacts> InspectIpa(const ZipArchive& zip, const InspectOptions& inspect) {
  Result<IpaInfo> info = ReadIpa(zip);
  if (!info.ok()) return info.status();
  Result<AppId> app = AppId::ParseFor(Platform::kIos, info->bundle_id);
  Result<Version> version = Version::Parse(Platform::kIos, info->bundle_version);
  if (!app.ok() || !version.ok()) {
    return Status(StatusCode::kInvalidPackage, "Info.plist: invalid bundle id or version");
  }
  PackageFacts facts;
  facts.platform = Platform::kIos;
  facts.app = *app;
  facts.version = *version;
  facts.version_name = info->short_version;
  facts.label = info->display_name;
  if (!info->minimum_os.empty()) {
    Result<Version> min_os = Version::Parse(Platform::kIos, info->minimum_os);
    if (!min_os.ok()) return Status(StatusCode::kInvalidPackage, min_os.status().message());
    facts.min_os = *min_os;
  }
  ApkSections sections{zip.central_directory_offset(), zip.central_directory_offset(),
                       zip.eocd_offset()};
  DigestOptions digest_options;
  digest_options.known_sha256 = inspect.known_sha256;
  Result<FileDigests> digests = ComputeFileDigests(zip.file(), sections, {}, digest_options);
  if (!digests.ok()) return digests.status();
  facts.sha256 = digests->sha256;
  facts.size = digests->size;
  return facts;
}

}  // namespace

Result<PackageFacts> InspectPackage(const std::string& path, const InspectOptions& options) {
  auto file = OpenFile(path);
  if (!file.ok()) return file.status();
  Result<ZipArchive> zip = ZipArchive::Open(**file);
  if (!zip.ok()) return zip.status();
  if (zip->Find(kAndroidManifest) != nullptr) return InspectApk(*zip, options);
  if (HasPayload(*zip)) return InspectIpa(*zip, options);
  return Status(StatusCode::kInvalidPackage,
                "neither an APK (no AndroidManifest.xml) nor an IPA (no Payload/ folder)");
}

}  // namespace appvault::pkg
