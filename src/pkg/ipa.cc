#include "pkg/ipa.h"

#include <plist/plist.h>

#include <memory>
#include <optional>
#include <set>

#include "core/app_id.h"
#include "core/version.h"
#include "pkg/res_string_pool.h"

namespace appvault::pkg {
namespace {

constexpr std::string_view kPayload = "Payload/";
constexpr std::string_view kAppSuffix = ".app";

using OptionalText = std::optional<std::string>;

struct PlistDeleter {
  void operator()(plist_t node) const { plist_free(node); }
};
// Owns a parsed plist tree (plist_t is a void*).
using PlistPtr = std::unique_ptr<void, PlistDeleter>;

Status IpaError(const std::string& why) {
  return Status(StatusCode::kInvalidPackage, "IPA: " + why);
}

// The value of a string (or unsigned integer) key of dict; nullopt when absent.
Result<OptionalText> TextValue(plist_t dict, const char* key) {
  plist_t node = plist_dict_get_item(dict, key);
  if (node == nullptr) return OptionalText();
  if (plist_get_node_type(node) == PLIST_UINT) {
    std::uint64_t value = 0;
    plist_get_uint_val(node, &value);
    return OptionalText(std::to_string(value));
  }
  if (plist_get_node_type(node) != PLIST_STRING) {
    return IpaError(std::string("Info.plist ") + key + " is not a string");
  }
  std::uint64_t length = 0;
  const char* text = plist_get_string_ptr(node, &length);
  if (text == nullptr) return OptionalText(std::string());
  return OptionalText(SanitizeUtf8(std::string_view(text, length)));
}

Status CheckVersion(const char* key, const std::string& text) {
  Result<Version> version = Version::Parse(Platform::kIos, text);
  if (version.ok()) return Status::Ok();
  return IpaError(std::string("Info.plist ") + key + ": " + version.status().message());
}

// Reads the keys of the root dictionary into info.
Status ReadKeys(plist_t dict, IpaInfo* info) {
  struct Key {
    const char* name;
    std::string* out;
  };
  std::string bundle_name;
  for (const Key& key :
       {Key{"CFBundleIdentifier", &info->bundle_id}, Key{"CFBundleVersion", &info->bundle_version},
        Key{"CFBundleShortVersionString", &info->short_version},
        Key{"MinimumOSVersion", &info->minimum_os}, Key{"CFBundleDisplayName", &info->display_name},
        Key{"CFBundleName", &bundle_name}}) {
    Result<OptionalText> value = TextValue(dict, key.name);
    if (!value.ok()) return value.status();
    *key.out = value->value_or("");
  }
  if (info->display_name.empty()) info->display_name = bundle_name;
  return Status::Ok();
}

Status Validate(const IpaInfo& info) {
  if (info.bundle_id.empty()) return IpaError("Info.plist has no CFBundleIdentifier");
  Result<AppId> id = AppId::ParseFor(Platform::kIos, info.bundle_id);
  if (!id.ok()) return IpaError("bad CFBundleIdentifier: " + id.status().message());
  if (info.bundle_version.empty()) return IpaError("Info.plist has no CFBundleVersion");
  Status s = CheckVersion("CFBundleVersion", info.bundle_version);
  if (s.ok() && !info.minimum_os.empty()) s = CheckVersion("MinimumOSVersion", info.minimum_os);
  return s;
}

// "<Name>.app" when name is Payload/<Name>.app/..., else "".
std::string_view AppFolderOf(std::string_view name) {
  if (!name.starts_with(kPayload)) return {};
  name.remove_prefix(kPayload.size());
  const std::size_t slash = name.find('/');
  if (slash == std::string_view::npos) return {};
  const std::string_view folder = name.substr(0, slash);
  if (folder.size() <= kAppSuffix.size() || !folder.ends_with(kAppSuffix)) return {};
  return folder;
}

}  // namespace

Result<std::string> FindIpaAppFolder(const std::vector<ZipEntry>& entries) {
  std::set<std::string_view> folders;
  for (const ZipEntry& entry : entries) {
    const std::string_view folder = AppFolderOf(entry.name);
    if (!folder.empty()) folders.insert(folder);
  }
  if (folders.empty()) return IpaError("no Payload/<Name>.app folder");
  if (folders.size() > 1) {
    std::string names;
    for (std::string_view folder : folders)
      names += (names.empty() ? "" : ", ") + std::string(folder);
    return IpaError("several .app folders in Payload/: " + names);
  }
  return std::string(kPayload) + std::string(*folders.begin()) + "/";
}

Result<IpaInfo> ParseInfoPlist(std::string_view bytes) {
  if (bytes.empty()) return IpaError("Info.plist is empty");
  if (bytes.size() > kMaxInfoPlistBytes) return IpaError("Info.plist too large");
  plist_t raw = nullptr;
  plist_from_memory(bytes.data(), static_cast<std::uint32_t>(bytes.size()), &raw);
  PlistPtr root(raw);
  if (root == nullptr) return IpaError("Info.plist is not a property list");
  if (plist_get_node_type(root.get()) != PLIST_DICT) {
    return IpaError("Info.plist is not a dictionary");
  }
  IpaInfo info;
  Status s = ReadKeys(root.get(), &info);
  if (s.ok()) s = Validate(info);
  if (!s.ok()) return s;
  return info;
}

Result<IpaInfo> ReadIpa(const ZipArchive& ipa) {
  Result<std::string> folder = FindIpaAppFolder(ipa.entries());
  if (!folder.ok()) return folder.status();
  const ZipEntry* entry = ipa.Find(*folder + "Info.plist");
  if (entry == nullptr) return IpaError("no " + *folder + "Info.plist");
  Result<std::string> bytes = ipa.ReadEntryToString(*entry, kMaxInfoPlistBytes);
  if (!bytes.ok()) return bytes.status();
  Result<IpaInfo> info = ParseInfoPlist(*bytes);
  if (!info.ok()) return info.status();
  info->app_folder = *folder;
  return info;
}

}  // namespace appvault::pkg
