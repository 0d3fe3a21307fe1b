// Test-only: the real packages of tests/fixtures/make_apks.sh and apksigner's verdict on each.
//
// The script runs once per build tree, not once per test process (test::BuildOnce of
// tests/support/build_once.h): the packages go to BUILD/test_cache/apk_fixtures
// (APPVAULT_APK_FIXTURES overrides it), stamped with the SHA-256 of the generator scripts
// and guarded by a file lock, so concurrent test processes wait for one generation.
#pragma once

#include <set>
#include <string>
#include <vector>

namespace appvault::pkg::test_fixtures {

// One row of OUTDIR/manifest.tsv (see make_apks.sh for the columns).
struct ApkFixture {
  std::string file;
  std::string path;  // absolute
  std::string verdict;
  std::set<std::string> schemes;
  std::string key;
  int min_sdk = 0;
  int target_sdk = 0;
  std::string max_sdk;
  bool apksigner_agrees = true;
};

// apksigner verify --print-certs -v on one package.
struct ApksignerVerdict {
  bool verifies = false;
  std::set<std::string> schemes;
  std::string signer_sha256;
  std::string signer_dn;
  std::string output;
};

// The folder holding the packages, keys/ and manifest.tsv; generated on first use.
// Returns "" (with the reason in *error) when generation failed.
std::string FixtureDir(std::string* error);

// The fixtures listed in manifest.tsv; empty when generation failed.
const std::vector<ApkFixture>& Fixtures();

// The fixture with this file name; aborts the test binary when it does not exist.
const ApkFixture& Fixture(const std::string& file);

// apksigner's verdict on a fixture (computed at generation time).
ApksignerVerdict Apksigner(const ApkFixture& fixture);

// The contents of a file, "" when it cannot be read.
std::string ReadFileBytes(const std::string& path);

}  // namespace appvault::pkg::test_fixtures
