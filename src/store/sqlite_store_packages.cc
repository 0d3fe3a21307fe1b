// SqliteStore::AddPackage: the library's publish checks and inserts, in one transaction.
#include <optional>
#include <string>

#include "store/publish_checks.h"
#include "store/sqlite_codec.h"
#include "store/sqlite_connection.h"
#include "store/sqlite_package_splits.h"
#include "store/sqlite_store.h"

namespace appvault::store {
namespace {

using sqlite::Connection;
using sqlite::Statement;

// The derived columns of a package: its version's sort key and its sorted ABI set.
struct PackageKeys {
  std::string version_key;
  std::string abis_json;
};

// The first column of the first row as text, or nullopt when there is no row.
Result<std::optional<std::string>> FirstText(Statement& stmt) {
  Result<bool> row = stmt.Step();
  if (!row.ok()) return row.status();
  if (!*row) return std::optional<std::string>();
  return std::optional<std::string>(stmt.Text(0));
}

Status InsertSoftwareIfNew(Connection& c, const SoftwareRecord& record) {
  Result<Statement> stmt = c.Prepare(
      "INSERT INTO software (id, name, publisher, category, description, owner_id, created_at) "
      "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7) ON CONFLICT (id) DO NOTHING");
  if (!stmt.ok()) return stmt.status();
  const Software& s = record.software;
  stmt->Bind(1, s.id)
      .Bind(2, s.name)
      .Bind(3, s.publisher)
      .Bind(4, s.category)
      .Bind(5, s.description)
      .Bind(6, record.owner_id)
      .Bind(7, record.created_at);
  return stmt->Run();
}

Status CheckSameBytes(Connection& c, const Package& package) {
  Result<Statement> stmt = c.Prepare("SELECT software_id FROM packages WHERE sha256 = ?1");
  if (!stmt.ok()) return stmt.status();
  Result<std::optional<std::string>> owner = FirstText(stmt->Bind(1, package.sha256));
  if (!owner.ok() || !owner->has_value()) return owner.status();
  return Status(StatusCode::kVersionExists, "package " + package.sha256.Short() +
                                                " is already in the library (software " +
                                                Quoted(**owner) + ")");
}

Status CheckAppOwner(Connection& c, const Package& package) {
  Result<Statement> stmt = c.Prepare(
      "SELECT software_id FROM packages WHERE platform = ?1 AND app_id = ?2 "
      "AND software_id <> ?3 LIMIT 1");
  if (!stmt.ok()) return stmt.status();
  stmt->Bind(1, PlatformName(package.platform)).Bind(2, package.app.str());
  Result<std::optional<std::string>> owner = FirstText(stmt->Bind(3, package.software_id));
  if (!owner.ok() || !owner->has_value()) return owner.status();
  return Status(StatusCode::kConflict, std::string(PlatformName(package.platform)) + " app " +
                                           Quoted(package.app.str()) + " belongs to software " +
                                           Quoted(**owner));
}

Status CheckVersion(Connection& c, const Package& package, const PackageKeys& keys) {
  Result<Statement> stmt = c.Prepare(
      "SELECT version FROM packages WHERE software_id = ?1 AND platform = ?2 "
      "AND version_key = ?3 AND abis = ?4");
  if (!stmt.ok()) return stmt.status();
  stmt->Bind(1, package.software_id).Bind(2, PlatformName(package.platform));
  stmt->Bind(3, keys.version_key).Bind(4, keys.abis_json);
  Result<std::optional<std::string>> existing = FirstText(*stmt);
  if (!existing.ok() || !existing->has_value()) return existing.status();
  return Status(StatusCode::kVersionExists,
                "software " + Quoted(package.software_id) + " already has " +
                    std::string(PlatformName(package.platform)) + " version " + **existing +
                    " for ABIs " + keys.abis_json);
}

// The stored packages `stmt` selects (signer_sha256, signer_lineage, software_id) are all of
// the package's signer lineage, else kSignerMismatch naming `whose` packages.
Status CheckLineage(Statement& stmt, const Package& package, const std::string& whose) {
  for (;;) {
    Result<bool> row = stmt.Step();
    if (!row.ok() || !*row) return row.status();
    Package earlier;
    Result<Sha256> signer = stmt.Digest(0);
    if (!signer.ok()) return signer.status();
    Result<std::vector<Sha256>> lineage = sqlite::StoredLineage(stmt.Text(1));
    if (!lineage.ok()) return lineage.status();
    earlier.signer_sha256 = *signer;
    earlier.signer_lineage = std::move(lineage).value();
    if (SameSignerLineage(package, earlier)) continue;
    return Status(StatusCode::kSignerMismatch,
                  "the package is signed by " + package.signer_sha256.Short() + " but " + whose +
                      " (software " + Quoted(stmt.Text(2)) + ") are signed by " + signer->Short() +
                      ", and no v3 rotation proof links the two");
  }
}

// CONTRACT §4 rule 7: an Android app id is bound to one signer lineage across the whole
// library, whatever software a package is published to; and a software's Android packages
// share one lineage.
Status CheckSigner(Connection& c, const Package& package) {
  if (package.platform != Platform::kAndroid) return Status::Ok();
  Result<Statement> by_app = c.Prepare(
      "SELECT signer_sha256, signer_lineage, software_id FROM packages "
      "WHERE platform = 'android' AND app_id = ?1");
  if (!by_app.ok()) return by_app.status();
  by_app->Bind(1, package.app.str());
  Status status = CheckLineage(*by_app, package,
                               "the library's android packages of " + Quoted(package.app.str()));
  if (!status.ok()) return status;
  Result<Statement> by_software = c.Prepare(
      "SELECT signer_sha256, signer_lineage, software_id FROM packages "
      "WHERE platform = 'android' AND software_id = ?1");
  if (!by_software.ok()) return by_software.status();
  by_software->Bind(1, package.software_id);
  return CheckLineage(*by_software, package, "the earlier android packages");
}

// The software the caller vetted is the one stored: when it exists, its owner is the owner
// the caller checked (a software created meanwhile by another publisher is refused).
Status CheckSoftwareOwner(Connection& c, const SoftwareRecord& software) {
  Result<Statement> stmt = c.Prepare("SELECT owner_id FROM software WHERE id = ?1");
  if (!stmt.ok()) return stmt.status();
  Result<bool> row = stmt->Bind(1, software.software.id).Step();
  if (!row.ok() || !*row) return row.status();
  if (stmt->Int(0) == software.owner_id) return Status::Ok();
  return Status(StatusCode::kForbidden,
                "software " + Quoted(software.software.id) + " belongs to another publisher");
}

Status InsertPackage(Connection& c, const PackageRecord& record, const PackageKeys& keys) {
  Result<Statement> stmt = c.Prepare(
      "INSERT INTO packages (sha256, software_id, platform, app_id, version, version_key, "
      "version_name, min_os, max_os, abis, signer_sha256, signer_subject, size, published_by, "
      "published_at, signer_lineage, required_split_types, split_types) VALUES (?1, ?2, ?3, ?4, "
      "?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18)");
  if (!stmt.ok()) return stmt.status();
  const Package& p = record.package;
  auto os_text = [](const std::optional<Version>& v) {
    return v.has_value() ? std::optional<std::string>(v->text()) : std::nullopt;
  };
  stmt->Bind(1, p.sha256).Bind(2, p.software_id).Bind(3, PlatformName(p.platform));
  stmt->Bind(4, p.app.str()).Bind(5, p.version.text()).Bind(6, keys.version_key);
  stmt->Bind(7, p.version_name).Bind(8, os_text(p.min_os)).Bind(9, os_text(p.max_os));
  stmt->Bind(10, keys.abis_json).Bind(11, p.signer_sha256).Bind(12, record.signer_subject);
  stmt->Bind(13, static_cast<std::int64_t>(p.size)).Bind(14, record.published_by);
  stmt->Bind(15, record.published_at).Bind(16, sqlite::LineageText(p.signer_lineage));
  stmt->Bind(17, sqlite::AbisJson(p.required_split_types))
      .Bind(18, sqlite::AbisJson(p.split_types));
  if (Status s = stmt->Run(); !s.ok()) return s;
  return sqlite::InsertSplits(c, p);
}

}  // namespace

Status SqliteStore::AddPackage(const SoftwareRecord& software, const PackageRecord& record,
                               const PlaceBytes& place_bytes) {
  const Package& package = record.package;
  Status valid = ValidatePackage(software, package);
  if (!valid.ok()) return valid;
  const PackageKeys keys{sqlite::VersionKey(package.version), sqlite::SortedAbisJson(package.abis)};
  return Run(Access::kWrite, [&](Connection& c) -> Status {
    Status status = CheckSoftwareOwner(c, software);
    if (status.ok()) status = CheckSameBytes(c, package);
    if (status.ok()) status = CheckSigner(c, package);
    if (status.ok()) status = CheckAppOwner(c, package);
    if (status.ok()) status = CheckVersion(c, package, keys);
    if (status.ok()) status = InsertSoftwareIfNew(c, software);
    if (status.ok() && place_bytes) status = place_bytes();
    if (status.ok()) status = InsertPackage(c, record, keys);
    return status;
  });
}

}  // namespace appvault::store
