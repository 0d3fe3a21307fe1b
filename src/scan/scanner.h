// Scanner: the malware check every package passes before it enters the library
// ("safe, virus-free", MISSION.md). Implementations: ClamavScanner; NoScanner when the
// operator gave no signature database (the server says so at start).
#pragma once

#include <memory>
#include <optional>
#include <string>

#include "core/status.h"

namespace appvault::scan {

struct ScanVerdict {
  std::optional<std::string> detection;  // the signature's name when the file is infected
  bool infected() const { return detection.has_value(); }
};

// Thread-safety: ScanFile may be called from many threads at once.
class Scanner {
 public:
  virtual ~Scanner() = default;
  // Scans the file (and what archives inside it hold). Errors: kUnavailable when the file
  // cannot be read or the engine fails; an error never passes as clean.
  virtual Result<ScanVerdict> ScanFile(const std::string& path) const = 0;
  // For logs and /healthz: "clamav (N signatures from PATH)" or "off".
  virtual std::string Describe() const = 0;
};

// Scans nothing and says every file is clean; `Describe()` is "off".
std::unique_ptr<Scanner> NoScanner();

}  // namespace appvault::scan
