// libFuzzer target: the APK Signing Block and the signature schemes inside it.
// The input is parsed three ways: as the pairs section of a block, as a file whose central
// directory would start at its end (FindSigningBlock), and — when it opens as a zip — as a
// whole APK through VerifyApkSignatures. Any outcome but a crash, a leak or UB is fine.
#include <cstddef>
#include <cstdint>
#include <memory>
#include <string_view>

#include "pkg/apk_signature.h"
#include "pkg/signing_block.h"
#include "pkg/zip.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  namespace pkg = appvault::pkg;
  const std::string_view bytes(reinterpret_cast<const char*>(data), size);
  (void)pkg::ParseSigningBlockPairs(bytes);
  const std::unique_ptr<pkg::RandomAccessFile> file = pkg::MemoryFile(bytes);
  (void)pkg::FindSigningBlock(*file, file->size());
  pkg::ZipLimits limits;
  limits.max_entries = 256;
  limits.max_entry_size = 4u << 20;
  limits.max_total_size = 16u << 20;
  appvault::Result<pkg::ZipArchive> zip = pkg::ZipArchive::Open(*file, limits);
  if (!zip.ok()) return 0;
  pkg::VerifyOptions options;
  options.threads = 1;
  (void)pkg::VerifyApkSignatures(*zip, options);
  return 0;
}
