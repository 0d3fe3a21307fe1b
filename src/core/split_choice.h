// ChooseSplits(): which APKs of an app set a device gets (CONTRACT §7), as a pure function.
// Decide() and FitProblem() use it for every package that has splits.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "core/device.h"
#include "core/package.h"
#include "core/sha256.h"
#include "core/status.h"

namespace appvault {

// One APK to install: the base (split "") or a split of the set.
struct ChosenMember {
  std::string split;  // "" for the base
  Sha256 sha256;
  std::uint64_t size = 0;
  bool operator==(const ChosenMember&) const = default;
};

struct SplitChoice {
  std::vector<ChosenMember> members;  // the base first, then the chosen splits by name
  std::string reason;  // "splits config.arm64_v8a (ABI arm64-v8a, the device's first), ..."
};

// The members of `set` that `device` gets. The base; then, for the base and for every
// feature split (each with its own configuration splits, config_for naming it):
// - of its ABI splits, the one of the device's most preferred ABI the set provides;
// - of its density splits, the one nearest the device's density (ties: the higher);
// - its language splits whose locale matches one of the device's locales (the same
//   language, and the same region when the split names one); none matching: none;
// - splits of a kind not known here are left out (named in the reason);
// every feature split is chosen. A package without splits gives the base alone and an empty
// reason. Errors: kInvalidArgument when the set cannot be completed for the device, the
// message saying why — a group has ABI splits, none for the device's ABIs, and its own APK
// no native code for them ("its ABI splits are only for x86, x86_64"); a required split
// type of a chosen member is given by no chosen member. Deterministic; thread-safe.
Result<SplitChoice> ChooseSplits(const Package& set, const DeviceProfile& device);

}  // namespace appvault
