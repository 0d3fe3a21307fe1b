// MetadataStore conformance, part 1: users, preferences, sessions, devices.
#pragma once

#include "store/store_conformance_fixture.h"

namespace appvault::store::conformance {

template <typename Factory>
class AccountsConformance : public StoreConformanceTest<Factory> {};
TYPED_TEST_SUITE_P(AccountsConformance);

TYPED_TEST_P(AccountsConformance, CreateUserThenFindByNameAndId) {
  MetadataStore& s = this->store();
  User alice = Must(s.CreateUser("alice", "hash-a", Role::kPublisher, 100));
  User bob = Must(s.CreateUser("bob", "hash-b", Role::kUser, 101));
  EXPECT_NE(alice.id, bob.id);
  EXPECT_EQ(alice.username, "alice");
  EXPECT_EQ(alice.created_at, 100);

  User by_name = Must(s.FindUserByName("alice"));
  EXPECT_EQ(by_name.id, alice.id);
  EXPECT_EQ(by_name.password_hash, "hash-a");
  EXPECT_EQ(by_name.role, Role::kPublisher);
  EXPECT_EQ(by_name.created_at, 100);
  EXPECT_FALSE(by_name.preferences.install_latest.has_value());
  User by_id = Must(s.FindUserById(bob.id));
  EXPECT_EQ(by_id.username, "bob");
  EXPECT_EQ(by_id.password_hash, "hash-b");
}

TYPED_TEST_P(AccountsConformance, DuplicateUsernameIsConflict) {
  MetadataStore& s = this->store();
  this->NewUser("alice");
  Result<User> again = s.CreateUser("alice", "other", Role::kAdmin, 200);
  EXPECT_EQ(CodeOf(again.status()), "conflict");
  EXPECT_EQ(Must(s.FindUserByName("alice")).password_hash, "hash-alice");
}

TYPED_TEST_P(AccountsConformance, UnknownUserIsNotFound) {
  MetadataStore& s = this->store();
  this->NewUser("alice");
  EXPECT_EQ(CodeOf(s.FindUserByName("nobody").status()), "not_found");
  EXPECT_EQ(CodeOf(s.FindUserByName("ALICE").status()), "not_found");
  EXPECT_EQ(CodeOf(s.FindUserById(987654).status()), "not_found");
}

TYPED_TEST_P(AccountsConformance, EveryRoleRoundTrips) {
  MetadataStore& s = this->store();
  for (Role role : {Role::kUser, Role::kPublisher, Role::kAdmin}) {
    std::string name(RoleName(role));
    std::int64_t id = this->NewUser(name, role);
    EXPECT_EQ(Must(s.FindUserById(id)).role, role) << name;
  }
}

TYPED_TEST_P(AccountsConformance, PreferencesRoundTripAbsentTrueFalse) {
  MetadataStore& s = this->store();
  std::int64_t id = this->NewUser("alice");
  std::int64_t other = this->NewUser("bob");
  for (const Preferences& sent :
       {Preferences{true, false, std::nullopt}, Preferences{std::nullopt, true, false},
        Preferences{false, std::nullopt, true}, Preferences{}}) {
    MustOk(s.SetPreferences(id, sent));
    Preferences stored = Must(s.FindUserById(id)).preferences;
    EXPECT_EQ(stored.install_latest, sent.install_latest);
    EXPECT_EQ(stored.accept_alternatives, sent.accept_alternatives);
    EXPECT_EQ(stored.backup_config, sent.backup_config);
  }
  MustOk(s.SetPreferences(id, Preferences{true, true, true}));
  EXPECT_EQ(Must(s.FindUserByName("alice")).preferences.backup_config, true);
  EXPECT_FALSE(Must(s.FindUserById(other)).preferences.backup_config.has_value());
}

TYPED_TEST_P(AccountsConformance, PreferencesOfUnknownUserIsNotFound) {
  EXPECT_EQ(CodeOf(this->store().SetPreferences(987654, Preferences{true, true, true})),
            "not_found");
}

TYPED_TEST_P(AccountsConformance, SessionCreateFindDelete) {
  MetadataStore& s = this->store();
  std::int64_t id = this->NewUser("alice");
  MustOk(s.CreateSession(Session{DigestOf(1), id, 100, 500}));
  MustOk(s.CreateSession(Session{DigestOf(2), id, 110, 600}));
  Session found = Must(s.FindSession(DigestOf(1)));
  EXPECT_EQ(found.token_hash, DigestOf(1));
  EXPECT_EQ(found.user_id, id);
  EXPECT_EQ(found.created_at, 100);
  EXPECT_EQ(found.expires_at, 500);

  MustOk(s.DeleteSession(DigestOf(1)));
  EXPECT_EQ(CodeOf(s.FindSession(DigestOf(1)).status()), "not_found");
  EXPECT_EQ(Must(s.FindSession(DigestOf(2))).expires_at, 600);
  EXPECT_EQ(CodeOf(s.DeleteSession(DigestOf(1))), "not_found");
}

TYPED_TEST_P(AccountsConformance, DuplicateSessionIsConflict) {
  MetadataStore& s = this->store();
  std::int64_t id = this->NewUser("alice");
  MustOk(s.CreateSession(Session{DigestOf(1), id, 100, 500}));
  EXPECT_EQ(CodeOf(s.CreateSession(Session{DigestOf(1), id, 200, 900})), "conflict");
  EXPECT_EQ(Must(s.FindSession(DigestOf(1))).expires_at, 500);
}

TYPED_TEST_P(AccountsConformance, ExpiredSessionsAreSwept) {
  MetadataStore& s = this->store();
  std::int64_t id = this->NewUser("alice");
  MustOk(s.CreateSession(Session{DigestOf(1), id, 0, 100}));
  MustOk(s.CreateSession(Session{DigestOf(2), id, 0, 200}));
  MustOk(s.CreateSession(Session{DigestOf(3), id, 0, 300}));
  EXPECT_EQ(Must(s.DeleteExpiredSessions(200)), 2);  // expires_at <= now
  EXPECT_EQ(CodeOf(s.FindSession(DigestOf(1)).status()), "not_found");
  EXPECT_EQ(CodeOf(s.FindSession(DigestOf(2)).status()), "not_found");
  EXPECT_TRUE(s.FindSession(DigestOf(3)).ok());
  EXPECT_EQ(Must(s.DeleteExpiredSessions(200)), 0);
}

TYPED_TEST_P(AccountsConformance, DeviceRoundTripsItsProfile) {
  MetadataStore& s = this->store();
  std::int64_t id = this->NewUser("alice");
  MustOk(s.CreateDevice(DeviceOf("pixel", id, 100)));
  MustOk(s.CreateDevice(DeviceOf("iphone", id, 101, Platform::kIos)));
  Device pixel = Must(s.FindDevice(id, "pixel"));
  EXPECT_EQ(pixel.id, "pixel");
  EXPECT_EQ(pixel.user_id, id);
  EXPECT_EQ(pixel.name, "Phone pixel");
  EXPECT_EQ(pixel.created_at, 100);
  EXPECT_EQ(pixel.profile.platform, Platform::kAndroid);
  EXPECT_EQ(pixel.profile.os_version, Version::Android(30));
  // Preference order, not sorted.
  EXPECT_EQ(pixel.profile.abis, (std::vector<std::string>{"x86_64", "arm64-v8a", "armeabi-v7a"}));
  Device iphone = Must(s.FindDevice(id, "iphone"));
  EXPECT_EQ(iphone.profile.platform, Platform::kIos);
  EXPECT_EQ(iphone.profile.os_version.text(), "16.4");
  EXPECT_EQ(iphone.profile.abis, std::vector<std::string>{"arm64"});
  EXPECT_EQ(iphone.profile.density, 420);  // the defaults
  EXPECT_EQ(iphone.profile.locales, std::vector<std::string>{"en-US"});
}

TYPED_TEST_P(AccountsConformance, DeviceKeepsItsDensityAndLocalesInOrder) {
  MetadataStore& s = this->store();
  std::int64_t id = this->NewUser("alice");
  Device tablet = DeviceOf("tablet", id, 100);
  tablet.profile.density = 213;
  tablet.profile.locales = {"pt-BR", "en-GB", "zh-Hant-TW"};
  MustOk(s.CreateDevice(tablet));
  Device found = Must(s.FindDevice(id, "tablet"));
  EXPECT_EQ(found.profile.density, 213);
  EXPECT_EQ(found.profile.locales, (std::vector<std::string>{"pt-BR", "en-GB", "zh-Hant-TW"}));
  EXPECT_EQ(Must(s.ListDevices(id)).at(0).profile.locales, found.profile.locales);
  Device bad = DeviceOf("bad", id, 101);
  bad.profile.locales = {"en_US"};
  EXPECT_EQ(CodeOf(s.CreateDevice(bad)), "invalid_argument");
}

TYPED_TEST_P(AccountsConformance, AnotherUsersDeviceIsNotFound) {
  MetadataStore& s = this->store();
  std::int64_t alice = this->NewUser("alice");
  std::int64_t bob = this->NewUser("bob");
  MustOk(s.CreateDevice(DeviceOf("pixel", alice, 100)));
  EXPECT_EQ(CodeOf(s.FindDevice(bob, "pixel").status()), "not_found");
  EXPECT_EQ(CodeOf(s.FindDevice(alice, "nothing").status()), "not_found");
  EXPECT_TRUE(Must(s.ListDevices(bob)).empty());
}

TYPED_TEST_P(AccountsConformance, DevicesAreListedOldestFirst) {
  MetadataStore& s = this->store();
  std::int64_t alice = this->NewUser("alice");
  std::int64_t bob = this->NewUser("bob");
  MustOk(s.CreateDevice(DeviceOf("b-second", alice, 200)));
  MustOk(s.CreateDevice(DeviceOf("c-first", alice, 100)));
  MustOk(s.CreateDevice(DeviceOf("bobs", bob, 150)));
  MustOk(s.CreateDevice(DeviceOf("a-third", alice, 300)));
  std::vector<std::string> ids;
  for (const Device& device : Must(s.ListDevices(alice)))
    ids.push_back(device.id);
  EXPECT_EQ(ids, (std::vector<std::string>{"c-first", "b-second", "a-third"}));
}

TYPED_TEST_P(AccountsConformance, DuplicateDeviceIdIsConflict) {
  MetadataStore& s = this->store();
  std::int64_t alice = this->NewUser("alice");
  std::int64_t bob = this->NewUser("bob");
  MustOk(s.CreateDevice(DeviceOf("pixel", alice, 100)));
  EXPECT_EQ(CodeOf(s.CreateDevice(DeviceOf("pixel", bob, 200))), "conflict");
  EXPECT_EQ(Must(s.FindDevice(alice, "pixel")).created_at, 100);
}

TYPED_TEST_P(AccountsConformance, DevicesPerUserLimit) {
  MetadataStore& s = this->store();
  std::int64_t ann = this->NewUser("ann");
  std::int64_t bob = this->NewUser("bob");
  MustOk(s.CreateDevice(DeviceOf("a1", ann, 100), 2));
  MustOk(s.CreateDevice(DeviceOf("a2", ann, 101), 2));
  Status over = s.CreateDevice(DeviceOf("a3", ann, 102), 2);
  EXPECT_EQ(CodeOf(over), "quota_exceeded");
  EXPECT_NE(over.message().find("--max-devices-per-user 2"), std::string::npos) << over.message();
  EXPECT_EQ(Must(s.ListDevices(ann)).size(), 2u);
  MustOk(s.CreateDevice(DeviceOf("b1", bob, 103), 2));
}

REGISTER_TYPED_TEST_SUITE_P(AccountsConformance, CreateUserThenFindByNameAndId,
                            DuplicateUsernameIsConflict, UnknownUserIsNotFound, EveryRoleRoundTrips,
                            PreferencesRoundTripAbsentTrueFalse, PreferencesOfUnknownUserIsNotFound,
                            SessionCreateFindDelete, DuplicateSessionIsConflict,
                            ExpiredSessionsAreSwept, DeviceRoundTripsItsProfile,
                            DeviceKeepsItsDensityAndLocalesInOrder, AnotherUsersDeviceIsNotFound,
                            DevicesAreListedOldestFirst, DuplicateDeviceIdIsConflict,
                            DevicesPerUserLimit);

}  // namespace appvault::store::conformance
