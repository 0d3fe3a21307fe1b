// A fresh temporary directory for one test, removed with its content at the end.
#pragma once

#include <filesystem>

namespace appvault::test {

// Creates a new, empty directory under the system's temp folder ($TMPDIR or /tmp).
// Throws std::runtime_error when it cannot be created. Not copyable.
class TempDir {
 public:
  TempDir();
  ~TempDir();  // removes the directory and everything in it; errors are ignored
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;

  const std::filesystem::path& path() const { return path_; }

 private:
  std::filesystem::path path_;
};

}  // namespace appvault::test
