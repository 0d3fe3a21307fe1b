#include "client/cli/device_access.h"

#include "client/folder_device.h"

namespace appvault::client::cli {

Result<std::unique_ptr<Device>> OpenDevice(const GlobalOptions& globals) {
  Result<std::unique_ptr<FolderDevice>> device = FolderDevice::Open(globals.device);
  if (device.status().code() == StatusCode::kNotFound) {
    return Status(StatusCode::kNotFound, device.status().message() +
                                             "; create one with `appvault device init` or "
                                             "choose one with --device");
  }
  if (!device.ok()) return device.status();
  return std::unique_ptr<Device>(std::move(*device));
}

}  // namespace appvault::client::cli
