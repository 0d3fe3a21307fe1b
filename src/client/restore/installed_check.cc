#include "client/restore/installed_check.h"

namespace appvault::client::restore {
namespace {

std::string SignerText(const std::optional<Sha256>& signer) {
  return signer && *signer != Sha256() ? "certificate " + signer->Short() + "…"
                                       : "no verified certificate";
}

}  // namespace

bool SameSigner(const std::optional<Sha256>& facts_signer, const Sha256& planned_signer) {
  const Sha256 facts = facts_signer.value_or(Sha256());
  return facts == planned_signer;
}

PresenceCheck CheckInstalled(const Package& package, const std::vector<InstalledApp>& installed) {
  for (const InstalledApp& app : installed) {
    if (app.app != package.app) continue;
    if (!app.healthy() || !app.package) return {Presence::kDamaged, app.problem};
    const pkg::PackageFacts& facts = *app.package;
    if (!SameSigner(facts.signer_sha256, package.signer_sha256)) {
      return {Presence::kOtherSigner,
              package.app.str() + " is installed signed by " + SignerText(facts.signer_sha256) +
                  "; the library's package is signed by " +
                  SignerText(std::optional<Sha256>(package.signer_sha256)) +
                  ": the installed app is kept (remove it to restore this one)"};
    }
    if (facts.platform != package.platform || facts.version < package.version) {
      return {Presence::kOlder, ""};
    }
    if (facts.version == package.version) {
      return {Presence::kAlreadyInstalled, "version " + facts.version.text() + " is installed"};
    }
    return {Presence::kAlreadyInstalled, "a newer version (" + facts.version.text() +
                                             ") is installed; the plan's is " +
                                             package.version.text()};
  }
  return {Presence::kAbsent, ""};
}

}  // namespace appvault::client::restore
