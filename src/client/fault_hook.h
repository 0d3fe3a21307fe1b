// FaultHook: a test's way into the middle of an operation. Operations call it at named
// points ("install:staged", "commit:step-0-in", …, listed in docs/client.md); a non-ok
// Status makes the operation fail right there, as an I/O error would.
#pragma once

#include <functional>
#include <string_view>

#include "core/status.h"

namespace appvault::client {

using FaultHook = std::function<Status(std::string_view point)>;

// hook(point), or ok when there is no hook.
inline Status CheckFault(const FaultHook& hook, std::string_view point) {
  return hook ? hook(point) : Status::Ok();
}

}  // namespace appvault::client
