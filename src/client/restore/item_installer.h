// Installing downloaded items of a restore: each package checked against the plan, then
// Device::InstallInspectedAll, each app with its backed-up configuration in the same change.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "client/device.h"
#include "client/restore/restore_plan.h"
#include "client/restore/restore_report.h"
#include "core/status.h"
#include "pkg/inspect.h"

namespace appvault::client::restore {

// What the download of one split APK of an app set gave (a planned member after the base).
struct DownloadedSplit {
  const api::PlannedMember* member = nullptr;
  Status status;         // ok: the verified file is at path
  std::string path;      // in the device's StateDirectory()
  bool movable = false;  // no other item needs the file
  // CheckSplitAgainstPlan's result when it has run already; nullopt: InstallItems runs it.
  std::optional<Result<pkg::PackageFacts>> plan_check;
};

// What the downloads of one item gave.
struct DownloadedItem {
  Status package_status;         // ok: the verified package file is at package_path
  std::string package_path;      // in the device's StateDirectory(), written by no one else
  bool package_movable = false;  // no other item needs the file: the install may move it
  // The result of CheckAgainstPlan when it has run already (on another thread, while the
  // previous item was being installed); nullopt: InstallItem runs it.
  std::optional<Result<pkg::PackageFacts>> plan_check;
  std::optional<Status> config_status;  // set when the item restores a configuration
  std::string config_path;              // the verified bundle when config_status is ok
  std::vector<DownloadedSplit> splits;  // an app set's chosen splits, in the plan's order
};

// The package must read (pkg::InspectPackage) and be exactly the plan's — SHA-256, size,
// platform, app id, version code and signer — else kDataLoss naming the field; it is never
// installed then. Its facts when it is (handed to Device::InstallInspected: the package is
// read once). `known`: digests the download took of these very bytes as it wrote them (the
// file's SHA-256, verified against the plan's; the chunk digests of its signature): the
// check then reads only what they do not cover. Every signature is still verified.
Result<pkg::PackageFacts> CheckAgainstPlan(const std::string& package_path, const Package& planned,
                                           const pkg::InspectOptions& known = {});

// A downloaded split must read (pkg::InspectPackage) and be the plan's member — SHA-256,
// size, split name — of the planned package's app, version code and signer; else kDataLoss
// naming the member and the field. Its facts when it is.
Result<pkg::PackageFacts> CheckSplitAgainstPlan(const std::string& path,
                                                const api::PlannedMember& member,
                                                const Package& planned,
                                                const pkg::InspectOptions& known = {});

// CONTRACT §4 rule 5, checked again on the client: a backed-up configuration goes only into
// an Android package signed by the certificate the backup recorded (the plan's
// backup_signer_sha256) or by a v3 rotation successor of it (the downloaded package's own
// verified proof). Ok for a package without a verified signer (iOS) or a backup that
// recorded none; else kDataLoss naming both certificates.
Status CheckConfigSigner(const PlanEntry& entry, const pkg::PackageFacts& facts);

// One item of a restore to install: its plan entry, what its downloads gave, its report.
struct ItemToInstall {
  const PlanEntry* entry = nullptr;  // REQUIRES: entry->package
  const DownloadedItem* files = nullptr;
  ItemReport* report = nullptr;
};

// Installs the items and fills their reports: outcome installed / installed_alternative with
// done = true and config_restored when the configuration was restored; failed (device
// unchanged) when the download failed, the package is not the plan's or the device refused
// it. An app set is installed whole or not at all: a split that failed to download or is not
// the plan's fails the item. The packages that pass go to one Device::InstallInspectedAll call
// (which may make them take effect together; REQUIRES: no two items install the same app), each
// with its downloaded configuration bundle, installed in the same change as its app. An app whose
// configuration could not be downloaded is not installed (failed): installed without it, the
// next restore would find it installed and its settings would be lost. An app whose bundle
// the device refuses (an unsafe entry, a limit: no later run would do better) is installed
// with its generated configuration: done = false, and the reason says why.
void InstallItems(Device& device, const std::vector<ItemToInstall>& items);

}  // namespace appvault::client::restore
