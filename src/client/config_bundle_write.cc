// WriteConfigBundle (config_bundle.h).
#include <fcntl.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>

#include "base/file_util.h"
#include "client/archive_handle.h"
#include "client/config_bundle.h"
#include "client/config_tree.h"
#include "client/file_util.h"

namespace appvault::client {
namespace {

constexpr std::size_t kCopyChunk = 1 << 16;

Status ArchiveFailure(archive* writer, const std::string& path) {
  const char* why = archive_error_string(writer);
  return Status(StatusCode::kUnavailable,
                "write bundle " + path + ": " + (why ? why : "libarchive failed"));
}

// The fixed header of one entry: only the path, type, size and a fixed mode vary.
ArchiveEntry HeaderOf(const ConfigTreeEntry& item) {
  ArchiveEntry entry(archive_entry_new());
  if (!entry) return entry;
  archive_entry_set_pathname(entry.get(), item.path.c_str());
  archive_entry_set_filetype(entry.get(), item.folder ? AE_IFDIR : AE_IFREG);
  archive_entry_set_perm(entry.get(), item.folder ? 0755 : 0644);
  archive_entry_set_size(entry.get(), item.folder ? 0 : static_cast<la_int64_t>(item.size));
  archive_entry_set_mtime(entry.get(), 0, 0);
  archive_entry_set_uid(entry.get(), 0);
  archive_entry_set_gid(entry.get(), 0);
  return entry;
}

// Streams one file into the archive; it must still have the size it was listed with.
Status CopyContent(archive* writer, const std::string& path, std::uint64_t size) {
  base::UniqueFd fd(::open(path.c_str(), O_RDONLY | O_CLOEXEC | O_NOFOLLOW));
  if (!fd.valid()) return base::ErrnoStatus("open", path);
  std::vector<char> buffer(kCopyChunk);
  std::uint64_t copied = 0;
  while (true) {
    ssize_t n = ::read(fd.get(), buffer.data(), buffer.size());
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) return base::ErrnoStatus("read", path);
    if (n == 0) break;
    copied += static_cast<std::uint64_t>(n);
    if (copied > size) break;
    if (archive_write_data(writer, buffer.data(), static_cast<std::size_t>(n)) != n) {
      return ArchiveFailure(writer, path);
    }
  }
  if (copied != size) return Status(StatusCode::kUnavailable, path + ": changed while packed");
  return Status::Ok();
}

Result<ArchiveWriter> OpenWriter(int fd, const std::string& path) {
  ArchiveWriter writer(archive_write_new());
  if (!writer) return Status(StatusCode::kInternal, "libarchive: out of memory");
  archive* handle = writer.get();
  // Names are written as the bytes they are on disk (no conversion through the locale).
  if (archive_write_add_filter_gzip(handle) != ARCHIVE_OK ||
      archive_write_set_format_pax_restricted(handle) != ARCHIVE_OK ||
      archive_write_set_options(handle, "gzip:!timestamp,pax:hdrcharset=BINARY") != ARCHIVE_OK ||
      archive_write_open_fd(handle, fd) != ARCHIVE_OK) {
    return ArchiveFailure(handle, path);
  }
  return writer;
}

Status WriteEntries(archive* writer, const std::string& config_dir,
                    const std::vector<ConfigTreeEntry>& entries, const std::string& path) {
  for (const ConfigTreeEntry& item : entries) {
    ArchiveEntry header = HeaderOf(item);
    if (!header) return Status(StatusCode::kInternal, "libarchive: out of memory");
    if (archive_write_header(writer, header.get()) != ARCHIVE_OK) {
      return ArchiveFailure(writer, path);
    }
    if (item.folder) continue;
    Status copied = CopyContent(writer, config_dir + "/" + item.path, item.size);
    if (!copied.ok()) return copied;
  }
  if (archive_write_close(writer) != ARCHIVE_OK) return ArchiveFailure(writer, path);
  return Status::Ok();
}

// Writes the bundle into the open temp file fd and returns its digest and size.
Result<ConfigBundleInfo> WriteTo(int fd, const std::string& temp, const std::string& config_dir,
                                 const std::vector<ConfigTreeEntry>& entries) {
  Result<ArchiveWriter> writer = OpenWriter(fd, temp);
  if (!writer.ok()) return writer.status();
  Status written = WriteEntries(writer->get(), config_dir, entries, temp);
  if (!written.ok()) return written;
  if (::fsync(fd) != 0) return base::ErrnoStatus("fsync", temp);
  Result<Sha256> digest = base::HashFile(fd, temp);
  if (!digest.ok()) return digest.status();
  struct stat info {};
  if (::fstat(fd, &info) != 0) return base::ErrnoStatus("stat", temp);
  ConfigBundleInfo bundle{*digest, static_cast<std::uint64_t>(info.st_size), 0};
  for (const ConfigTreeEntry& item : entries)
    bundle.files += item.folder ? 0 : 1;
  return bundle;
}

}  // namespace

Result<ConfigBundleInfo> WriteConfigBundle(const std::string& config_dir,
                                           const std::string& out_path,
                                           const ConfigLimits& limits) {
  Result<std::vector<ConfigTreeEntry>> entries = ListConfigTree(config_dir, limits);
  if (!entries.ok()) return entries.status();
  std::string temp = out_path + ".tmp-XXXXXX";
  base::UniqueFd fd(::mkostemp(temp.data(), O_CLOEXEC));
  if (!fd.valid()) return base::ErrnoStatus("create", temp);
  ::fchmod(fd.get(), 0644);
  Result<ConfigBundleInfo> bundle = WriteTo(fd.get(), temp, config_dir, *entries);
  Status placed = bundle.ok() ? RenamePath(temp, out_path) : bundle.status();
  if (!placed.ok()) {
    ::unlink(temp.c_str());
    return placed;
  }
  Status synced = base::SyncDirectory(ParentOf(out_path));
  if (!synced.ok()) return synced;
  return bundle;
}

}  // namespace appvault::client
