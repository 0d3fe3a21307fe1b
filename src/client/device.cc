#include "client/device.h"

namespace appvault::client {

std::string_view InstallKindName(InstallKind kind) {
  switch (kind) {
    case InstallKind::kInstalled:
      return "installed";
    case InstallKind::kUpdated:
      return "updated";
    case InstallKind::kRepaired:
      return "repaired";
  }
  return "installed";
}

std::string_view ConfigSourceName(ConfigSource source) {
  switch (source) {
    case ConfigSource::kPackage:
      return "package";
    case ConfigSource::kInstalledJson:
      return "installed.json";
    case ConfigSource::kKept:
      return "kept";
    case ConfigSource::kBundle:
      return "bundle";
  }
  return "package";
}

}  // namespace appvault::client
