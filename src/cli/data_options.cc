#include "cli/data_options.h"

#include <cstdio>
#include <filesystem>
#include <system_error>

#include "blob/file_blob_store.h"
#include "blob/s3_blob_store.h"
#include "cli/exit_codes.h"
#include "s3/s3_location.h"
#include "store/postgres_error.h"
#include "store/postgres_store.h"
#include "store/sqlite_store.h"

namespace appvault::cli {

namespace {

constexpr std::string_view kSqliteScheme = "sqlite:";

Status MakeDataDir(const std::string& path) {
  std::error_code error;
  std::filesystem::create_directories(path, error);
  if (!error) return Status::Ok();
  return Status(StatusCode::kUnavailable,
                "cannot create the data folder " + path + ": " + error.message());
}

}  // namespace

Result<DatabaseUrl> ParseDatabaseUrl(const DataOptions& options) {
  const std::string& url = options.database;
  if (url.empty())
    return DatabaseUrl{DatabaseUrl::Kind::kSqlite, options.data_dir + "/appvault.db"};
  if (url.rfind(kSqliteScheme, 0) == 0 && url.size() > kSqliteScheme.size()) {
    return DatabaseUrl{DatabaseUrl::Kind::kSqlite, url.substr(kSqliteScheme.size())};
  }
  if (url.rfind("postgresql://", 0) == 0 || url.rfind("postgres://", 0) == 0) {
    return DatabaseUrl{DatabaseUrl::Kind::kPostgres, url};
  }
  return Status(StatusCode::kInvalidArgument,
                "--database: expected sqlite:PATH or postgresql://USER@HOST:PORT/DB, got \"" +
                    store::pg::RedactedUrl(url) + "\"");
}

Result<std::unique_ptr<store::MetadataStore>> OpenMetadataStore(const DataOptions& options,
                                                                DataAccess access) {
  Result<DatabaseUrl> url = ParseDatabaseUrl(options);
  if (!url.ok()) return url.status();
  const bool read_only = access == DataAccess::kReadOnly;
  std::unique_ptr<store::MetadataStore> opened;
  if (url->kind == DatabaseUrl::Kind::kPostgres) {
    // Connected first: a server that cannot be reached leaves nothing behind.
    store::PostgresOptions postgres{.read_only = read_only};
    if (options.database_pool != 0) postgres.pool_size = options.database_pool;
    Result<std::unique_ptr<store::PostgresStore>> store =
        store::PostgresStore::Open(url->target, postgres);
    if (!store.ok()) return store.status();
    opened = std::move(store).value();
  }
  if (!read_only) {
    Status made = MakeDataDir(options.data_dir);
    if (!made.ok()) return made;
  }
  if (opened != nullptr) return opened;
  store::SqliteOptions sqlite{.read_only = read_only};
  if (options.database_pool != 0) sqlite.pool_size = options.database_pool;
  Result<std::unique_ptr<store::SqliteStore>> store = store::SqliteStore::Open(url->target, sqlite);
  if (!store.ok()) return store.status();
  return std::unique_ptr<store::MetadataStore>(std::move(store).value());
}

Result<std::unique_ptr<blob::BlobStore>> OpenBlobStore(const DataOptions& options,
                                                       DataAccess access) {
  const bool read_only = access == DataAccess::kReadOnly;
  if (options.blobs.empty()) {
    Result<std::unique_ptr<blob::FileBlobStore>> folder =
        blob::FileBlobStore::Open(options.data_dir + "/blobs", {.read_only = read_only});
    if (!folder.ok()) return folder.status();
    return std::unique_ptr<blob::BlobStore>(std::move(folder).value());
  }
  if (options.blobs.rfind("s3://", 0) != 0) {
    return Status(StatusCode::kInvalidArgument,
                  "--blobs: expected s3://BUCKET[/PREFIX]?endpoint=URL&region=R, got \"" +
                      options.blobs + "\"");
  }
  Result<s3::Location> location = s3::ParseLocation(options.blobs);
  if (!location.ok()) return location.status();
  Result<s3::Credentials> credentials = s3::CredentialsFromEnvironment();
  if (!credentials.ok()) return credentials.status();
  Result<std::unique_ptr<blob::S3BlobStore>> bucket =
      blob::S3BlobStore::Open(*location, *credentials,
                              {.cache_dir = options.data_dir + "/blob-cache",
                               .cache_bytes = options.blob_cache_bytes,
                               .read_only = read_only});
  if (!bucket.ok()) return bucket.status();
  return std::unique_ptr<blob::BlobStore>(std::move(bucket).value());
}

int ExitCodeFor(const Status& status) {
  return status.code() == StatusCode::kInvalidArgument ? kExitUsage : kExitFailure;
}

void PrintError(const std::string& message) {
  std::fprintf(stderr, "appvaultd: %s\n", message.c_str());
}

int ReportFailure(const Status& status) {
  PrintError(status.message());
  return ExitCodeFor(status);
}

}  // namespace appvault::cli
