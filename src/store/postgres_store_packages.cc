// PostgresStore::AddPackage: the library's publish checks and inserts, in one transaction.
#include <optional>
#include <string>

#include "store/postgres_connection.h"
#include "store/postgres_package_splits.h"
#include "store/postgres_store.h"
#include "store/publish_checks.h"
#include "store/sqlite_codec.h"

namespace appvault::store {
namespace {

using pg::Connection;
using pg::Params;
using pg::Row;
using pg::Rows;

// The derived columns of a package: its version's sort key and its sorted ABI set.
struct PackageKeys {
  std::string version_key;
  std::string abis_json;
};

// The first column of the first row as text, or nullopt when there is no row.
Result<std::optional<std::string>> FirstText(const Result<Rows>& rows) {
  if (!rows.ok()) return rows.status();
  if (rows->size() == 0) return std::optional<std::string>();
  return std::optional<std::string>((*rows)[0].Text(0));
}

Status InsertSoftwareIfNew(Connection& c, const SoftwareRecord& record) {
  static const std::string kSql =
      "INSERT INTO software (id, name, publisher, category, description, owner_id, created_at) "
      "VALUES ($1, $2, $3, $4, $5, $6, $7) ON CONFLICT (id) DO NOTHING";
  const Software& s = record.software;
  return c
      .Query(kSql, Params()
                       .Add(s.id)
                       .Add(s.name)
                       .Add(s.publisher)
                       .Add(s.category)
                       .Add(s.description)
                       .Add(record.owner_id)
                       .Add(record.created_at))
      .status();
}

Status CheckSameBytes(Connection& c, const Package& package) {
  static const std::string kSql = "SELECT software_id FROM packages WHERE sha256 = $1";
  Result<std::optional<std::string>> owner = FirstText(c.Query(kSql, Params().Add(package.sha256)));
  if (!owner.ok() || !owner->has_value()) return owner.status();
  return Status(StatusCode::kVersionExists, "package " + package.sha256.Short() +
                                                " is already in the library (software " +
                                                Quoted(**owner) + ")");
}

Status CheckAppOwner(Connection& c, const Package& package) {
  static const std::string kSql =
      "SELECT software_id FROM packages WHERE platform = $1 AND app_id = $2 "
      "AND software_id <> $3 LIMIT 1";
  Result<std::optional<std::string>> owner =
      FirstText(c.Query(kSql, Params()
                                  .Add(PlatformName(package.platform))
                                  .Add(package.app.str())
                                  .Add(package.software_id)));
  if (!owner.ok() || !owner->has_value()) return owner.status();
  return Status(StatusCode::kConflict, std::string(PlatformName(package.platform)) + " app " +
                                           Quoted(package.app.str()) + " belongs to software " +
                                           Quoted(**owner));
}

Status CheckVersion(Connection& c, const Package& package, const PackageKeys& keys) {
  static const std::string kSql =
      "SELECT version FROM packages WHERE software_id = $1 AND platform = $2 "
      "AND version_key = $3 AND abis = $4";
  Result<std::optional<std::string>> existing =
      FirstText(c.Query(kSql, Params()
                                  .Add(package.software_id)
                                  .Add(PlatformName(package.platform))
                                  .Add(keys.version_key)
                                  .Add(keys.abis_json)));
  if (!existing.ok() || !existing->has_value()) return existing.status();
  return Status(StatusCode::kVersionExists,
                "software " + Quoted(package.software_id) + " already has " +
                    std::string(PlatformName(package.platform)) + " version " + **existing +
                    " for ABIs " + keys.abis_json);
}

// The stored packages `rows` hold (signer_sha256, signer_lineage, software_id) are all of
// the package's signer lineage, else kSignerMismatch naming `whose` packages.
Status CheckLineage(const Result<Rows>& rows, const Package& package, const std::string& whose) {
  if (!rows.ok()) return rows.status();
  for (int i = 0; i < rows->size(); ++i) {
    const Row row = (*rows)[i];
    Package earlier;
    Result<Sha256> signer = row.Digest(0);
    if (!signer.ok()) return signer.status();
    Result<std::vector<Sha256>> lineage = sqlite::StoredLineage(row.Text(1));
    if (!lineage.ok()) return lineage.status();
    earlier.signer_sha256 = *signer;
    earlier.signer_lineage = std::move(lineage).value();
    if (SameSignerLineage(package, earlier)) continue;
    return Status(StatusCode::kSignerMismatch,
                  "the package is signed by " + package.signer_sha256.Short() + " but " + whose +
                      " (software " + Quoted(row.Text(2)) + ") are signed by " + signer->Short() +
                      ", and no v3 rotation proof links the two");
  }
  return Status::Ok();
}

// CONTRACT §4 rule 7: an Android app id is bound to one signer lineage across the whole
// library, whatever software a package is published to; and a software's Android packages
// share one lineage.
Status CheckSigner(Connection& c, const Package& package) {
  static const std::string kByApp =
      "SELECT signer_sha256, signer_lineage, software_id FROM packages "
      "WHERE platform = 'android' AND app_id = $1";
  static const std::string kBySoftware =
      "SELECT signer_sha256, signer_lineage, software_id FROM packages "
      "WHERE platform = 'android' AND software_id = $1";
  if (package.platform != Platform::kAndroid) return Status::Ok();
  Status status = CheckLineage(c.Query(kByApp, Params().Add(package.app.str())), package,
                               "the library's android packages of " + Quoted(package.app.str()));
  if (!status.ok()) return status;
  return CheckLineage(c.Query(kBySoftware, Params().Add(package.software_id)), package,
                      "the earlier android packages");
}

// The software the caller vetted is the one stored: when it exists, its owner is the owner
// the caller checked (a software created meanwhile by another publisher is refused).
Status CheckSoftwareOwner(Connection& c, const SoftwareRecord& software) {
  static const std::string kSql = "SELECT owner_id FROM software WHERE id = $1";
  Result<Rows> found = c.Query(kSql, Params().Add(software.software.id));
  if (!found.ok()) return found.status();
  if (found->size() == 0 || (*found)[0].Int(0) == software.owner_id) return Status::Ok();
  return Status(StatusCode::kForbidden,
                "software " + Quoted(software.software.id) + " belongs to another publisher");
}

Status InsertPackage(Connection& c, const PackageRecord& record, const PackageKeys& keys) {
  static const std::string kSql =
      "INSERT INTO packages (sha256, software_id, platform, app_id, version, version_key, "
      "version_name, min_os, max_os, abis, signer_sha256, signer_subject, size, published_by, "
      "published_at, signer_lineage, required_split_types, split_types) VALUES ($1, $2, $3, $4, "
      "$5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18)";
  const Package& p = record.package;
  auto os_text = [](const std::optional<Version>& v) {
    return v.has_value() ? std::optional<std::string>(v->text()) : std::nullopt;
  };
  Params params;
  params.Add(p.sha256).Add(p.software_id).Add(PlatformName(p.platform));
  params.Add(p.app.str()).Add(p.version.text()).Add(keys.version_key);
  params.Add(p.version_name).Add(os_text(p.min_os)).Add(os_text(p.max_os));
  params.Add(keys.abis_json).Add(p.signer_sha256).Add(record.signer_subject);
  params.Add(static_cast<std::int64_t>(p.size)).Add(record.published_by);
  params.Add(record.published_at).Add(sqlite::LineageText(p.signer_lineage));
  params.Add(sqlite::AbisJson(p.required_split_types)).Add(sqlite::AbisJson(p.split_types));
  if (Status s = c.Query(kSql, params).status(); !s.ok()) return s;
  return pg::InsertSplits(c, p);
}

}  // namespace

Status PostgresStore::AddPackage(const SoftwareRecord& software, const PackageRecord& record,
                                 const PlaceBytes& place_bytes) {
  const Package& package = record.package;
  Status valid = ValidatePackage(software, package);
  if (!valid.ok()) return valid;
  const PackageKeys keys{sqlite::VersionKey(package.version), sqlite::SortedAbisJson(package.abis)};
  bool placed = false;
  const std::function<Status()> place = OnceOnly(place_bytes, &placed);
  Locks locks;
  if (place) locks.push_back(LockKeyOf(package.sha256));
  return Run(
      Access::kWrite,
      [&](Connection& c) -> Status {
        Status status = CheckSoftwareOwner(c, software);
        if (status.ok()) status = CheckSameBytes(c, package);
        if (status.ok()) status = CheckSigner(c, package);
        if (status.ok()) status = CheckAppOwner(c, package);
        if (status.ok()) status = CheckVersion(c, package, keys);
        if (status.ok()) status = InsertSoftwareIfNew(c, software);
        if (status.ok() && place) status = place();
        if (status.ok()) status = InsertPackage(c, record, keys);
        return status;
      },
      locks);
}

}  // namespace appvault::store
