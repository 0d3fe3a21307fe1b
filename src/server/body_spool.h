// Where a streaming route's body is staged while it arrives, so that its handler runs only
// once the whole body is here and never waits for the network. Internal to the server
// library.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "base/file_util.h"
#include "server/body_reader.h"

namespace appvault::server {

// An anonymous file in a folder (O_TMPFILE, or a name removed at once): written while the
// body arrives, then read back by the handler as its BodyReader. Nothing of it is left on
// disk once it is destroyed, even after a crash. Thread-safety: one thread at a time.
class BodySpool : public BodyReader {
 public:
  // A new empty spool in `dir`. Errors: kUnavailable naming the folder (missing, full, no
  // permission).
  static Result<BodySpool> Create(const std::string& dir,
                                  std::optional<std::uint64_t> content_length);

  BodySpool(BodySpool&&) = default;
  BodySpool& operator=(BodySpool&&) = default;

  // Appends bytes that arrived. Errors: kUnavailable (disk full, I/O error).
  Status Append(std::string_view bytes);
  // Bytes appended so far.
  std::uint64_t size() const { return size_; }

  // BodyReader: the bytes appended, from the first. Errors: kUnavailable on an I/O error.
  Result<std::size_t> Read(char* buffer, std::size_t size) override;
  std::optional<std::uint64_t> content_length() const override { return content_length_; }

 private:
  BodySpool(base::UniqueFd fd, std::string dir, std::optional<std::uint64_t> content_length)
      : fd_(std::move(fd)), dir_(std::move(dir)), content_length_(content_length) {}

  base::UniqueFd fd_;
  std::string dir_;  // for messages
  std::optional<std::uint64_t> content_length_;
  std::uint64_t size_ = 0;
  std::uint64_t read_offset_ = 0;
};

}  // namespace appvault::server
