// ExtractConfigBundle (config_bundle.h).
#include <string>

#include "client/archive_handle.h"
#include "client/config_bundle.h"
#include "client/config_tree.h"
#include "client/file_util.h"

namespace appvault::client {
namespace {

constexpr std::size_t kReadBlock = 1 << 16;

Status NotABundle(archive* reader) {
  const char* why = archive_error_string(reader);
  return Status(StatusCode::kInvalidArgument,
                std::string("not a configuration bundle (tar): ") + (why ? why : "unreadable"));
}

Status RefuseType(std::string_view name, std::string_view what) {
  return Status(StatusCode::kInvalidArgument, "entry \"" + std::string(name.substr(0, 200)) +
                                                  "\": " + std::string(what) +
                                                  " (only files and folders are allowed)");
}

std::string_view TypeName(archive_entry* entry) {
  switch (archive_entry_filetype(entry)) {
    case AE_IFLNK:
      return "is a symbolic link";
    case AE_IFCHR:
    case AE_IFBLK:
      return "is a device file";
    case AE_IFIFO:
      return "is a fifo";
    case AE_IFSOCK:
      return "is a socket";
    default:
      return "is of an unsupported type";
  }
}

Status ReadContent(archive* reader, const ChunkSink& sink) {
  char buffer[kReadBlock];
  while (true) {
    la_ssize_t n = archive_read_data(reader, buffer, sizeof buffer);
    if (n < 0) return NotABundle(reader);
    if (n == 0) return Status::Ok();
    Status taken = sink(std::string_view(buffer, static_cast<std::size_t>(n)));
    if (!taken.ok()) return taken;
  }
}

Status AddEntry(archive* reader, archive_entry* entry, ConfigTreeWriter& writer) {
  const char* raw_name = archive_entry_pathname(entry);
  if (raw_name == nullptr) return RefuseType("", "has no name");
  std::string_view name = raw_name;
  if (archive_entry_hardlink(entry) != nullptr) return RefuseType(name, "is a hard link");
  if (archive_entry_symlink(entry) != nullptr) return RefuseType(name, "is a symbolic link");
  switch (archive_entry_filetype(entry)) {
    case AE_IFDIR:
      return writer.AddFolder(name);
    case AE_IFREG: {
      la_int64_t size = archive_entry_size(entry);
      return writer.AddFile(name, size < 0 ? 0 : static_cast<std::uint64_t>(size),
                            [&](const ChunkSink& sink) { return ReadContent(reader, sink); });
    }
    default:
      return RefuseType(name, TypeName(entry));
  }
}

Status Prefixed(const Status& status) {
  if (status.code() != StatusCode::kInvalidArgument) return status;
  return Status(status.code(), "configuration bundle: " + status.message());
}

}  // namespace

Status ExtractConfigBundle(const std::string& bundle_path, const std::string& dest,
                           const ConfigLimits& limits) {
  if (KindOf(bundle_path) != PathKind::kFile) {
    return Status(StatusCode::kNotFound, bundle_path + ": no such bundle file");
  }
  ArchiveReader reader(archive_read_new());
  if (!reader) return Status(StatusCode::kInternal, "libarchive: out of memory");
  archive_read_support_filter_gzip(reader.get());
  archive_read_support_format_tar(reader.get());
  if (archive_read_open_filename(reader.get(), bundle_path.c_str(), kReadBlock) != ARCHIVE_OK) {
    return Prefixed(NotABundle(reader.get()));
  }
  ConfigTreeWriter writer(dest, limits);
  while (true) {
    archive_entry* entry = nullptr;
    int next = archive_read_next_header(reader.get(), &entry);
    if (next == ARCHIVE_EOF) return Status::Ok();
    // A warning (e.g. a UTF-8 name the locale cannot show) still gives the entry with its
    // name as bytes, and every entry is checked below whatever the archive said.
    if (next != ARCHIVE_OK && next != ARCHIVE_WARN) return Prefixed(NotABundle(reader.get()));
    Status added = AddEntry(reader.get(), entry, writer);
    if (!added.ok()) return Prefixed(added);
  }
}

}  // namespace appvault::client
