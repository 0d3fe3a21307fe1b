// File helpers of the client, with errors as Status values (kUnavailable "what: path:
// reason" unless said otherwise). Built on base/file_util.h (UniqueFd, fsync, WriteAll).
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "core/status.h"

namespace appvault::client {

// What is at a path, without following a final symlink.
enum class PathKind { kMissing, kFile, kDirectory, kOther };
PathKind KindOf(const std::string& path);

// The names in a folder (no "." or ".."), sorted bytewise.
Result<std::vector<std::string>> ListDirectory(const std::string& path);

// The content of a regular file of at most max_bytes. Errors: kNotFound, kInvalidArgument
// (larger than max_bytes, or not a regular file), kUnavailable.
Result<std::string> ReadSmallFile(const std::string& path, std::uint64_t max_bytes);

// Whether a write is fsynced before it returns, or by the caller later (a file staged in a
// FolderTransaction: its Commit fsyncs the whole staged tree before the commit point).
enum class FileSync { kNow, kByCaller };

// Creates path (which must not exist) with bytes, and fsyncs it unless sync says otherwise.
Status WriteNewFile(const std::string& path, std::string_view bytes,
                    FileSync sync = FileSync::kNow);
// Replaces path atomically: a temp file beside it, fsync, rename, fsync of the folder.
Status ReplaceFileAtomically(const std::string& path, std::string_view bytes);
// Copies the regular file `from` to `to` (which must not exist) and fsyncs it. Errors:
// kNotFound when `from` does not exist.
Status CopyNewFile(const std::string& from, const std::string& to);

// mkdir with mode 0755; the folder must not exist yet.
Status MakeDirectory(const std::string& path);
// A fresh folder parent/prefixXXXXXX; returns its path.
Result<std::string> MakeTempDirectory(const std::string& parent, const std::string& prefix);
// rename(2).
Status RenamePath(const std::string& from, const std::string& to);
// fsync of every file and folder below path and of path itself, deepest first.
Status SyncTree(const std::string& path);
// Removes path and everything below it; a missing path is fine.
Status RemoveTree(const std::string& path);

// The folder part of a path ("a/b/c" → "a/b").
std::string ParentOf(const std::string& path);

}  // namespace appvault::client
