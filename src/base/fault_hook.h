// FaultHook: a test's way into the middle of an operation. Operations call it at named
// points (the client's "install:staged", "commit:step-0-in", … in docs/client.md; garbage
// collection's "gc:…" in docs/operations.md); a non-ok Status makes the operation fail right
// there, as an I/O error would, and a hook that ends the process is a crash at that point.
#pragma once

#include <functional>
#include <string_view>

#include "core/status.h"

namespace appvault::base {

using FaultHook = std::function<Status(std::string_view point)>;

// hook(point), or ok when there is no hook.
inline Status CheckFault(const FaultHook& hook, std::string_view point) {
  return hook ? hook(point) : Status::Ok();
}

}  // namespace appvault::base
