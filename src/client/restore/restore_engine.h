// The restore engine: carries out a restore plan (restore_plan.h) on a device — downloads in
// parallel, every file verified, installs as the downloads finish, configurations restored —
// and reports per item (restore_report.h). Rules: docs/client.md, "Restore".
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "client/device.h"
#include "client/restore/restore_plan.h"
#include "client/restore/restore_report.h"
#include "client/transfer/download_job.h"

namespace appvault::client::restore {

// Where and how to download.
struct RestoreOptions {
  std::string base_url;  // the server the plan came from, without a trailing '/'
  std::string token;     // the session token
  int parallel = transfer::kDefaultParallel;  // downloads at once, 1..kMaxParallel
  std::uint64_t max_bytes_per_second = 0;     // per download; 0 = no limit
  // Restore each app's backed-up configuration (when the backup has one); else the apps
  // keep the configuration their install generates, and nothing more is asked of them.
  bool with_config = true;
};

// The largest configuration bundle a restore downloads (the server's default
// --max-blob-bytes); the bundle's entries are bounded again by ConfigLimits.
inline constexpr std::uint64_t kMaxConfigBundleBytes = 64ull << 20;

// Partial downloads untouched for this long are removed when a restore starts.
inline constexpr int kStalePartialDays = 7;

// What one item will download, told before the downloads start.
struct ItemPlanned {
  std::string app;             // the app the item installs (else the backed-up app)
  std::uint64_t expected = 0;  // package bytes to fetch (0: nothing to download)
};

// Hears of a restore as it goes. Calls never overlap (the engine serialises them) but may
// come from two threads: the downloads' and the installs'.
class RestoreObserver {
 public:
  virtual ~RestoreObserver() = default;
  // Once, before anything is downloaded: one entry per plan item, in plan order.
  virtual void OnStart(const std::vector<ItemPlanned>& items) = 0;
  // Item `index` has `have` bytes on disk (resumed ones included), `received` of them over
  // the network in this run.
  virtual void OnBytes(std::size_t index, std::uint64_t have, std::uint64_t received) = 0;
  // Item `index` is over: its final report.
  virtual void OnItemDone(std::size_t index, const ItemReport& report) = 0;
};

// Restores the plan's items onto device, one report per item in plan order:
// - the server's verdicts without a package (not_backed_up, not_in_catalog,
//   no_compatible_package) are reported as they are;
// - an app installed at the plan's version or newer with the plan's signer is
//   already_installed and nothing is downloaded; one signed by another certificate fails
//   (nothing downloaded, device unchanged);
// - the others' packages (and configuration bundles, for items of the backed-up software)
//   are downloaded at most options.parallel at once (transfer/downloader.h: resumable,
//   SHA-256 verified), each package checked against the plan (CheckAgainstPlan) and
//   installed as soon as its files are in, while the other downloads go on; then its
//   configuration replaces the generated one (Device::ReplaceConfig).
// One item's failure never stops the others. Verified downloads are removed once used.
// Errors (nothing done): kUnavailable when the device's apps cannot be listed.
// observer may be null. REQUIRES: plan from ParsePlan; device used by no other thread.
Result<std::vector<ItemReport>> Restore(Device& device, const std::vector<PlanEntry>& plan,
                                        const RestoreOptions& options, RestoreObserver* observer);

}  // namespace appvault::client::restore
