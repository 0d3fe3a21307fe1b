// libFuzzer target: ZipArchive::Open on arbitrary bytes, then every entry read to the end.
// Small limits keep each input fast; any outcome but a crash, a leak or UB is fine.
#include <cstddef>
#include <cstdint>
#include <memory>
#include <string_view>

#include "pkg/zip.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using appvault::pkg::ZipArchive;
  const std::unique_ptr<appvault::pkg::RandomAccessFile> file =
      appvault::pkg::MemoryFile(std::string_view(reinterpret_cast<const char*>(data), size));
  appvault::pkg::ZipLimits limits;
  limits.max_entries = 1024;
  limits.max_entry_size = 16u << 20;
  limits.max_total_size = 64u << 20;
  appvault::Result<ZipArchive> zip = ZipArchive::Open(*file, limits);
  if (!zip.ok()) return 0;
  for (const appvault::pkg::ZipEntry& entry : zip->entries()) {
    (void)zip->ReadEntry(entry, [](std::string_view) { return appvault::Status::Ok(); });
  }
  return 0;
}
