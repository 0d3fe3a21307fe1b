#include "server/api/services.h"

#include <chrono>

namespace appvault::server::api {

std::int64_t SystemClock() {
  return std::chrono::duration_cast<std::chrono::seconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

}  // namespace appvault::server::api
