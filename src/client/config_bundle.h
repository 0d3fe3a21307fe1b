// Configuration bundles: an app's configuration folder as one file, for backup and restore.
// A bundle is a tar archive (ustar or pax; written as pax-restricted) of the files and
// folders below config/, with paths relative to it, optionally gzip-compressed (written
// compressed). Written deterministically: entries sorted bytewise by path, mtime 0, owner
// 0:0 without names, modes 0644 (files) and 0755 (folders), no gzip timestamp — the same
// files give the same bytes, so the same SHA-256. Format and limits: docs/client.md.
#pragma once

#include <string>

#include "client/config_limits.h"
#include "client/device.h"
#include "core/status.h"

namespace appvault::client {

// Writes the bundle of config_dir (a missing folder gives an empty bundle) to out_path,
// replacing it atomically. Errors: kInvalidArgument (something other than files and
// folders, over a limit), kUnavailable (I/O; also a file changing while it is packed).
Result<ConfigBundleInfo> WriteConfigBundle(const std::string& config_dir,
                                           const std::string& out_path, const ConfigLimits& limits);

// Extracts the bundle into dest (an existing, empty folder), checking every entry before a
// byte of it is written: regular files and folders only (no symlinks, hard links, devices,
// fifos), safe relative names (relative_path.h), no repeats, per-file, total and
// entry-count limits. Errors: kNotFound (no bundle file), kInvalidArgument naming the entry
// or saying why the file is not a bundle, kUnavailable. On error dest holds a part of the
// bundle: the caller discards it.
Status ExtractConfigBundle(const std::string& bundle_path, const std::string& dest,
                           const ConfigLimits& limits);

}  // namespace appvault::client
