// TempDir: a fresh temporary folder for one test, removed with its content at the end.
#pragma once

#include <filesystem>
#include <string>

namespace appvault::test {

// Creates a new, empty folder PREFIX-XXXXXX under the system's temp folder ($TMPDIR or
// /tmp). Throws std::runtime_error naming the path and errno's text when it cannot be
// created (a test fails loudly there, never later on an empty path). Not copyable.
class TempDir {
 public:
  explicit TempDir(const std::string& prefix = "appvault-test");
  ~TempDir();  // removes the folder and everything in it; errors are ignored
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;

  const std::filesystem::path& path() const { return path_; }
  // path()/name as a string.
  std::string Join(const std::string& name) const { return (path_ / name).string(); }

 private:
  std::filesystem::path path_;
};

}  // namespace appvault::test
