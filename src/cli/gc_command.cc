#include "cli/gc_command.h"

#include <cstdio>
#include <ctime>

#include "base/duration.h"
#include "cli/exit_codes.h"
#include "gc/collector.h"

namespace appvault::cli {

int RunGc(const GcOptions& options) {
  Result<std::unique_ptr<store::MetadataStore>> store = OpenMetadataStore(options.data);
  if (!store.ok()) return ReportFailure(store.status());
  Result<std::unique_ptr<blob::BlobStore>> blobs = OpenBlobStore(options.data);
  if (!blobs.ok()) return ReportFailure(blobs.status());
  const gc::CollectOptions collect{
      .grace = options.grace, .dry_run = options.dry_run, .fault = nullptr};
  Result<gc::CollectReport> report =
      gc::Collect(**store, **blobs, static_cast<std::int64_t>(::time(nullptr)), collect);
  if (!report.ok()) return ReportFailure(report.status());
  std::uint64_t bytes = 0;
  for (const gc::Garbage& garbage : report->deleted) {
    std::printf("%s %s (%s)\n", options.dry_run ? "would delete" : "deleted",
                garbage.sha256.Hex().c_str(), gc::Describe(garbage).c_str());
    bytes += garbage.size;
  }
  const std::string grace = base::FormatDuration(options.grace);
  if (options.dry_run) {
    std::printf(
        "%zu blobs (%llu bytes) would be deleted: unreferenced and older than %s; "
        "nothing was deleted (--dry-run)\n",
        report->deleted.size(), static_cast<unsigned long long>(bytes), grace.c_str());
  } else {
    std::printf(
        "%zu blobs deleted, %llu bytes freed (unreferenced and older than %s); "
        "%zu abandoned uploads removed (%llu bytes)\n",
        report->deleted.size(), static_cast<unsigned long long>(report->bytes_freed), grace.c_str(),
        report->abandoned_uploads, static_cast<unsigned long long>(report->abandoned_bytes));
  }
  return kExitOk;
}

}  // namespace appvault::cli
