// Small POSIX helpers for durable files, with errors as Status values.
#pragma once

#include <string>
#include <string_view>

#include "base/unique_fd.h"
#include "core/sha256.h"
#include "core/status.h"

namespace appvault::base {

// kUnavailable "what: path: strerror(errno)".
Status ErrnoStatus(std::string_view what, const std::string& path);
// Writes all bytes (retrying on EINTR and short writes).
Status WriteAll(int fd, std::string_view bytes, const std::string& path);
// fsync of a folder, so that a rename or create inside it is durable.
Status SyncDirectory(const std::string& path);
// mkdir -p with mode 0750; existing folders are fine.
Status MakeDirectories(const std::string& path);
// SHA-256 of the whole file behind fd, read with pread in 1 MiB pieces.
Result<Sha256> HashFile(int fd, const std::string& path);

}  // namespace appvault::base
