// libFuzzer target: the resources.arsc reader on arbitrary bytes — parsing, then resolving
// ids taken from the input in the default configuration and in a locale.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "pkg/res_table.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view bytes(reinterpret_cast<const char*>(data), size);
  appvault::Result<appvault::pkg::ResTable> table = appvault::pkg::ResTable::Parse(bytes);
  if (!table.ok()) return 0;
  for (std::uint32_t id : {0x7f010000u, 0x7f020000u, 0x7f030000u, 0x7f040001u}) {
    (void)table->ResolveString(id);
    (void)table->ResolveString(id, "fr-FR");
  }
  for (const appvault::pkg::ResConfig& config : table->configs()) {
    (void)config.Locale();
  }
  return 0;
}
