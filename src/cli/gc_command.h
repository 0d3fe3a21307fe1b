// `appvaultd gc [--data DIR] [--database URL] [--grace DURATION] [--dry-run]`: deletes the
// blobs nothing references any more (CONTRACT §6; gc/collector.h says what and how).
#pragma once

#include <chrono>

#include "cli/data_options.h"

namespace appvault::cli {

struct GcOptions {
  DataOptions data;
  std::chrono::seconds grace = std::chrono::hours(24);
  bool dry_run = false;
};

// One collection of the data folder, safe beside a running server on the same folder.
// Prints one line per blob deleted ("deleted SHA256 (what, N bytes)"; a dry run: "would
// delete …") and a summary on stdout. Returns kExitOk, kExitFailure when the data cannot be
// opened or a step fails (what was deleted before stays deleted, safely), kExitUsage for a
// bad --database.
int RunGc(const GcOptions& options);

}  // namespace appvault::cli
