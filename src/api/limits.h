// The protocol's limits that both sides must agree on (CONTRACT §10): the server refuses
// past them, the client splits its requests to stay within them. One definition each.
#pragma once

#include <cstddef>
#include <cstdint>

#include "core/retention.h"

namespace appvault::api {

// Apps in one POST /v1/backups or POST /v1/snapshots request.
inline constexpr std::size_t kMaxAppsPerBackup = 1000;
// Apps one restore plan decides: the apps listed, or one page of `all: true`.
inline constexpr std::size_t kMaxAppsPerPlan = 1000;
// The largest private blob (a configuration bundle) the server takes by default
// (`--max-private-blob-bytes`); the client refuses to read a larger one.
inline constexpr std::uint64_t kDefaultMaxPrivateBlobBytes = std::uint64_t{64} << 20;
// APKs in one app set (CONTRACT §7): the base and its splits, as published and as planned.
inline constexpr std::size_t kMaxSetMembers = 200;
// The largest count one retention rule of POST /v1/snapshots/forget takes (`--keep-last` …).
inline constexpr std::int64_t kMaxKeepCount = RetentionPolicy::kMaxCount;

}  // namespace appvault::api
