// libFuzzer target: Info.plist facts (libplist, XML or binary) from arbitrary bytes.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "pkg/ipa.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view bytes(reinterpret_cast<const char*>(data), size);
  (void)appvault::pkg::ParseInfoPlist(bytes);
  return 0;
}
