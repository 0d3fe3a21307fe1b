// Opening the device the command line names (--device), for every command that uses it.
#pragma once

#include <memory>

#include "client/cli/global_options.h"
#include "client/device.h"

namespace appvault::client::cli {

// The device in globals.device. Errors: those of FolderDevice::Open; a missing device's
// message says how to create one.
Result<std::unique_ptr<Device>> OpenDevice(const GlobalOptions& globals);

}  // namespace appvault::client::cli
