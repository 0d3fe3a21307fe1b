// Where appvaultd keeps its data: the data folder and the metadata database. Shared by
// `serve`, `user add` and `check`.
#pragma once

#include <cstdint>
#include <memory>
#include <string>

#include "blob/blob_store.h"
#include "core/status.h"
#include "store/store.h"

namespace appvault::cli {

struct DataOptions {
  std::string data_dir = "./appvault-data";
  std::string database;           // a URL; "" = sqlite:DATA/appvault.db
  std::size_t database_pool = 0;  // connections to the database; 0 = the store's default
  std::string blobs;              // a URL; "" = the folder DATA/blobs
  // An S3 blob store keeps verified copies of what it serves in DATA/blob-cache, up to this.
  std::uint64_t blob_cache_bytes = std::uint64_t{2} << 30;
};

// The metadata database a --database URL names, by scheme.
struct DatabaseUrl {
  enum class Kind { kSqlite, kPostgres };
  Kind kind = Kind::kSqlite;
  std::string target;  // kSqlite: the file's path; kPostgres: the whole URL, for libpq
};

// Parses the options' --database: "" (sqlite:DATA/appvault.db), sqlite:PATH, or
// postgresql://… / postgres://… (libpq's URI form; checked when connecting). Errors:
// kInvalidArgument naming the URL (without a password) for any other scheme or an empty
// path — a usage error (exit 2).
Result<DatabaseUrl> ParseDatabaseUrl(const DataOptions& options);

// How a command uses the data: kReadWrite creates what is missing, migrates the database
// and sweeps abandoned uploads (serve, user add); kReadOnly changes nothing on disk (check).
enum class DataAccess { kReadWrite, kReadOnly };

// Opens the metadata database the options' --database names (the factory choosing the
// store by scheme: SqliteStore or PostgresStore): read-write creates it (SQLite) and the
// data folder when missing and migrates it when older; read-only needs it to exist at this
// binary's schema version. Errors: ParseDatabaseUrl's; kInvalidArgument for a pool size
// outside 1..64 or a PostgreSQL URL libpq cannot parse; kUnavailable (a server that cannot
// be reached, named without its password), kDataLoss or kInternal from the store.
Result<std::unique_ptr<store::MetadataStore>> OpenMetadataStore(
    const DataOptions& options, DataAccess access = DataAccess::kReadWrite);

// Opens the blob store: the folder DATA/blobs, or the bucket of an s3:// URL (CONTRACT §9;
// its local cache in DATA/blob-cache). Read-write creates the folder when missing and
// removes staged uploads abandoned over an hour ago; read-only needs it to exist and
// changes nothing in a bucket. Errors: kInvalidArgument for a URL that is not s3:// or does
// not parse, or missing S3 credentials (a usage error); kUnavailable when the store cannot
// be reached or refuses the credentials.
Result<std::unique_ptr<blob::BlobStore>> OpenBlobStore(const DataOptions& options,
                                                       DataAccess access = DataAccess::kReadWrite);

// The exit status for a failed Status: kExitUsage for kInvalidArgument, else kExitFailure.
int ExitCodeFor(const Status& status);

// Prints "appvaultd: MESSAGE" on stderr.
void PrintError(const std::string& message);

// Prints the status's message as PrintError does; returns ExitCodeFor(status).
int ReportFailure(const Status& status);

}  // namespace appvault::cli
