#include "client/package_config.h"

#include "client/config_tree.h"
#include "pkg/ipa.h"
#include "pkg/zip.h"

namespace appvault::client {
namespace {

constexpr std::string_view kApkConfigPrefix = "assets/appvault/config/";
constexpr std::string_view kIpaConfigFolder = "appvault/config/";

Result<std::string> ConfigPrefix(const pkg::ZipArchive& zip, Platform platform) {
  if (platform == Platform::kAndroid) return std::string(kApkConfigPrefix);
  Result<std::string> app_folder = pkg::FindIpaAppFolder(zip.entries());
  if (!app_folder.ok()) return app_folder.status();
  return *app_folder + std::string(kIpaConfigFolder);
}

Status CopyEntry(const pkg::ZipArchive& zip, const pkg::ZipEntry& entry, std::string_view name,
                 ConfigTreeWriter& writer) {
  if (name.ends_with('/')) return writer.AddFolder(name);
  return writer.AddFile(name, entry.uncompressed_size,
                        [&](const ChunkSink& sink) { return zip.ReadEntry(entry, sink); });
}

}  // namespace

Result<std::uint64_t> ExtractGeneratedConfig(const std::string& package_path, Platform platform,
                                             const std::string& dest, const ConfigLimits& limits) {
  Result<std::unique_ptr<pkg::RandomAccessFile>> file = pkg::OpenFile(package_path);
  if (!file.ok()) return file.status();
  Result<pkg::ZipArchive> zip = pkg::ZipArchive::Open(**file);
  if (!zip.ok()) return zip.status();
  Result<std::string> prefix = ConfigPrefix(*zip, platform);
  if (!prefix.ok()) return prefix.status();
  ConfigTreeWriter writer(dest, limits);
  for (const pkg::ZipEntry& entry : zip->entries()) {
    if (!entry.name.starts_with(*prefix)) continue;
    std::string_view name = std::string_view(entry.name).substr(prefix->size());
    if (name.empty()) continue;  // the configuration folder itself
    Status copied = CopyEntry(*zip, entry, name, writer);
    if (copied.code() == StatusCode::kInvalidArgument) {
      return Status(StatusCode::kInvalidPackage, "generated configuration: " + copied.message());
    }
    if (!copied.ok()) return copied;
  }
  return writer.files();
}

}  // namespace appvault::client
