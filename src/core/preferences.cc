#include "core/preferences.h"

namespace appvault {

ResolvedPreferences Resolve(const Preferences& sent, const Preferences& stored) {
  ResolvedPreferences defaults;
  ResolvedPreferences out;
  out.install_latest =
      sent.install_latest.value_or(stored.install_latest.value_or(defaults.install_latest));
  out.accept_alternatives = sent.accept_alternatives.value_or(
      stored.accept_alternatives.value_or(defaults.accept_alternatives));
  out.backup_config =
      sent.backup_config.value_or(stored.backup_config.value_or(defaults.backup_config));
  return out;
}

}  // namespace appvault
