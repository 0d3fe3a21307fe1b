#include "blob/file_blob_writer.h"

#include <fcntl.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>

namespace appvault::blob {
namespace {

std::string Folder(const std::string& path) {
  return path.substr(0, path.rfind('/'));
}

}  // namespace

Result<std::unique_ptr<FileBlobWriter>> FileBlobWriter::Create(
    const std::string& staging_dir, std::uint64_t max_size,
    std::function<std::string(const Sha256&)> final_path_of) {
  std::string path = staging_dir + "/blob-XXXXXX";
  base::UniqueFd fd(::mkostemp(path.data(), O_CLOEXEC));
  if (!fd.valid()) return base::ErrnoStatus("create staged blob", path);
  ::fchmod(fd.get(), 0640);
  return std::unique_ptr<FileBlobWriter>(
      new FileBlobWriter(std::move(fd), std::move(path), max_size, std::move(final_path_of)));
}

FileBlobWriter::~FileBlobWriter() {
  if (!committed_) Discard();
}

void FileBlobWriter::Discard() {
  if (discarded_) return;
  fd_.Reset();
  ::unlink(staged_path_.c_str());
  discarded_ = true;
}

Status FileBlobWriter::Append(std::string_view bytes) {
  if (discarded_ || finished_) {
    return Status(StatusCode::kInternal, "blob writer: append after finish");
  }
  if (bytes.size() > max_size_ - size_) {
    Discard();
    return Status(StatusCode::kPayloadTooLarge,
                  "more than the limit of " + std::to_string(max_size_) + " bytes");
  }
  hasher_.Update(bytes);
  Status written = base::WriteAll(fd_.get(), bytes, staged_path_);
  if (!written.ok()) {
    Discard();
    return written;
  }
  size_ += bytes.size();
  return Status::Ok();
}

Result<BlobInfo> FileBlobWriter::Finish() {
  if (discarded_ || finished_) {
    return Status(StatusCode::kInternal, "blob writer: finish twice or after a failure");
  }
  if (::fsync(fd_.get()) != 0) return base::ErrnoStatus("fsync", staged_path_);
  finished_ = BlobInfo{hasher_.Finish(), size_};
  return *finished_;
}

Status FileBlobWriter::Commit() {
  if (!finished_ || discarded_ || committed_) {
    return Status(StatusCode::kInternal, "blob writer: commit before finish");
  }
  std::string target = final_path_of_(finished_->sha256);
  Status folder = base::MakeDirectories(Folder(target));
  if (!folder.ok()) return folder;
  struct stat existing {};
  if (::stat(target.c_str(), &existing) == 0) {
    Discard();  // the same bytes are already stored
    committed_ = true;
    return Status::Ok();
  }
  if (::rename(staged_path_.c_str(), target.c_str()) != 0) {
    return base::ErrnoStatus("rename blob into place", target);
  }
  committed_ = true;
  fd_.Reset();
  return base::SyncDirectory(Folder(target));
}

}  // namespace appvault::blob
