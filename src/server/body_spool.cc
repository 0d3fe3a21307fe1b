#include "server/body_spool.h"

#include <fcntl.h>
#include <stdlib.h>
#include <unistd.h>

#include <cerrno>
#include <vector>

namespace appvault::server {

namespace {

// An unnamed file in `dir`: O_TMPFILE where the file system has it, else a unique name
// removed at once.
base::UniqueFd OpenAnonymous(const std::string& dir) {
  base::UniqueFd fd(::open(dir.c_str(), O_TMPFILE | O_RDWR | O_CLOEXEC, 0600));
  if (fd.valid()) return fd;
  std::vector<char> name(dir.begin(), dir.end());
  const std::string_view suffix = "/upload-XXXXXX";
  name.insert(name.end(), suffix.begin(), suffix.end());
  name.push_back('\0');
  fd = base::UniqueFd(::mkostemp(name.data(), O_CLOEXEC));
  if (fd.valid()) ::unlink(name.data());
  return fd;
}

}  // namespace

Result<BodySpool> BodySpool::Create(const std::string& dir,
                                    std::optional<std::uint64_t> content_length) {
  base::UniqueFd fd = OpenAnonymous(dir);
  if (!fd.valid()) return base::ErrnoStatus("cannot stage an upload (see --data)", dir);
  return BodySpool(std::move(fd), dir, content_length);
}

Status BodySpool::Append(std::string_view bytes) {
  Status written = base::WriteAll(fd_.get(), bytes, dir_ + " (a staged upload)");
  if (written.ok()) size_ += bytes.size();
  return written;
}

Result<std::size_t> BodySpool::Read(char* buffer, std::size_t size) {
  while (true) {
    ssize_t n = ::pread(fd_.get(), buffer, size, static_cast<off_t>(read_offset_));
    if (n >= 0) {
      read_offset_ += static_cast<std::uint64_t>(n);
      return static_cast<std::size_t>(n);
    }
    if (errno != EINTR) return base::ErrnoStatus("cannot read a staged upload", dir_);
  }
}

}  // namespace appvault::server
