#include "core/split_choice.h"

#include <algorithm>
#include <cstdlib>
#include <set>
#include <utility>

namespace appvault {
namespace {

using Splits = std::vector<const SplitMember*>;

// The base or one feature split, with the configuration splits that serve it.
struct Group {
  std::string owner;                     // "" = the base, else the feature split's name
  const std::vector<std::string>* abis;  // the owner's own native-code ABIs
  Splits by_abi;
  Splits by_density;
  Splits by_language;
  Splits unknown;
};

std::string Join(const std::vector<std::string>& items) {
  std::string out;
  for (const std::string& item : items) {
    out += (out.empty() ? "" : ", ") + item;
  }
  return out;
}

std::string OwnerName(const Group& group) {
  return group.owner.empty() ? "the base" : "feature split " + group.owner;
}

std::vector<Group> GroupSplits(const Package& set) {
  std::vector<Group> groups{Group{"", &set.abis, {}, {}, {}, {}}};
  for (const SplitMember& split : set.splits) {
    if (split.kind == SplitKind::kFeature)
      groups.push_back(Group{split.name, &split.abis, {}, {}, {}, {}});
  }
  for (const SplitMember& split : set.splits) {
    auto group = std::find_if(groups.begin(), groups.end(),
                              [&](const Group& g) { return g.owner == split.config_for; });
    if (group == groups.end()) continue;  // ValidateApkSet refuses such sets
    switch (split.kind) {
      case SplitKind::kAbi:
        group->by_abi.push_back(&split);
        break;
      case SplitKind::kDensity:
        group->by_density.push_back(&split);
        break;
      case SplitKind::kLanguage:
        group->by_language.push_back(&split);
        break;
      case SplitKind::kOther:
        group->unknown.push_back(&split);
        break;
      case SplitKind::kFeature:
        break;
    }
  }
  return groups;
}

bool Has(const std::vector<std::string>& items, const std::string& item) {
  return std::find(items.begin(), items.end(), item) != items.end();
}

// What the choice has so far: the splits and the reason's phrases.
struct Chosen {
  Splits splits;
  std::vector<std::string> why;
};

// The ABI split of the device's most preferred ABI the group provides. Without one, the
// owner's own native code must serve the device.
Status ChooseAbi(const Group& group, const DeviceProfile& device, Chosen* chosen) {
  if (group.by_abi.empty()) return Status::Ok();
  for (std::size_t i = 0; i < device.abis.size(); ++i) {
    for (const SplitMember* split : group.by_abi) {
      if (split->abi != device.abis[i]) continue;
      chosen->splits.push_back(split);
      chosen->why.push_back(split->name + " (ABI " + split->abi +
                            (i == 0 ? ", the device's first" : ", the device's first the set has") +
                            ")");
      return Status::Ok();
    }
  }
  for (const std::string& abi : device.abis) {
    if (Has(*group.abis, abi)) {
      chosen->why.push_back("no ABI split of " + OwnerName(group) +
                            " (its own native code is for " + abi + ")");
      return Status::Ok();
    }
  }
  std::vector<std::string> offered;
  for (const SplitMember* split : group.by_abi) {
    offered.push_back(split->abi);
  }
  return Status(StatusCode::kInvalidArgument, "the ABI splits of " + OwnerName(group) +
                                                  " are only for " + Join(offered) +
                                                  ", none for the device's " + Join(device.abis));
}

// The density split nearest the device's density; ties go to the higher density.
void ChooseDensity(const Group& group, const DeviceProfile& device, Chosen* chosen) {
  const SplitMember* best = nullptr;
  for (const SplitMember* split : group.by_density) {
    if (best == nullptr) {
      best = split;
      continue;
    }
    const int distance = std::abs(split->density - device.density);
    const int best_distance = std::abs(best->density - device.density);
    if (distance < best_distance || (distance == best_distance && split->density > best->density)) {
      best = split;
    }
  }
  if (best == nullptr) return;
  chosen->splits.push_back(best);
  chosen->why.push_back(best->name + " (" + std::to_string(best->density) +
                        " dpi, nearest the device's " + std::to_string(device.density) + ")");
}

// A locale tag's language and region ("zh-Hant-TW" -> zh, TW; "fr" -> fr, "").
std::pair<std::string, std::string> LanguageAndRegion(const std::string& tag) {
  const std::size_t first = tag.find('-');
  std::string language = tag.substr(0, first);
  if (first == std::string::npos) return {language, ""};
  std::string last = tag.substr(tag.rfind('-') + 1);
  if (last.size() == 4) return {language, ""};  // a script, no region
  return {language, last};
}

// Whether a language split for split_locale serves a device of device_locale: the same
// language, and the same region when the split names one.
bool ServesLocale(const std::string& split_locale, const std::string& device_locale) {
  auto [split_language, split_region] = LanguageAndRegion(split_locale);
  auto [device_language, device_region] = LanguageAndRegion(device_locale);
  return split_language == device_language &&
         (split_region.empty() || split_region == device_region);
}

void ChooseLanguages(const Group& group, const DeviceProfile& device, Chosen* chosen) {
  if (group.by_language.empty()) return;
  bool any = false;
  for (const SplitMember* split : group.by_language) {
    for (const std::string& locale : device.locales) {
      if (!ServesLocale(split->locale, locale)) continue;
      chosen->splits.push_back(split);
      chosen->why.push_back(split->name + " (language " + split->locale + " for " + locale + ")");
      any = true;
      break;
    }
  }
  if (!any) {
    chosen->why.push_back("no language split of " + OwnerName(group) + " for the device's " +
                          Join(device.locales));
  }
}

void NoteUnknown(const Group& group, Chosen* chosen) {
  for (const SplitMember* split : group.unknown) {
    chosen->why.push_back("left out " + split->name + " (serves no ABI, density or language)");
  }
}

// Every requiredSplitTypes entry of a chosen APK is among the chosen APKs' splitTypes.
Status CheckRequiredTypes(const Package& set, const Splits& splits) {
  std::set<std::string> given(set.split_types.begin(), set.split_types.end());
  for (const SplitMember* split : splits) {
    given.insert(split->split_types.begin(), split->split_types.end());
  }
  for (const std::string& type : set.required_split_types) {
    if (!given.contains(type)) {
      return Status(StatusCode::kInvalidArgument,
                    "the base requires split type " + type + ", which no split chosen gives");
    }
  }
  for (const SplitMember* split : splits) {
    for (const std::string& type : split->required_split_types) {
      if (!given.contains(type)) {
        return Status(StatusCode::kInvalidArgument, "split " + split->name +
                                                        " requires split type " + type +
                                                        ", which no split chosen gives");
      }
    }
  }
  return Status::Ok();
}

Status ChooseForGroup(const Group& group, const DeviceProfile& device, Chosen* chosen) {
  if (!group.owner.empty()) chosen->why.push_back(group.owner + " (a feature split)");
  if (Status s = ChooseAbi(group, device, chosen); !s.ok()) return s;
  ChooseDensity(group, device, chosen);
  ChooseLanguages(group, device, chosen);
  NoteUnknown(group, chosen);
  return Status::Ok();
}

}  // namespace

Result<SplitChoice> ChooseSplits(const Package& set, const DeviceProfile& device) {
  SplitChoice choice;
  choice.members.push_back(ChosenMember{"", set.sha256, set.size});
  if (set.splits.empty()) return choice;
  Chosen chosen;
  for (const Group& group : GroupSplits(set)) {
    if (!group.owner.empty()) {
      chosen.splits.push_back(
          &*std::find_if(set.splits.begin(), set.splits.end(),
                         [&](const SplitMember& s) { return s.name == group.owner; }));
    }
    if (Status s = ChooseForGroup(group, device, &chosen); !s.ok()) return s;
  }
  if (Status s = CheckRequiredTypes(set, chosen.splits); !s.ok()) return s;
  std::sort(chosen.splits.begin(), chosen.splits.end(),
            [](const SplitMember* a, const SplitMember* b) { return a->name < b->name; });
  for (const SplitMember* split : chosen.splits) {
    choice.members.push_back(ChosenMember{split->name, split->sha256, split->size});
  }
  choice.reason = "app set: base";
  for (const std::string& why : chosen.why) {
    choice.reason += "; " + why;
  }
  return choice;
}

}  // namespace appvault
