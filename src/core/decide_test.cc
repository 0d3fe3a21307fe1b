// Table-driven tests of Decide(): every rule of CONTRACT §4 has a case that fails if the rule
// is broken. Packages are told apart by a tag stored in the first byte of their digest.
#include "core/decide.h"

#include <gtest/gtest.h>

#include <functional>
#include <string>
#include <vector>

namespace appvault {
namespace {

constexpr int kNone = -1;
constexpr int kSignerA = 200;
constexpr int kSignerB = 201;
constexpr int kSignerC = 202;
constexpr int kConfig = 250;

Sha256 Tag(int tag) {
  Sha256::Bytes bytes{};
  bytes[0] = static_cast<std::uint8_t>(tag);
  return Sha256(bytes);
}

Package Android(const std::string& software, int tag, std::int64_t code) {
  Package p;
  p.sha256 = Tag(tag);
  p.size = 1000;
  p.software_id = software;
  p.platform = Platform::kAndroid;
  p.app = *AppId::Parse("com.example." + software);
  p.version = Version::Android(code);
  p.version_name = std::to_string(code);
  p.min_os = Version::Android(21);
  p.signer_sha256 = Tag(kSignerA);
  return p;
}

Package Ios(const std::string& software, int tag, const std::string& version,
            const std::string& min_os) {
  Package p;
  p.sha256 = Tag(tag);
  p.software_id = software;
  p.platform = Platform::kIos;
  p.app = *AppId::Parse("com.example.ios." + software);
  p.version = *Version::Parse(Platform::kIos, version);
  p.version_name = version;
  p.min_os = *Version::Parse(Platform::kIos, min_os);
  return p;
}

Package WithAbis(Package p, std::vector<std::string> abis) {
  p.abis = std::move(abis);
  return p;
}

CatalogEntry Entry(const std::string& id, const std::string& category, std::int64_t votes,
                   std::vector<Package> packages) {
  return CatalogEntry{Software{id, "App " + id, "Example Inc", category, "", votes},
                      std::move(packages)};
}

DeviceProfile AndroidDevice(int api, std::vector<std::string> abis = {"arm64-v8a", "armeabi-v7a"}) {
  return DeviceProfile{Platform::kAndroid, Version::Android(api), std::move(abis)};
}

// The user backed up com.example.notes at version 20, signed by A, with configuration.
// The library has notes 10, 20, 30 (android ≥ 21, no native code) and three other apps:
// memo (productivity, 5 votes), jot (productivity, 9 votes), game (games, 100 votes),
// each with one package for android ≥ 21.
DecisionInput BaseInput() {
  DecisionInput in;
  in.app = *AppId::Parse("com.example.notes");
  BackupRecord backup;
  backup.app = in.app;
  backup.platform = Platform::kAndroid;
  backup.software_id = "notes";
  backup.version = Version::Android(20);
  backup.signer_sha256 = Tag(kSignerA);
  backup.device_id = "phone-a";
  backup.config_sha256 = Tag(kConfig);
  in.backup = backup;
  in.backed_up_software =
      Entry("notes", "productivity", 3,
            {Android("notes", 10, 10), Android("notes", 20, 20), Android("notes", 30, 30)});
  in.related = {Entry("memo", "productivity", 5, {Android("memo", 50, 1)}),
                Entry("jot", "productivity", 9, {Android("jot", 60, 1)}),
                Entry("game", "games", 100, {Android("game", 70, 1)})};
  in.device = AndroidDevice(30);
  return in;
}

std::vector<Package>& OwnPackages(DecisionInput& in) {
  return in.backed_up_software->packages;
}

// Makes the backed-up software fit nothing: every package needs API 34.
void NothingFits(DecisionInput& in) {
  for (Package& p : OwnPackages(in))
    p.min_os = Version::Android(34);
}

struct Case {
  std::string name;
  std::function<void(DecisionInput&)> arrange;
  PlanOutcome outcome;
  int package = kNone;  // tag of the package sent
  bool substituted = false;
  bool config = false;  // the backup's configuration is sent
  std::string alternative_for = "";
  std::string reason_has = "";  // a fragment the reason must contain
};

int PackageTag(const PlanItem& item) {
  return item.package ? item.package->sha256.bytes()[0] : kNone;
}

class DecideTest : public ::testing::TestWithParam<Case> {};

TEST_P(DecideTest, FollowsContract) {
  const Case& c = GetParam();
  DecisionInput in = BaseInput();
  c.arrange(in);
  PlanItem item = Decide(in);
  EXPECT_EQ(OutcomeName(item.outcome), OutcomeName(c.outcome)) << item.reason;
  EXPECT_EQ(PackageTag(item), c.package) << item.reason;
  EXPECT_EQ(item.version_substituted, c.substituted) << item.reason;
  EXPECT_EQ(item.config_sha256.has_value(), c.config);
  if (c.config) {
    EXPECT_EQ(*item.config_sha256, Tag(kConfig));
  }
  EXPECT_EQ(item.alternative_for.value_or(""), c.alternative_for);
  EXPECT_NE(item.reason.find(c.reason_has), std::string::npos) << item.reason;
  EXPECT_EQ(item.app.str(), in.app.str());
  if (item.package) {
    EXPECT_EQ(item.software_id.value_or(""), item.package->software_id);
  }
}

void Nothing(DecisionInput&) {}

const Case kRules[] = {
    // Rule 1: no backup → not_backed_up, nothing installed.
    {"NotBackedUp", [](DecisionInput& in) { in.backup.reset(); }, PlanOutcome::kNotBackedUp, kNone,
     false, false, "", "never backed up"},
    // Rule 2: backed up, but the library lacks the software.
    {"NotInCatalog", [](DecisionInput& in) { in.backed_up_software.reset(); },
     PlanOutcome::kNotInCatalog, kNone, false, false, "", "not in the library"},
    // Rule 3: the backed-up version by default (system default install_latest=false).
    {"BackedUpVersionByDefault", Nothing, PlanOutcome::kInstall, 20, false, true},
    {"LatestByStoredSetting", [](DecisionInput& in) { in.stored.install_latest = true; },
     PlanOutcome::kInstall, 30, false, true},
    {"LatestBySentSetting", [](DecisionInput& in) { in.sent.install_latest = true; },
     PlanOutcome::kInstall, 30, false, true},
    {"SentSettingBeatsStored",
     [](DecisionInput& in) {
       in.stored.install_latest = true;
       in.sent.install_latest = false;
     },
     PlanOutcome::kInstall, 20, false, true},
    {"LatestIsHighestNotLastListed",
     [](DecisionInput& in) {
       in.sent.install_latest = true;
       OwnPackages(in) = {Android("notes", 30, 30), Android("notes", 10, 10),
                          Android("notes", 20, 20)};
     },
     PlanOutcome::kInstall, 30, false, true},
    // Rule 3: backed-up version missing or unfitting → highest fitting, substituted.
    {"BackedUpVersionMissing",
     [](DecisionInput& in) { OwnPackages(in).erase(OwnPackages(in).begin() + 1); },
     PlanOutcome::kInstall, 30, true, true, "", "backed-up version 20 is not in the library"},
    {"BackedUpVersionNeedsNewerOs",
     [](DecisionInput& in) { OwnPackages(in)[1].min_os = Version::Android(33); },
     PlanOutcome::kInstall, 30, true, true, "", "needs android API 33 or newer"},
    {"SubstituteIsHighestThatFits",
     [](DecisionInput& in) {
       OwnPackages(in)[1].min_os = Version::Android(33);
       OwnPackages(in)[2].max_os = Version::Android(29);
     },
     PlanOutcome::kInstall, 10, true, true},
    // Min and max OS bounds, both inclusive.
    {"MaxOsExcludesNewerDevice",
     [](DecisionInput& in) {
       in.sent.install_latest = true;
       OwnPackages(in)[2].max_os = Version::Android(29);
     },
     PlanOutcome::kInstall, 20, false, true},
    {"MaxOsInclusive",
     [](DecisionInput& in) {
       in.sent.install_latest = true;
       OwnPackages(in)[2].max_os = Version::Android(30);
     },
     PlanOutcome::kInstall, 30, false, true},
    {"MinOsExcludesOlderDevice",
     [](DecisionInput& in) {
       in.sent.install_latest = true;
       OwnPackages(in)[2].min_os = Version::Android(31);
     },
     PlanOutcome::kInstall, 20, false, true},
    {"MinOsInclusive",
     [](DecisionInput& in) {
       in.sent.install_latest = true;
       OwnPackages(in)[2].min_os = Version::Android(30);
     },
     PlanOutcome::kInstall, 30, false, true},
    // Among one version's packages: the device's most preferred ABI.
    {"MostPreferredAbi",
     [](DecisionInput& in) {
       OwnPackages(in) = {Android("notes", 20, 20),
                          WithAbis(Android("notes", 21, 20), {"armeabi-v7a"}),
                          WithAbis(Android("notes", 22, 20), {"arm64-v8a"}),
                          WithAbis(Android("notes", 23, 20), {"x86_64"})};
     },
     PlanOutcome::kInstall, 22, false, true},
    {"AbiPreferenceFollowsDeviceOrder",
     [](DecisionInput& in) {
       in.device.abis = {"armeabi-v7a", "arm64-v8a"};
       OwnPackages(in) = {WithAbis(Android("notes", 22, 20), {"arm64-v8a"}),
                          WithAbis(Android("notes", 21, 20), {"armeabi-v7a"})};
     },
     PlanOutcome::kInstall, 21, false, true},
    {"NoNativeCodeWhenNoAbiMatches",
     [](DecisionInput& in) {
       in.device.abis = {"x86"};
       OwnPackages(in) = {WithAbis(Android("notes", 22, 20), {"arm64-v8a"}),
                          Android("notes", 20, 20)};
     },
     PlanOutcome::kInstall, 20, false, true},
    {"AbiMismatchDoesNotFit",
     [](DecisionInput& in) {
       OwnPackages(in) = {WithAbis(Android("notes", 23, 20), {"x86_64", "x86"})};
     },
     PlanOutcome::kNoCompatiblePackage, kNone, false, false, "", "android API 30"},
    // Rule 4: nothing fits.
    {"NoFitAlternativesOffNamesOs",
     [](DecisionInput& in) {
       NothingFits(in);
       in.device = AndroidDevice(19);
     },
     PlanOutcome::kNoCompatiblePackage, kNone, false, false, "", "android API 19"},
    {"NoFitStoredAlternativesOffBySystemDefault", NothingFits, PlanOutcome::kNoCompatiblePackage,
     kNone},
    {"AlternativeMostVotes",
     [](DecisionInput& in) {
       NothingFits(in);
       in.sent.accept_alternatives = true;
     },
     PlanOutcome::kAlternative, 60, false, false, "notes", "App jot"},
    {"AlternativeByStoredSetting",
     [](DecisionInput& in) {
       NothingFits(in);
       in.stored.accept_alternatives = true;
     },
     PlanOutcome::kAlternative, 60, false, false, "notes"},
    {"AlternativeSentOffBeatsStoredOn",
     [](DecisionInput& in) {
       NothingFits(in);
       in.stored.accept_alternatives = true;
       in.sent.accept_alternatives = false;
     },
     PlanOutcome::kNoCompatiblePackage, kNone},
    {"AlternativeTieLowerIdWins",
     [](DecisionInput& in) {
       NothingFits(in);
       in.sent.accept_alternatives = true;
       in.related = {Entry("memo", "productivity", 9, {Android("memo", 50, 1)}),
                     Entry("jot", "productivity", 9, {Android("jot", 60, 1)})};
     },
     PlanOutcome::kAlternative, 60, false, false, "notes"},
    {"AlternativeNeverSameSoftware",
     [](DecisionInput& in) {
       NothingFits(in);
       in.sent.accept_alternatives = true;
       in.related.push_back(Entry("notes", "productivity", 1000, {Android("notes", 90, 5)}));
     },
     PlanOutcome::kAlternative, 60, false, false, "notes"},
    {"AlternativeMustFit",
     [](DecisionInput& in) {
       NothingFits(in);
       in.sent.accept_alternatives = true;
       Package unfit = Android("mega", 80, 1);
       unfit.min_os = Version::Android(34);
       in.related.push_back(Entry("mega", "productivity", 1000, {unfit}));
     },
     PlanOutcome::kAlternative, 60, false, false, "notes"},
    {"AlternativeSameCategoryOnly",
     [](DecisionInput& in) {
       NothingFits(in);
       in.sent.accept_alternatives = true;
       in.related.erase(in.related.begin(), in.related.begin() + 2);  // only "game" is left
     },
     PlanOutcome::kNoCompatiblePackage, kNone, false, false, "", "no related app"},
    {"AlternativeHighestFittingVersion",
     [](DecisionInput& in) {
       NothingFits(in);
       in.sent.accept_alternatives = true;
       Package newest = Android("jot", 62, 3);
       newest.min_os = Version::Android(34);
       in.related[1].packages = {Android("jot", 60, 1), Android("jot", 61, 2), newest};
     },
     PlanOutcome::kAlternative, 61, false, false, "notes"},
    // Rule 5: configuration only with the same software.
    {"NoConfigInBackupNoneSent", [](DecisionInput& in) { in.backup->config_sha256.reset(); },
     PlanOutcome::kInstall, 20, false, false},
    // Rule 6: prefer the backed-up signer; say so when only another signer's package exists.
    {"PreferBackedUpSigner",
     [](DecisionInput& in) {
       in.sent.install_latest = true;
       OwnPackages(in)[2].signer_sha256 = Tag(kSignerB);
     },
     PlanOutcome::kInstall, 20, false, true},
    {"OnlyAnotherSignerIsNotOffered",
     [](DecisionInput& in) {
       for (Package& p : OwnPackages(in))
         p.signer_sha256 = Tag(kSignerB);
     },
     PlanOutcome::kNoCompatiblePackage, kNone, false, false, "",
     "only packages signed by another certificate (c90000000000) than the backed-up app's "
     "(c80000000000)"},
    {"OnlyAnotherSignerAsAlternativeWithoutConfig",
     [](DecisionInput& in) {
       in.sent.accept_alternatives = true;
       for (Package& p : OwnPackages(in))
         p.signer_sha256 = Tag(kSignerB);
     },
     PlanOutcome::kAlternative, 30, false, false, "notes", "another signer's app is another app"},
    {"AnotherSignerBeforeRelatedSoftware",
     [](DecisionInput& in) {
       in.sent.accept_alternatives = true;
       for (Package& p : OwnPackages(in))
         p.signer_sha256 = Tag(kSignerB);
       in.related.push_back(Entry("notes", "productivity", 1000, {}));
     },
     PlanOutcome::kAlternative, 30, false, false, "notes", "c9000000"},
    {"RotatedSignerKeepsConfig",
     [](DecisionInput& in) {
       for (Package& p : OwnPackages(in)) {
         p.signer_sha256 = Tag(kSignerB);
         p.signer_lineage = {Tag(kSignerA), Tag(kSignerB)};
       }
     },
     PlanOutcome::kInstall, 20, false, true},
    {"RotationFromAnotherCertificateIsAnotherSigner",
     [](DecisionInput& in) {
       for (Package& p : OwnPackages(in)) {
         p.signer_sha256 = Tag(kSignerB);
         p.signer_lineage = {Tag(kSignerC), Tag(kSignerB)};
       }
     },
     PlanOutcome::kNoCompatiblePackage, kNone, false, false, "", "another certificate"},
    {"NoSignerRecordedSoftwareDecides",
     [](DecisionInput& in) {
       in.backup->signer_sha256.reset();
       for (Package& p : OwnPackages(in))
         p.signer_sha256 = Tag(kSignerB);
     },
     PlanOutcome::kInstall, 20, false, true},
    {"BackedUpVersionOnlyByAnotherSigner",
     [](DecisionInput& in) { OwnPackages(in)[1].signer_sha256 = Tag(kSignerB); },
     PlanOutcome::kInstall, 30, true, true, "", "signed by another certificate"},
    // An iOS device restoring software backed up on Android, published for both.
    {"IosDeviceRestoresAndroidBackup",
     [](DecisionInput& in) {
       in.device =
           DeviceProfile{Platform::kIos, *Version::Parse(Platform::kIos, "16.4"), {"arm64"}};
       OwnPackages(in).push_back(Ios("notes", 81, "2.9", "15.0"));
       OwnPackages(in).push_back(Ios("notes", 82, "2.10", "16.4"));
       OwnPackages(in).push_back(Ios("notes", 83, "3.0", "17.0"));
     },
     PlanOutcome::kInstall, 82, true, true, "", "backed up on android"},
    {"IosDeviceNoIosPackage",
     [](DecisionInput& in) {
       in.device =
           DeviceProfile{Platform::kIos, *Version::Parse(Platform::kIos, "16.4"), {"arm64"}};
     },
     PlanOutcome::kNoCompatiblePackage, kNone, false, false, "", "ios 16.4"},
};

INSTANTIATE_TEST_SUITE_P(Rules, DecideTest, ::testing::ValuesIn(kRules),
                         [](const ::testing::TestParamInfo<Case>& info) {
                           return info.param.name;
                         });

TEST(DecideDeterminism, SameInputSameItem) {
  DecisionInput in = BaseInput();
  in.sent.install_latest = true;
  PlanItem first = Decide(in);
  for (int i = 0; i < 10; ++i)
    EXPECT_EQ(PackageTag(Decide(in)), PackageTag(first));
}

TEST(DecideAlternatives, TieBreakIgnoresInputOrder) {
  DecisionInput in = BaseInput();
  NothingFits(in);
  in.sent.accept_alternatives = true;
  in.related = {Entry("jot", "productivity", 9, {Android("jot", 60, 1)}),
                Entry("memo", "productivity", 9, {Android("memo", 50, 1)})};
  EXPECT_EQ(PackageTag(Decide(in)), 60);
  std::swap(in.related[0], in.related[1]);
  EXPECT_EQ(PackageTag(Decide(in)), 60);
}

TEST(DecideAlternatives, UncategorisedSoftwareHasNoAlternatives) {
  DecisionInput in = BaseInput();
  NothingFits(in);
  in.sent.accept_alternatives = true;
  in.backed_up_software->software.category = "";
  in.related = {Entry("memo", "", 9, {Android("memo", 50, 1)})};
  EXPECT_EQ(Decide(in).outcome, PlanOutcome::kNoCompatiblePackage);
}

// An app set (CONTRACT §7): the plan lists the members chosen for the device, base first.
SplitMember AbiSplit(const std::string& abi, int tag) {
  SplitMember m;
  m.name = "config." + abi;
  m.sha256 = Tag(tag);
  m.size = 10;
  m.kind = SplitKind::kAbi;
  m.abi = abi;
  m.abis = {abi};
  return m;
}

TEST(DecideSets, ThePlanListsTheChosenMembersBaseFirst) {
  DecisionInput in = BaseInput();
  OwnPackages(in)[1].splits = {AbiSplit("arm64-v8a", 101), AbiSplit("x86", 102)};
  PlanItem item = Decide(in);
  EXPECT_EQ(PackageTag(item), 20);
  ASSERT_EQ(item.members.size(), 2u);
  EXPECT_EQ(item.members[0], (ChosenMember{"", Tag(20), 1000}));
  EXPECT_EQ(item.members[1], (ChosenMember{"config.arm64-v8a", Tag(101), 10}));
  EXPECT_NE(item.reason.find("config.arm64-v8a (ABI arm64-v8a"), std::string::npos) << item.reason;
}

TEST(DecideSets, ASingleApkIsItsOnlyMember) {
  PlanItem item = Decide(BaseInput());
  ASSERT_EQ(item.members.size(), 1u);
  EXPECT_EQ(item.members[0], (ChosenMember{"", Tag(20), 1000}));
}

TEST(DecideSets, ASetThatCannotBeCompletedDoesNotFit) {
  DecisionInput in = BaseInput();
  OwnPackages(in)[1].splits = {AbiSplit("x86", 102)};
  PlanItem item = Decide(in);
  EXPECT_EQ(PackageTag(item), 30);
  EXPECT_TRUE(item.version_substituted);
  EXPECT_NE(item.reason.find("cannot be completed"), std::string::npos) << item.reason;
}

}  // namespace
}  // namespace appvault
