// Before downloading: what the device already has of a planned package's app.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "client/device.h"
#include "core/package.h"

namespace appvault::client::restore {

enum class Presence {
  kAbsent,            // not installed: download and install
  kOlder,             // an older version, same signer: download and update
  kDamaged,           // installed, but its package no longer reads right: let Install decide
  kAlreadyInstalled,  // this version or a newer one, same signer: nothing to do
  kOtherSigner,       // signed by another certificate: refused, nothing downloaded
};

struct PresenceCheck {
  Presence presence = Presence::kAbsent;
  std::string reason;  // for kAlreadyInstalled and kOtherSigner
};

// The planned package's signer is the one the facts name: the same certificate, or — for a
// package without a verified signer (iOS, all-zero in the library) — none on either side.
bool SameSigner(const std::optional<Sha256>& facts_signer, const Sha256& planned_signer);

// Where the device stands for package.app, from installed (InstalledApps()).
PresenceCheck CheckInstalled(const Package& package, const std::vector<InstalledApp>& installed);

}  // namespace appvault::client::restore
