// App sets (CONTRACT §7): a base APK and its split APKs, checked as a whole — a pure
// function over the facts InspectPackage gave for each APK, so that the server can call it
// when a set is published and `appvaultd inspect FILE.apks` can show it.
#pragma once

#include <map>
#include <string>
#include <vector>

#include "core/package.h"
#include "core/status.h"
#include "pkg/inspect.h"

namespace appvault::pkg {

// One inspected APK of a set; name says where it came from (a file or .apks member name),
// for messages only — members are recognised by their manifests, never by their names.
struct ApkSetMember {
  std::string name;
  PackageFacts facts;
};

// A checked set: the base, then the splits in ascending split name.
struct ApkSet {
  ApkSetMember base;
  std::vector<ApkSetMember> splits;
  // The base's label (a resource) per locale of its language splits, resolved from their
  // resources.arsc: what a device of that locale shows. Filled by apk_set_archive.h.
  std::map<std::string, std::string> labels;
};

// Checks that the APKs form one installable set, as Android's package manager requires:
// exactly one base (a member without split name); no split name twice; every member of the
// base's package, versionCode and signer; every configForSplit names a feature split of the
// set; every requiredSplitTypes entry is provided by some member's splitTypes. Errors, each
// naming the defect and the member: kInvalidPackage ("app set: no base APK", "app set: two
// base APKs: a.apk, b.apk", "app set: split config.fr twice", "app set: split config.fr
// (fr.apk) is of package org.x, the base of org.y", "... has versionCode 4, the base 5",
// "app set: split config.x86 (x86.apk) configures feature split camera, which the set
// lacks", "app set: required split type language provided by no split"), kSignerMismatch
// ("app set: split config.fr (fr.apk) is signed by another certificate than the base"), and
// kInvalidArgument for an empty set or a non-Android member. Thread-safety: a pure function.
Result<ApkSet> ValidateApkSet(std::vector<ApkSetMember> members);

// The set's splits as the library keeps them (core's SplitMember, for the split choice): kind
// from isFeatureSplit and what each configuration split serves, in the set's order.
std::vector<SplitMember> SplitMembersOf(const ApkSet& set);

}  // namespace appvault::pkg
