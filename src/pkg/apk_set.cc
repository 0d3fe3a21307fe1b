#include "pkg/apk_set.h"

#include <algorithm>
#include <set>
#include <utility>

namespace appvault::pkg {
namespace {

Status SetError(StatusCode code, const std::string& why) {
  return Status(code, "app set: " + why);
}

std::string Describe(const ApkSetMember& m) {
  return "split " + m.facts.split + " (" + m.name + ")";
}

// The member against the base: same package, versionCode and signer.
Status CheckAgainstBase(const ApkSetMember& m, const ApkSetMember& base) {
  if (m.facts.app.str() != base.facts.app.str()) {
    return SetError(StatusCode::kInvalidPackage, Describe(m) + " is of package " +
                                                     m.facts.app.str() + ", the base of " +
                                                     base.facts.app.str());
  }
  if (m.facts.version.text() != base.facts.version.text()) {
    return SetError(StatusCode::kInvalidPackage, Describe(m) + " has versionCode " +
                                                     m.facts.version.text() + ", the base " +
                                                     base.facts.version.text());
  }
  if (m.facts.signer_sha256 != base.facts.signer_sha256) {
    return SetError(StatusCode::kSignerMismatch,
                    Describe(m) + " is signed by another certificate than the base");
  }
  return Status::Ok();
}

// Every configForSplit names a feature split of the set; every required split type is given.
Status CheckReferences(const ApkSet& set) {
  std::set<std::string> features;
  std::set<std::string> types;
  for (const ApkSetMember& m : set.splits) {
    if (m.facts.is_feature_split) features.insert(m.facts.split);
    types.insert(m.facts.split_types.begin(), m.facts.split_types.end());
  }
  types.insert(set.base.facts.split_types.begin(), set.base.facts.split_types.end());
  for (const ApkSetMember& m : set.splits) {
    const std::string& target = m.facts.config_for_split;
    if (!target.empty() && !features.contains(target)) {
      return SetError(StatusCode::kInvalidPackage, Describe(m) + " configures feature split " +
                                                       target + ", which the set lacks");
    }
  }
  std::vector<const ApkSetMember*> all{&set.base};
  for (const ApkSetMember& m : set.splits) {
    all.push_back(&m);
  }
  for (const ApkSetMember* m : all) {
    for (const std::string& type : m->facts.required_split_types) {
      if (!types.contains(type)) {
        return SetError(StatusCode::kInvalidPackage, "required split type " + type + " (of " +
                                                         m->name +
                                                         ") provided by no split of the set");
      }
    }
  }
  return Status::Ok();
}

}  // namespace

std::vector<SplitMember> SplitMembersOf(const ApkSet& set) {
  std::vector<SplitMember> out;
  for (const ApkSetMember& m : set.splits) {
    const PackageFacts& f = m.facts;
    SplitMember split;
    split.name = f.split;
    split.sha256 = f.sha256;
    split.size = f.size;
    split.config_for = f.config_for_split;
    split.abis = f.abis;
    split.required_split_types = f.required_split_types;
    split.split_types = f.split_types;
    if (f.is_feature_split) {
      split.kind = SplitKind::kFeature;
    } else if (f.serves && !f.serves->abi.empty()) {
      split.kind = SplitKind::kAbi;
      split.abi = f.serves->abi;
    } else if (f.serves && f.serves->density != 0) {
      split.kind = SplitKind::kDensity;
      split.density = f.serves->density;
    } else if (f.serves && !f.serves->locale.empty()) {
      split.kind = SplitKind::kLanguage;
      split.locale = f.serves->locale;
    }
    out.push_back(std::move(split));
  }
  return out;
}

Result<ApkSet> ValidateApkSet(std::vector<ApkSetMember> members) {
  if (members.empty()) return SetError(StatusCode::kInvalidArgument, "no APK");
  std::vector<ApkSetMember> bases;
  std::vector<ApkSetMember> splits;
  for (ApkSetMember& m : members) {
    if (m.facts.platform != Platform::kAndroid) {
      return SetError(StatusCode::kInvalidArgument, m.name + " is not an Android package");
    }
    (m.facts.split.empty() ? bases : splits).push_back(std::move(m));
  }
  if (bases.empty()) return SetError(StatusCode::kInvalidPackage, "no base APK");
  if (bases.size() > 1) {
    return SetError(StatusCode::kInvalidPackage,
                    "two base APKs: " + bases[0].name + ", " + bases[1].name);
  }
  std::sort(splits.begin(), splits.end(), [](const ApkSetMember& a, const ApkSetMember& b) {
    return a.facts.split < b.facts.split;
  });
  for (std::size_t i = 1; i < splits.size(); ++i) {
    if (splits[i].facts.split == splits[i - 1].facts.split) {
      return SetError(StatusCode::kInvalidPackage, "split " + splits[i].facts.split + " twice: " +
                                                       splits[i - 1].name + ", " + splits[i].name);
    }
  }
  ApkSet set{std::move(bases[0]), std::move(splits), {}};
  for (const ApkSetMember& m : set.splits) {
    if (Status s = CheckAgainstBase(m, set.base); !s.ok()) return s;
  }
  if (Status s = CheckReferences(set); !s.ok()) return s;
  return set;
}

}  // namespace appvault::pkg
