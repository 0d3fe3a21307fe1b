// FileBlobWriter: the BlobWriter of FileBlobStore (internal to the blob module).
#pragma once

#include <functional>
#include <memory>
#include <optional>
#include <string>

#include "base/file_util.h"
#include "base/sha256_hasher.h"
#include "blob/blob_store.h"

namespace appvault::blob {

class FileBlobWriter : public BlobWriter {
 public:
  // Creates a new staged file in staging_dir. final_path_of maps a digest to where the blob
  // belongs. Errors: kUnavailable.
  static Result<std::unique_ptr<FileBlobWriter>> Create(
      const std::string& staging_dir, std::uint64_t max_size,
      std::function<std::string(const Sha256&)> final_path_of);
  ~FileBlobWriter() override;

  Status Append(std::string_view bytes) override;
  std::uint64_t size() const override { return size_; }
  Result<BlobInfo> Finish() override;
  const std::string& staged_path() const override { return staged_path_; }
  Status Commit() override;

 private:
  FileBlobWriter(base::UniqueFd fd, std::string staged_path, std::uint64_t max_size,
                 std::function<std::string(const Sha256&)> final_path_of)
      : fd_(std::move(fd)),
        staged_path_(std::move(staged_path)),
        max_size_(max_size),
        final_path_of_(std::move(final_path_of)) {}
  void Discard();

  base::UniqueFd fd_;
  std::string staged_path_;
  std::uint64_t max_size_;
  std::function<std::string(const Sha256&)> final_path_of_;
  base::Sha256Hasher hasher_;
  std::uint64_t size_ = 0;
  std::optional<BlobInfo> finished_;
  bool committed_ = false;
  bool discarded_ = false;
};

}  // namespace appvault::blob
