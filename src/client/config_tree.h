// A configuration folder as a list of entries: written entry by entry from a package or a
// bundle (ConfigTreeWriter), and listed for packing (ListConfigTree). Both enforce the same
// ConfigLimits and names (relative_path.h).
#pragma once

#include <cstdint>
#include <functional>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "client/config_limits.h"
#include "core/status.h"

namespace appvault::client {

// Receives a file's content in chunks; a non-ok Status stops the reading.
using ChunkSink = std::function<Status(std::string_view chunk)>;
// Streams a file's content into a sink; returns the first failure.
using ContentSource = std::function<Status(const ChunkSink& sink)>;

// Builds a configuration folder inside root (an existing, empty folder) from entries.
// Errors from Add*: kInvalidArgument naming the entry — unsafe name, repeated, a file where
// a folder is (or the reverse), over a limit —, kUnavailable (I/O), or the source's error.
// Files are written 0644, folders 0755; nothing is fsynced (the caller syncs the tree).
class ConfigTreeWriter {
 public:
  ConfigTreeWriter(std::string root, ConfigLimits limits)
      : root_(std::move(root)), limits_(limits) {}

  Status AddFolder(std::string_view name);
  // declared_size is checked first; the content is counted again as it is written.
  Status AddFile(std::string_view name, std::uint64_t declared_size, const ContentSource& content);

  std::uint64_t files() const { return files_; }

 private:
  // Checks the name, the entry count and repeats; returns the relative path.
  Result<std::string> Admit(std::string_view name);
  // Creates the folders of path below root_ that do not exist yet.
  Status MakeFolders(std::string_view name, const std::string& path);

  std::string root_;
  ConfigLimits limits_;
  std::set<std::string> seen_;
  std::uint64_t entries_ = 0;
  std::uint64_t files_ = 0;
  std::uint64_t total_size_ = 0;
};

struct ConfigTreeEntry {
  std::string path;  // relative, "/"-separated
  bool folder = false;
  std::uint64_t size = 0;  // files only
};

// Every file and folder below root, sorted bytewise by path; a missing root is empty.
// Errors: kInvalidArgument (anything but files and folders, e.g. a symlink, or over a
// limit — such a folder could not be restored), kUnavailable.
Result<std::vector<ConfigTreeEntry>> ListConfigTree(const std::string& root,
                                                    const ConfigLimits& limits);

}  // namespace appvault::client
