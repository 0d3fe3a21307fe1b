// Preferences: a user's install settings (CONTRACT §2 `prefs`, §4 inputs). A setting sent
// with a request wins over the stored one, which wins over the system default.
#pragma once

#include <optional>

namespace appvault {

// Settings as sent or stored: each one may be absent.
struct Preferences {
  std::optional<bool> install_latest;       // newest version instead of the backed-up one
  std::optional<bool> accept_alternatives;  // a related app when none of this one fits
  std::optional<bool> backup_config;        // back up configuration files by default
};

// Settings with every value decided.
struct ResolvedPreferences {
  bool install_latest = false;
  bool accept_alternatives = false;
  bool backup_config = false;
};

// Per setting: sent, else stored, else the system default (all false).
ResolvedPreferences Resolve(const Preferences& sent, const Preferences& stored);

}  // namespace appvault
