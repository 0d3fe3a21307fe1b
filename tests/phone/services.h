// The adb services of the emulated adbd (system/core/adb/daemon/services.cpp): shell (v1
// and v2, shell_protocol.h), exec, abb_exec (NUL-separated `cmd` arguments) and sync
// (file_sync_service.cpp, SYNC.TXT).
#pragma once

#include <string>

#include "phone/adb_transport.h"
#include "phone/phone.h"

namespace appvault::phone {

// The service for an OPEN name, or an empty function for a service the emulator lacks.
ServiceFn RouteService(Phone* phone, const std::string& name);

// The sync service (push, pull, stat, list) for the adbd user.
void ServeSync(Phone* phone, Stream& stream);

}  // namespace appvault::phone
