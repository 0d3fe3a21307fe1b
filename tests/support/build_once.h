// Fixture packages (or any generated folder) built once per build tree: ctest runs every
// test case in its own process, and generating packages (keytool, aapt, apksigner) takes
// seconds, so the result is cached in the build tree and shared by every test process.
#pragma once

#include <functional>
#include <string>
#include <vector>

namespace appvault::test {

// BUILD_TREE/test_cache/name: where a generated folder of that name is cached.
std::string CacheFolder(const std::string& name);

// SOURCE_TREE/relative: a script or data file of the repository.
std::string SourcePath(const std::string& relative);

// A stamp that changes when any of these files changes (the SHA-256 of their contents, each
// followed by a NUL; a missing file counts as empty).
std::string StampOf(const std::vector<std::string>& files);

// Writes the folder's content into tmp (a fresh, empty folder). False, with the reason in
// *error, when that fails.
using BuildFolder = std::function<bool(const std::string& tmp, std::string* error)>;

// Makes sure `folder` holds what `build` makes for `stamp`, and returns folder. Under an
// exclusive flock(2) on folder.lock (concurrent test processes wait for the one that
// builds): when folder/.stamp differs from stamp, runs build into folder.tmp, writes the
// stamp and renames it into place. Within one process each folder is checked once; later
// calls return the first answer. Returns "" with the reason in *error (when error is not
// null) when the build failed. Thread-safe.
std::string BuildOnce(const std::string& folder, const std::string& stamp, const BuildFolder& build,
                      std::string* error = nullptr);

// A folder that a fixture script fills: `bash SCRIPT FOLDER ARGS...`.
struct FixtureScript {
  std::string script;                    // path of the script (SourcePath)
  std::vector<std::string> args = {};    // its arguments after the folder
  std::vector<std::string> inputs = {};  // other files the folder depends on (keys, helpers)
};

// BuildOnce of CacheFolder(name) with fixture's script, stamped with the script's content,
// tests/support/apk_lib.sh's (which every package script sources), the inputs' and the
// arguments. Returns the folder, or "" with the script's exit status and output in *error
// (when error is not null).
std::string BuildWithScript(const std::string& name, const FixtureScript& fixture,
                            std::string* error = nullptr);

}  // namespace appvault::test
