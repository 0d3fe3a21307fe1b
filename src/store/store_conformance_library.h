// MetadataStore conformance, part 2: the library — software, packages, search, votes.
#pragma once

#include <algorithm>

#include "store/store_conformance_fixture.h"

namespace appvault::store::conformance {

template <typename Factory>
class LibraryConformance : public StoreConformanceTest<Factory> {
 protected:
  void SetUp() override {
    StoreConformanceTest<Factory>::SetUp();
    publisher_ = this->NewUser("publisher", Role::kPublisher);
  }

  // Publishes a package of `software_id` with the spec's other fields.
  Status Publish(PackageSpec spec, const std::string& category = "") {
    return StoreConformanceTest<Factory>::Publish(spec, publisher_, category);
  }

  std::vector<std::string> SearchIds(const SoftwareQuery& query) {
    std::vector<std::string> ids;
    for (const SoftwareRecord& r : Must(this->store().SearchSoftware(query))) {
      ids.push_back(r.software.id);
    }
    return ids;
  }

  std::int64_t publisher_ = 0;
};
TYPED_TEST_SUITE_P(LibraryConformance);

using Ids = std::vector<std::string>;

inline std::vector<std::string> Sorted(std::vector<std::string> values) {
  std::sort(values.begin(), values.end());
  return values;
}

TYPED_TEST_P(LibraryConformance, AddPackageCreatesSoftwareOnce) {
  MetadataStore& s = this->store();
  SoftwareRecord first = SoftwareOf("notes", "productivity", this->publisher_);
  MustOk(s.AddPackage(first, PackageOf({.software_id = "notes", .sha = 1}, this->publisher_)));
  SoftwareRecord later = SoftwareOf("notes", "games", this->publisher_);
  later.software.name = "Renamed";
  MustOk(s.AddPackage(
      later, PackageOf({.software_id = "notes", .version = "2", .sha = 2}, this->publisher_)));
  SoftwareRecord found = Must(s.FindSoftware("notes"));
  EXPECT_EQ(found.software.id, "notes");
  EXPECT_EQ(found.software.name, "Name notes");
  EXPECT_EQ(found.software.publisher, "Publisher notes");
  EXPECT_EQ(found.software.category, "productivity");
  EXPECT_EQ(found.software.description, "About notes");
  EXPECT_EQ(found.software.votes, 0);
  EXPECT_EQ(found.owner_id, this->publisher_);
  EXPECT_EQ(found.created_at, 1000);
  EXPECT_EQ(Must(s.ListPackages("notes")).size(), 2u);
  EXPECT_EQ(this->SearchIds(QueryOf("")), Ids{"notes"});
}

TYPED_TEST_P(LibraryConformance, SameVersionAndAbisIsVersionExists) {
  MetadataStore& s = this->store();
  MustOk(this->Publish(
      {.software_id = "notes", .version = "5", .abis = {"arm64-v8a", "x86_64"}, .sha = 1}));
  // The same ABI set in another order is the same set.
  EXPECT_EQ(
      CodeOf(this->Publish(
          {.software_id = "notes", .version = "5", .abis = {"x86_64", "arm64-v8a"}, .sha = 2})),
      "version_exists");
  // iOS versions compare numerically: 2.1 is 2.1.0.
  MustOk(this->Publish(
      {.software_id = "notes", .platform = Platform::kIos, .version = "2.1", .sha = 3}));
  EXPECT_EQ(
      CodeOf(this->Publish(
          {.software_id = "notes", .platform = Platform::kIos, .version = "2.1.0", .sha = 4})),
      "version_exists");
  EXPECT_EQ(Must(s.ListPackages("notes")).size(), 2u);
}

TYPED_TEST_P(LibraryConformance, SameVersionWithOtherAbisIsAllowed) {
  MustOk(this->Publish({.software_id = "notes", .version = "5", .abis = {"arm64-v8a"}, .sha = 1}));
  MustOk(this->Publish({.software_id = "notes", .version = "5", .abis = {"x86_64"}, .sha = 2}));
  MustOk(this->Publish({.software_id = "notes", .version = "5", .abis = {}, .sha = 3}));
  MustOk(this->Publish(
      {.software_id = "notes", .version = "5", .abis = {"arm64-v8a", "x86_64"}, .sha = 4}));
  EXPECT_EQ(Must(this->store().ListPackages("notes")).size(), 4u);
}

TYPED_TEST_P(LibraryConformance, SameBytesTwiceIsVersionExists) {
  MustOk(this->Publish({.software_id = "notes", .version = "1", .sha = 7}));
  EXPECT_EQ(CodeOf(this->Publish({.software_id = "notes", .version = "2", .sha = 7})),
            "version_exists");
  EXPECT_EQ(CodeOf(this->Publish(
                {.software_id = "other", .app = "com.example.other", .version = "1", .sha = 7})),
            "version_exists");
  EXPECT_EQ(CodeOf(this->store().FindSoftware("other").status()), "not_found");
}

TYPED_TEST_P(LibraryConformance, DifferentAndroidSignerIsSignerMismatch) {
  MustOk(this->Publish({.software_id = "notes", .version = "1", .sha = 1, .signer = 200}));
  EXPECT_EQ(
      CodeOf(this->Publish({.software_id = "notes", .version = "2", .sha = 2, .signer = 201})),
      "signer_mismatch");
  MustOk(this->Publish({.software_id = "notes", .version = "2", .sha = 3, .signer = 200}));
  EXPECT_EQ(VersionsOf(Must(this->store().ListPackages("notes"))), (Ids{"1", "2"}));
}

TYPED_TEST_P(LibraryConformance, IosPackagesAreNotSignerChecked) {
  const Platform ios = Platform::kIos;
  MustOk(this->Publish(
      {.software_id = "notes", .platform = ios, .version = "1.0", .sha = 1, .signer = 200}));
  MustOk(this->Publish(
      {.software_id = "notes", .platform = ios, .version = "1.1", .sha = 2, .signer = 201}));
  // The first Android package may have any signer; later ones must match it.
  MustOk(this->Publish({.software_id = "notes", .version = "1", .sha = 3, .signer = 202}));
  EXPECT_EQ(
      CodeOf(this->Publish({.software_id = "notes", .version = "2", .sha = 4, .signer = 200})),
      "signer_mismatch");
}

TYPED_TEST_P(LibraryConformance, AppOfAnotherSoftwareIsConflict) {
  MetadataStore& s = this->store();
  MustOk(this->Publish({.software_id = "notes", .app = "com.example.notes", .sha = 1}));
  EXPECT_EQ(CodeOf(this->Publish({.software_id = "clone", .app = "com.example.notes", .sha = 2})),
            "conflict");
  // A refused package writes nothing, not even its new software.
  EXPECT_EQ(CodeOf(s.FindSoftware("clone").status()), "not_found");
  EXPECT_EQ(Must(s.ListPackages("notes")).size(), 1u);
  // The same id on another platform is another app.
  MustOk(this->Publish({.software_id = "clone",
                        .platform = Platform::kIos,
                        .app = "com.example.notes",
                        .version = "1.0",
                        .sha = 3}));
}

TYPED_TEST_P(LibraryConformance, PackageRoundTripsEveryField) {
  MetadataStore& s = this->store();
  PackageRecord record = PackageOf(
      {.software_id = "notes", .version = "42", .abis = {"x86_64", "arm64-v8a"}, .sha = 9},
      this->publisher_);
  record.package.min_os = Version::Android(21);
  record.package.max_os = Version::Android(33);
  MustOk(s.AddPackage(SoftwareOf("notes", "", this->publisher_), record));
  for (const PackageRecord& found :
       {Must(s.FindPackage(DigestOf(9))), Must(s.ListPackages("notes")).at(0)}) {
    const Package& p = found.package;
    EXPECT_EQ(p.sha256, DigestOf(9));
    EXPECT_EQ(p.size, 1009u);
    EXPECT_EQ(p.software_id, "notes");
    EXPECT_EQ(p.platform, Platform::kAndroid);
    EXPECT_EQ(p.app.str(), "com.example.app");
    EXPECT_EQ(p.version, Version::Android(42));
    EXPECT_EQ(p.version_name, "v42");
    EXPECT_EQ(p.min_os, Version::Android(21));
    EXPECT_EQ(p.max_os, Version::Android(33));
    EXPECT_EQ(Sorted(p.abis), (Ids{"arm64-v8a", "x86_64"}));
    EXPECT_EQ(p.signer_sha256, DigestOf(200));
    EXPECT_EQ(found.signer_subject, "CN=Signer 200");
    EXPECT_EQ(found.published_by, this->publisher_);
    EXPECT_EQ(found.published_at, 2000);
  }
  PackageRecord ios =
      PackageOf({.software_id = "notes", .platform = Platform::kIos, .version = "3.0.1", .sha = 10},
                this->publisher_);
  ios.package.min_os = VersionOf(Platform::kIos, "15.4");
  MustOk(s.AddPackage(SoftwareOf("notes", "", this->publisher_), ios));
  Package found = Must(s.FindPackage(DigestOf(10))).package;
  EXPECT_EQ(found.version.text(), "3.0.1");
  EXPECT_EQ(found.min_os, VersionOf(Platform::kIos, "15.4"));
  EXPECT_FALSE(found.max_os.has_value());
  EXPECT_TRUE(found.abis.empty());
}

TYPED_TEST_P(LibraryConformance, PackagesAreListedByPlatformThenVersion) {
  const Platform ios = Platform::kIos;
  std::uint8_t sha = 1;
  for (const char* version : {"100", "9", "10"}) {
    MustOk(this->Publish({.software_id = "notes", .version = version, .sha = sha++}));
  }
  for (const char* version : {"2.10", "10.0", "2.9"}) {
    MustOk(
        this->Publish({.software_id = "notes", .platform = ios, .version = version, .sha = sha++}));
  }
  EXPECT_EQ(VersionsOf(Must(this->store().ListPackages("notes"))),
            (Ids{"9", "10", "100", "2.9", "2.10", "10.0"}));
}

TYPED_TEST_P(LibraryConformance, UnknownSoftwareAndPackageAreNotFound) {
  MetadataStore& s = this->store();
  MustOk(this->Publish({.software_id = "notes", .sha = 1}));
  EXPECT_EQ(CodeOf(s.FindSoftware("nope").status()), "not_found");
  EXPECT_EQ(CodeOf(s.ListPackages("nope").status()), "not_found");
  EXPECT_EQ(CodeOf(s.FindPackage(DigestOf(99)).status()), "not_found");
}

TYPED_TEST_P(LibraryConformance, FindSoftwareIdByApp) {
  MetadataStore& s = this->store();
  MustOk(this->Publish({.software_id = "notes", .app = "com.example.notes", .sha = 1}));
  MustOk(this->Publish({.software_id = "notes",
                        .platform = Platform::kIos,
                        .app = "com.example.notes-ios",
                        .version = "1.0",
                        .sha = 2}));
  EXPECT_EQ(Must(s.FindSoftwareIdByApp(Platform::kAndroid, AppOf("com.example.notes"))), "notes");
  EXPECT_EQ(Must(s.FindSoftwareIdByApp(Platform::kIos, AppOf("com.example.notes-ios"))), "notes");
  EXPECT_EQ(CodeOf(s.FindSoftwareIdByApp(Platform::kIos, AppOf("com.example.notes")).status()),
            "not_found");
  EXPECT_EQ(CodeOf(s.FindSoftwareIdByApp(Platform::kAndroid, AppOf("com.unknown")).status()),
            "not_found");
}

TYPED_TEST_P(LibraryConformance, SearchSoftwareByText) {
  MetadataStore& s = this->store();
  SoftwareRecord camera = SoftwareOf("camera", "photo", this->publisher_);
  camera.software.name = "Snap Shot";
  camera.software.publisher = "Acme Corp";
  MustOk(s.AddPackage(
      camera,
      PackageOf({.software_id = "camera", .app = "com.acme.camera", .sha = 1}, this->publisher_)));
  MustOk(this->Publish({.software_id = "notes", .app = "com.example.notes", .sha = 2}));
  EXPECT_EQ(this->SearchIds(QueryOf("NOTES")), Ids{"notes"});     // id, any case
  EXPECT_EQ(this->SearchIds(QueryOf("snap sh")), Ids{"camera"});  // name
  EXPECT_EQ(this->SearchIds(QueryOf("acme")), Ids{"camera"});     // publisher
  EXPECT_EQ(this->SearchIds(QueryOf("e")), (Ids{"camera", "notes"}));
  EXPECT_EQ(this->SearchIds(QueryOf("zzz")), Ids{});
  EXPECT_EQ(this->SearchIds(QueryOf("")), (Ids{"camera", "notes"}));
}

TYPED_TEST_P(LibraryConformance, SearchSoftwareByCategoryAndPlatform) {
  const Platform ios = Platform::kIos;
  MustOk(this->Publish({.software_id = "a", .app = "com.a.app", .sha = 1}, "games"));
  MustOk(this->Publish(
      {.software_id = "b", .platform = ios, .app = "com.b.app", .version = "1.0", .sha = 2},
      "games"));
  MustOk(this->Publish({.software_id = "c", .app = "com.c.app", .sha = 3}, "tools"));
  EXPECT_EQ(this->SearchIds(QueryOf("", "games")), (Ids{"a", "b"}));
  EXPECT_EQ(this->SearchIds(QueryOf("", "Games")), Ids{});
  EXPECT_EQ(this->SearchIds(QueryOf("", "", ios)), Ids{"b"});
  EXPECT_EQ(this->SearchIds(QueryOf("", "", Platform::kAndroid)), (Ids{"a", "c"}));
  EXPECT_EQ(this->SearchIds(QueryOf("", "games", Platform::kAndroid)), Ids{"a"});
  EXPECT_EQ(this->SearchIds(QueryOf("c", "tools")), Ids{"c"});
}

TYPED_TEST_P(LibraryConformance, SearchSoftwareLimitAndOffset) {
  for (std::uint8_t i = 1; i <= 5; ++i) {
    std::string id = Numbered("s", i);
    MustOk(this->Publish({.software_id = id, .app = "com." + id + ".app", .sha = i}));
  }
  EXPECT_EQ(this->SearchIds(QueryOf("", "", std::nullopt, 2)), (Ids{"s1", "s2"}));
  EXPECT_EQ(this->SearchIds(QueryOf("", "", std::nullopt, 2, 2)), (Ids{"s3", "s4"}));
  EXPECT_EQ(this->SearchIds(QueryOf("", "", std::nullopt, 2, 4)), Ids{"s5"});
  EXPECT_EQ(this->SearchIds(QueryOf("", "", std::nullopt, 100, 10)), Ids{});
  EXPECT_EQ(this->SearchIds(QueryOf("", "", std::nullopt, 0)), Ids{});
}

TYPED_TEST_P(LibraryConformance, CatalogInCategoryHasPackagesAndVotes) {
  MetadataStore& s = this->store();
  MustOk(this->Publish({.software_id = "alpha", .app = "com.alpha", .version = "2", .sha = 1},
                       "games"));
  MustOk(this->Publish(
      {.software_id = "alpha", .app = "com.alpha", .version = "1", .abis = {"x86_64"}, .sha = 2},
      "games"));
  MustOk(this->Publish({.software_id = "beta", .app = "com.beta", .sha = 3}, "games"));
  MustOk(this->Publish({.software_id = "gamma", .app = "com.gamma", .sha = 4}, "tools"));
  std::int64_t alice = this->NewUser("alice");
  std::int64_t bob = this->NewUser("bob");
  MustOk(s.AddVote(alice, "beta", 10));
  MustOk(s.AddVote(bob, "beta", 11));
  MustOk(s.AddVote(bob, "alpha", 12));

  std::vector<CatalogEntry> games = Must(s.CatalogInCategory("games"));
  std::sort(games.begin(), games.end(),
            [](const auto& a, const auto& b) { return a.software.id < b.software.id; });
  ASSERT_EQ(games.size(), 2u);
  EXPECT_EQ(games[0].software.id, "alpha");
  EXPECT_EQ(games[0].software.category, "games");
  EXPECT_EQ(games[0].software.votes, 1);
  ASSERT_EQ(games[0].packages.size(), 2u);
  EXPECT_EQ(games[0].packages[0].version, Version::Android(1));
  EXPECT_EQ(games[0].packages[0].abis, Ids{"x86_64"});
  EXPECT_EQ(games[0].packages[0].app.str(), "com.alpha");
  EXPECT_EQ(games[0].packages[0].signer_sha256, DigestOf(200));
  EXPECT_EQ(games[0].packages[1].sha256, DigestOf(1));
  EXPECT_EQ(games[1].software.id, "beta");
  EXPECT_EQ(games[1].software.votes, 2);
  EXPECT_EQ(games[1].packages.size(), 1u);
  EXPECT_EQ(Must(s.CatalogInCategory("tools")).size(), 1u);
  EXPECT_TRUE(Must(s.CatalogInCategory("")).empty());
  EXPECT_TRUE(Must(s.CatalogInCategory("nothing")).empty());
}

TYPED_TEST_P(LibraryConformance, VotesAreOnePerUser) {
  MetadataStore& s = this->store();
  MustOk(this->Publish({.software_id = "notes", .sha = 1}));
  std::int64_t alice = this->NewUser("alice");
  std::int64_t bob = this->NewUser("bob");
  MustOk(s.AddVote(alice, "notes", 10));
  EXPECT_EQ(CodeOf(s.AddVote(alice, "notes", 11)), "conflict");
  MustOk(s.AddVote(bob, "notes", 12));
  EXPECT_EQ(Must(s.FindSoftware("notes")).software.votes, 2);
  EXPECT_EQ(Must(s.SearchSoftware(QueryOf(""))).at(0).software.votes, 2);
}

TYPED_TEST_P(LibraryConformance, VoteForUnknownSoftwareIsNotFound) {
  std::int64_t alice = this->NewUser("alice");
  EXPECT_EQ(CodeOf(this->store().AddVote(alice, "nope", 10)), "not_found");
}

// CONTRACT §4 rule 7: an app id is bound to one signer lineage across the whole library.
TYPED_TEST_P(LibraryConformance, AppIdOfAnotherSignerIsSignerMismatchInAnySoftware) {
  MetadataStore& s = this->store();
  MustOk(this->Publish({.software_id = "notes", .app = "com.v.app", .sha = 1, .signer = 200}));
  const std::int64_t squatter = this->NewUser("squatter", Role::kPublisher);
  Status refused = this->StoreConformanceTest<TypeParam>::Publish(
      {.software_id = "squat", .app = "com.v.app", .version = "9", .sha = 2, .signer = 201},
      squatter);
  EXPECT_EQ(CodeOf(refused), "signer_mismatch");
  EXPECT_NE(refused.message().find("com.v.app"), std::string::npos) << refused.message();
  EXPECT_EQ(CodeOf(s.FindSoftware("squat").status()), "not_found");
  EXPECT_EQ(CodeOf(s.FindPackage(DigestOf(2)).status()), "not_found");
  // The same id on iOS is another app: its signer is not verified.
  MustOk(this->StoreConformanceTest<TypeParam>::Publish({.software_id = "squat",
                                                         .platform = Platform::kIos,
                                                         .app = "com.v.app",
                                                         .version = "1.0",
                                                         .sha = 3,
                                                         .signer = 201},
                                                        squatter));
}

TYPED_TEST_P(LibraryConformance, SignerIsCheckedBeforeVersion) {
  MustOk(this->Publish({.software_id = "notes", .version = "5", .sha = 1, .signer = 200}));
  EXPECT_EQ(
      CodeOf(this->Publish({.software_id = "notes", .version = "5", .sha = 2, .signer = 201})),
      "signer_mismatch");
}

TYPED_TEST_P(LibraryConformance, V3RotationKeepsTheLineage) {
  MetadataStore& s = this->store();
  MustOk(this->Publish({.software_id = "notes", .version = "1", .sha = 1, .signer = 200}));
  // Rotated 200 → 201, then 201 → 202 (the proof lists every certificate, oldest first).
  MustOk(this->Publish(
      {.software_id = "notes", .version = "2", .sha = 2, .signer = 201, .lineage = {200, 201}}));
  MustOk(this->Publish({.software_id = "notes",
                        .version = "3",
                        .sha = 3,
                        .signer = 202,
                        .lineage = {200, 201, 202}}));
  // A proof that starts from another certificate links nothing.
  EXPECT_EQ(CodeOf(this->Publish({.software_id = "notes",
                                  .version = "4",
                                  .sha = 4,
                                  .signer = 203,
                                  .lineage = {210, 203}})),
            "signer_mismatch");
  EXPECT_EQ(Must(s.FindPackage(DigestOf(3))).package.signer_lineage,
            (std::vector<Sha256>{DigestOf(200), DigestOf(201), DigestOf(202)}));
  EXPECT_TRUE(Must(s.FindPackage(DigestOf(1))).package.signer_lineage.empty());
}

// Finding 6 of issue 14: a software created meanwhile by another publisher is refused
// inside the transaction, and nothing of the refused call is written.
TYPED_TEST_P(LibraryConformance, SoftwareCreatedMeanwhileByAnotherOwnerIsForbidden) {
  MetadataStore& s = this->store();
  const std::int64_t other = this->NewUser("other", Role::kPublisher);
  MustOk(this->Publish({.software_id = "shared", .app = "com.a.app", .sha = 1}));
  bool placed = false;
  Status refused =
      s.AddPackage(SoftwareOf("shared", "", other),
                   PackageOf({.software_id = "shared", .app = "com.b.app", .sha = 2}, other), [&] {
                     placed = true;
                     return Status::Ok();
                   });
  EXPECT_EQ(CodeOf(refused), "forbidden");
  EXPECT_FALSE(placed) << "a refused package's bytes are never put in place";
  EXPECT_EQ(Must(s.ListPackages("shared")).size(), 1u);
  EXPECT_EQ(Must(s.FindSoftware("shared")).owner_id, this->publisher_);
}

// An app set (CONTRACT §7) is one package version with its members: the splits come back
// with every field, in ascending name, from each way of reading packages.
TYPED_TEST_P(LibraryConformance, AnAppSetRoundTripsItsSplits) {
  MetadataStore& s = this->store();
  const std::int64_t pub = this->publisher_;
  PackageRecord set = SetOf({.software_id = "maps", .app = "com.example.maps", .sha = 1}, pub, 10);
  MustOk(s.AddPackage(SoftwareOf("maps", "travel", pub), set));
  MustOk(this->Publish({.software_id = "maps", .app = "com.example.maps", .version = "2", .sha = 2},
                       "travel"));
  PackageRecord found = Must(s.FindPackage(DigestOf(1)));
  EXPECT_EQ(found.package.splits, set.package.splits);
  EXPECT_EQ(found.package.required_split_types, std::vector<std::string>{"base__abi"});
  EXPECT_EQ(found.package.split_types, std::vector<std::string>{"base__base"});
  std::vector<PackageRecord> listed = Must(s.ListPackages("maps"));
  ASSERT_EQ(listed.size(), 2u);
  EXPECT_EQ(listed[0].package.splits, set.package.splits);
  EXPECT_TRUE(listed[1].package.splits.empty());  // a single APK
  std::vector<CatalogEntry> travel = Must(s.CatalogInCategory("travel"));
  ASSERT_EQ(travel.size(), 1u);
  ASSERT_EQ(travel[0].packages.size(), 2u);
  EXPECT_EQ(travel[0].packages[0].splits, set.package.splits);
}

TYPED_TEST_P(LibraryConformance, PlaceBytesRunsOnlyForAnAcceptedPackage) {
  MetadataStore& s = this->store();
  int placed = 0;
  auto place = [&] {
    ++placed;
    return Status::Ok();
  };
  MustOk(s.AddPackage(SoftwareOf("notes", "", this->publisher_),
                      PackageOf({.software_id = "notes", .sha = 1}, this->publisher_), place));
  EXPECT_EQ(placed, 1);
  EXPECT_EQ(
      CodeOf(s.AddPackage(SoftwareOf("notes", "", this->publisher_),
                          PackageOf({.software_id = "notes", .sha = 2}, this->publisher_), place)),
      "version_exists");
  EXPECT_EQ(placed, 1);
  // A failure to place the bytes writes nothing.
  Status failed = s.AddPackage(
      SoftwareOf("new", "", this->publisher_),
      PackageOf({.software_id = "new", .app = "com.new.app", .sha = 3}, this->publisher_),
      [] { return Status(StatusCode::kUnavailable, "disk full"); });
  EXPECT_EQ(CodeOf(failed), "unavailable");
  EXPECT_EQ(CodeOf(s.FindSoftware("new").status()), "not_found");
}

REGISTER_TYPED_TEST_SUITE_P(LibraryConformance, AddPackageCreatesSoftwareOnce,
                            SameVersionAndAbisIsVersionExists, SameVersionWithOtherAbisIsAllowed,
                            SameBytesTwiceIsVersionExists, DifferentAndroidSignerIsSignerMismatch,
                            IosPackagesAreNotSignerChecked, AppOfAnotherSoftwareIsConflict,
                            PackageRoundTripsEveryField, PackagesAreListedByPlatformThenVersion,
                            UnknownSoftwareAndPackageAreNotFound, FindSoftwareIdByApp,
                            SearchSoftwareByText, SearchSoftwareByCategoryAndPlatform,
                            SearchSoftwareLimitAndOffset, CatalogInCategoryHasPackagesAndVotes,
                            VotesAreOnePerUser, VoteForUnknownSoftwareIsNotFound,
                            AppIdOfAnotherSignerIsSignerMismatchInAnySoftware,
                            SignerIsCheckedBeforeVersion, V3RotationKeepsTheLineage,
                            SoftwareCreatedMeanwhileByAnotherOwnerIsForbidden,
                            PlaceBytesRunsOnlyForAnAcceptedPackage, AnAppSetRoundTripsItsSplits);

}  // namespace appvault::store::conformance
