// ClamavScanner: Scanner on libclamav with an operator-supplied signature database.
#pragma once

#include <memory>
#include <string>

#include "scan/scanner.h"

namespace appvault::scan {

// Limits of one scan (documented in docs/operations.md). libclamav scans files of at most
// 2 GiB - 1. A file or archive past any limit is reported as a detection
// ("Heuristics.Limits.Exceeded…"): a package that could not be scanned whole is not vetted.
inline constexpr long long kMaxScanFileBytes = (1ll << 31) - 1;  // whole package
inline constexpr long long kMaxScanBytes = (1ll << 31) - 1;      // bytes read, archives included
inline constexpr long long kMaxScanFiles = 65536;                // entries inside archives

class ClamavScanner : public Scanner {
 public:
  // Loads every signature in the database file or folder (.cvd, .cld, .ndb, .hdb, …) and
  // compiles the engine. A database that fails to load, or holds no signature, is an error
  // (kInvalidArgument naming the path and libclamav's reason): the server must not start
  // believing it scans when it does not.
  static Result<std::unique_ptr<ClamavScanner>> Load(const std::string& database_path);
  ~ClamavScanner() override;

  Result<ScanVerdict> ScanFile(const std::string& path) const override;
  std::string Describe() const override;

 private:
  struct Engine;
  ClamavScanner(std::unique_ptr<Engine> engine, unsigned signatures, std::string path);

  std::unique_ptr<Engine> engine_;
  unsigned signatures_;
  std::string path_;
};

}  // namespace appvault::scan
