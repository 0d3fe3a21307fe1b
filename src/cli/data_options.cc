#include "cli/data_options.h"

#include <cstdio>
#include <filesystem>
#include <system_error>

#include "blob/file_blob_store.h"
#include "blob/s3_blob_store.h"
#include "cli/exit_codes.h"
#include "s3/s3_location.h"
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

Result<std::string> SqlitePath(const DataOptions& options) {
  const std::string& url = options.database;
  if (url.empty()) return options.data_dir + "/appvault.db";
  if (url.rfind(kSqliteScheme, 0) == 0 && url.size() > kSqliteScheme.size()) {
    return url.substr(kSqliteScheme.size());
  }
  if (url.rfind("postgresql://", 0) == 0 || url.rfind("postgres://", 0) == 0) {
    return Status(StatusCode::kInvalidArgument,
                  "--database: PostgreSQL is not supported by this build; use sqlite:PATH");
  }
  return Status(StatusCode::kInvalidArgument,
                "--database: expected sqlite:PATH, got \"" + url + "\"");
}

Result<std::unique_ptr<store::MetadataStore>> OpenMetadataStore(const DataOptions& options,
                                                                DataAccess access) {
  Result<std::string> path = SqlitePath(options);
  if (!path.ok()) return path.status();
  const bool read_only = access == DataAccess::kReadOnly;
  if (!read_only) {
    Status made = MakeDataDir(options.data_dir);
    if (!made.ok()) return made;
  }
  Result<std::unique_ptr<store::SqliteStore>> store =
      store::SqliteStore::Open(*path, {.read_only = read_only});
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
