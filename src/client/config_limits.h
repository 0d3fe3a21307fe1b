// ConfigLimits: the bounds on an app's configuration, enforced when a package's generated
// configuration is copied onto the device, when a configuration bundle is extracted, and
// when one is packed (so that every bundle the client makes can be restored). Documented in
// docs/client.md.
#pragma once

#include <cstdint>

namespace appvault::client {

struct ConfigLimits {
  std::uint64_t max_entries = 4096;          // files and folders together
  std::uint64_t max_file_size = 16u << 20;   // bytes of one file
  std::uint64_t max_total_size = 64u << 20;  // bytes of all files together
  std::uint64_t max_path_length = 1024;      // bytes of one relative path
  std::uint64_t max_depth = 32;              // folders in one relative path
};

}  // namespace appvault::client
