// `appvaultd check [--read-data]`: every blob the database names is on disk (and, with
// --read-data, still hashes to its name); blobs nothing references are listed as warnings.
#pragma once

#include "cli/data_options.h"

namespace appvault::cli {

struct CheckOptions {
  DataOptions data;
  bool read_data = false;
};

// Checks the blobs of the blob records and of every package in the library. Prints one
// line per problem ("missing BLOB …", "corrupt BLOB …"), one per unreferenced blob
// ("unreferenced BLOB …": a warning, which does not change the exit status) and a summary
// on stdout. Changes
// nothing on disk (the database is opened read-only, staged uploads are left alone), so it
// may run beside a server.
// Returns kExitOk when all is well, kExitFailure when anything is wrong or cannot be
// checked (no database, I/O errors), kExitUsage for a bad --database.
int RunCheck(const CheckOptions& options);

}  // namespace appvault::cli
