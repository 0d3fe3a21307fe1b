// libFuzzer target: the AndroidManifest.xml reader (and so the binary XML parser) on
// arbitrary bytes.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "pkg/manifest.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view bytes(reinterpret_cast<const char*>(data), size);
  (void)appvault::pkg::ParseAndroidManifest(bytes);
  return 0;
}
