// What every store checks of a package before AddPackage touches the database, and the
// quoting its refusals use.
#pragma once

#include <string>
#include <string_view>

#include "core/status.h"
#include "store/sqlite_codec.h"
#include "store/store.h"

namespace appvault::store {

// "text" with its quotes (built piecewise: GCC 12 -Wrestrict misfires on "\"" + s).
inline std::string Quoted(std::string_view text) {
  std::string quoted(1, '"');
  quoted += text;
  quoted += '"';
  return quoted;
}

// The package belongs to the software, its versions are of its platform and its size fits a
// signed 64-bit column. Errors: kInvalidArgument naming what is wrong.
inline Status ValidatePackage(const SoftwareRecord& software, const Package& package) {
  auto invalid = [](std::string message) {
    return Status(StatusCode::kInvalidArgument, std::move(message));
  };
  if (software.software.id.empty()) return invalid("the software id is empty");
  if (package.software_id != software.software.id) {
    return invalid("the package's software id \"" + package.software_id +
                   "\" differs from the software's \"" + software.software.id + "\"");
  }
  const bool versions_match =
      package.version.platform() == package.platform &&
      (!package.min_os.has_value() || package.min_os->platform() == package.platform) &&
      (!package.max_os.has_value() || package.max_os->platform() == package.platform);
  if (!versions_match) return invalid("the package's versions are not of its platform");
  return sqlite::SizeColumn(package.size).status();
}

}  // namespace appvault::store
