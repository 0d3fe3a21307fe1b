// Snapshots at scale, in the SQLite store (issue "snapshots"): one user, one phone, SNAPSHOTS
// backups of APPS apps each (an unchanged phone, but for one app whose settings change in
// every tenth backup), then the reads a restore plan makes, timed ROUNDS times each:
//   from newest   the apps of the newest snapshot (restore --all)
//   from oldest   the apps of the oldest snapshot (restore --from-snapshot OLDEST)
//   newest of app the newest record of one app (restore APP, no --from-…)
//   list          every snapshot of the user (appvault snapshots)
//   plan newest   the whole restore plan of the newest snapshot: its apps, then the
//                 install decision of each (server/api RestorePlanner over a library that
//                 has every app: software, package, Decide()) — POST /v1/restore-plans
//                 all:true without its HTTP and JSON
//   plan oldest   the same from the oldest snapshot (restore --all --from-snapshot OLDEST)
// and, as the reference in the same run, the same reads on a store holding ONE snapshot of
// the same phone. Prints p50/p99 of each and its ratio to the reference, and the database's
// bytes per snapshot and per app row.
// Usage: snapshot_store_bench [SNAPSHOTS [APPS [ROUNDS]]]   (defaults 1000 200 200)
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <functional>
#include <string>
#include <vector>

#include "server/api/restore_planner.h"
#include "store/sqlite_store.h"

namespace {

using appvault::AppId;
using appvault::BackupRecord;
using appvault::Platform;
using appvault::Sha256;
using appvault::Version;
using appvault::store::Device;
using appvault::store::MetadataStore;
using appvault::store::SqliteStore;

[[noreturn]] void Fail(const std::string& what) {
  std::fprintf(stderr, "snapshot_store_bench: %s\n", what.c_str());
  std::exit(1);
}

template <typename T>
T Must(appvault::Result<T> result, const char* what) {
  if (!result.ok()) Fail(std::string(what) + ": " + result.status().ToString());
  return std::move(result).value();
}

Sha256 Digest(std::uint32_t seed) {
  Sha256::Bytes bytes{};
  for (int i = 0; i < 4; ++i)
    bytes[i] = static_cast<std::uint8_t>(seed >> (8 * i));
  bytes[31] = 1;
  return Sha256(bytes);
}

std::vector<BackupRecord> Phone(int apps, int backup) {
  std::vector<BackupRecord> records;
  for (int a = 0; a < apps; ++a) {
    BackupRecord r;
    r.app = *AppId::Parse("com.example.app" + std::to_string(a));
    r.platform = Platform::kAndroid;
    r.software_id = "app" + std::to_string(a);
    r.version = Version::Android(100 + a);
    r.version_name = "1." + std::to_string(a);
    r.signer_sha256 = Digest(7);
    r.config_sha256 = Digest(a == 0 ? 1000000 + backup / 10 : 1000 + a);
    records.push_back(std::move(r));
  }
  return records;
}

struct Fixture {
  std::filesystem::path dir;
  std::unique_ptr<SqliteStore> store;
  std::int64_t user = 0;
  std::int64_t oldest = 0;
  std::int64_t newest = 0;
};

Fixture Fill(const std::filesystem::path& dir, int snapshots, int apps) {
  Fixture f;
  f.dir = dir;
  std::filesystem::create_directories(dir);
  f.store = Must(SqliteStore::Open((dir / "appvault.db").string()), "open");
  f.user = Must(f.store->CreateUser("ann", "hash", appvault::store::Role::kUser, 1), "user").id;
  Device phone{"phone", f.user, "Phone", {}, 1};
  phone.profile.os_version = Version::Android(34);
  phone.profile.abis = {"arm64-v8a"};
  if (!f.store->CreateDevice(phone).ok()) Fail("device");
  // The library: one software with one package per app of the phone.
  const std::int64_t publisher =
      Must(f.store->CreateUser("pub", "hash", appvault::store::Role::kPublisher, 1), "pub").id;
  for (int a = 0; a < apps; ++a) {
    appvault::store::SoftwareRecord software;
    software.software = {"app" + std::to_string(a), "App", "Pub", "tools", "", 0};
    software.owner_id = publisher;
    appvault::store::PackageRecord package;
    package.package.sha256 = Digest(2000000 + a);
    package.package.size = 1000;
    package.package.software_id = software.software.id;
    package.package.app = *AppId::Parse("com.example.app" + std::to_string(a));
    package.package.version = Version::Android(100 + a);
    package.package.version_name = "1." + std::to_string(a);
    package.package.min_os = Version::Android(21);
    package.package.signer_sha256 = Digest(7);
    package.signer_subject = "CN=Pub";
    package.published_by = publisher;
    package.published_at = 1;
    if (!f.store->AddPackage(software, package).ok()) Fail("package");
  }
  appvault::store::SnapshotLimits limits{.per_device = snapshots, .per_user = snapshots};
  for (int s = 0; s < snapshots; ++s) {
    auto made = Must(f.store->CreateSnapshot(f.user, "phone", 1000 + s, Phone(apps, s), limits),
                     "snapshot");
    if (s == 0) f.oldest = made.id;
    f.newest = made.id;
  }
  return f;
}

std::uintmax_t DatabaseBytes(const std::filesystem::path& dir) {
  std::uintmax_t bytes = 0;
  for (const auto& entry : std::filesystem::directory_iterator(dir))
    if (entry.is_regular_file()) bytes += entry.file_size();
  return bytes;
}

struct Timing {
  double p50_us = 0;
  double p99_us = 0;
};

Timing Time(int rounds, const std::function<void()>& read) {
  std::vector<double> us;
  for (int i = 0; i < rounds; ++i) {
    auto start = std::chrono::steady_clock::now();
    read();
    us.push_back(std::chrono::duration<double, std::micro>(std::chrono::steady_clock::now() - start)
                     .count());
  }
  std::sort(us.begin(), us.end());
  return {us[us.size() / 2], us[std::min(us.size() - 1, us.size() * 99 / 100)]};
}

// The restore plan of every app of snapshot `id` onto the phone, as the server makes it.
void Plan(Fixture& f, std::int64_t id) {
  appvault::store::User user = Must(f.store->FindUserById(f.user), "user");
  Device phone = Must(f.store->FindDevice(f.user, "phone"), "device");
  appvault::Preferences sent;
  appvault::server::api::RestorePlanner planner(
      *f.store, user, phone.profile, sent, Must(f.store->ListSnapshotApps(f.user, id), "apps"));
  for (const BackupRecord& backup : planner.backups()) {
    auto planned = Must(planner.Plan(backup.app.str()), "plan");
    if (planned.item.outcome != appvault::PlanOutcome::kInstall) Fail("a plan did not install");
  }
}

}  // namespace

int main(int argc, char** argv) {
  const int snapshots = argc > 1 ? std::atoi(argv[1]) : 1000;
  const int apps = argc > 2 ? std::atoi(argv[2]) : 200;
  const int rounds = argc > 3 ? std::atoi(argv[3]) : 200;
  if (snapshots < 1 || apps < 1 || rounds < 1)
    Fail("usage: snapshot_store_bench [SNAPSHOTS [APPS [ROUNDS]]]");
  std::filesystem::path root =
      std::filesystem::temp_directory_path() / ("snapshot-bench-" + std::to_string(::getpid()));
  std::filesystem::remove_all(root);

  auto fill_start = std::chrono::steady_clock::now();
  Fixture big = Fill(root / "big", snapshots, apps);
  double fill_s =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - fill_start).count();
  Fixture one = Fill(root / "one", 1, apps);
  // The WAL folded into the main file, so that the size is the database's own.
  big.store.reset();
  big.store = Must(SqliteStore::Open((big.dir / "appvault.db").string()), "reopen");
  std::uintmax_t bytes = DatabaseBytes(big.dir);

  AppId probe = *AppId::Parse("com.example.app" + std::to_string(apps / 2));
  struct Read {
    const char* name;
    std::function<void(Fixture&)> run;
  };
  const Read reads[] = {
      {"from newest",
       [&](Fixture& f) { Must(f.store->ListSnapshotApps(f.user, f.newest), "newest"); }},
      {"from oldest",
       [&](Fixture& f) { Must(f.store->ListSnapshotApps(f.user, f.oldest), "oldest"); }},
      {"newest of app",
       [&](Fixture& f) { Must(f.store->FindBackupOn(f.user, Platform::kAndroid, probe), "app"); }},
      {"list", [&](Fixture& f) { Must(f.store->ListSnapshots(f.user, std::nullopt), "list"); }},
      {"plan newest", [&](Fixture& f) { Plan(f, f.newest); }},
      {"plan oldest", [&](Fixture& f) { Plan(f, f.oldest); }},
  };
  std::printf(
      "%d snapshots of %d apps: filled in %.1f s; database %.1f MB = %.0f bytes per "
      "snapshot, %.0f per app row\n",
      snapshots, apps, fill_s, bytes / 1e6, double(bytes) / snapshots,
      double(bytes) / (double(snapshots) * apps));
  std::printf("%-14s %12s %12s %12s %12s %8s\n", "read", "p50 us", "p99 us", "ref p50 us",
              "ref p99 us", "p99 x");
  for (const Read& read : reads) {
    // Alternate the two sides, a round each, so that drift touches both alike.
    Timing at_scale, reference;
    std::vector<double> a, b;
    for (int pass = 0; pass < 2; ++pass) {
      Timing t1 = Time(rounds / 2 + 1, [&] { read.run(big); });
      Timing t2 = Time(rounds / 2 + 1, [&] { read.run(one); });
      a.push_back(t1.p50_us), a.push_back(t1.p99_us), b.push_back(t2.p50_us),
          b.push_back(t2.p99_us);
    }
    at_scale = {std::max(a[0], a[2]), std::max(a[1], a[3])};
    reference = {std::max(b[0], b[2]), std::max(b[1], b[3])};
    std::printf("%-14s %12.0f %12.0f %12.0f %12.0f %8.2f\n", read.name, at_scale.p50_us,
                at_scale.p99_us, reference.p50_us, reference.p99_us,
                at_scale.p99_us / reference.p99_us);
  }
  big.store.reset();
  one.store.reset();
  std::filesystem::remove_all(root);
  return 0;
}
