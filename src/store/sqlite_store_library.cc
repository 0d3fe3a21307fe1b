// SqliteStore: reading the library (software, packages, search, categories) and votes.
#include <limits>
#include <utility>

#include "store/catalog_entries.h"
#include "store/sqlite_codec.h"
#include "store/sqlite_connection.h"
#include "store/sqlite_package_splits.h"
#include "store/sqlite_rows.h"
#include "store/sqlite_store.h"

namespace appvault::store {
namespace {

using sqlite::Connection;
using sqlite::Sql;
using sqlite::Statement;

// Packages in the library's order: platform, then version, then ABI set.
constexpr std::string_view kPackageOrder = " ORDER BY p.platform, p.version_key, p.abis, p.sha256";

Status NoSoftware(std::string_view software_id) {
  return Status(StatusCode::kNotFound, "no software \"" + std::string(software_id) + "\"");
}

Result<SoftwareRecord> SelectSoftware(Connection& c, std::string_view software_id) {
  static const std::string kSql =
      Sql({"SELECT ", sqlite::kSoftwareColumns, " FROM software s WHERE s.id = ?1"});
  Result<Statement> stmt = c.Prepare(kSql);
  if (!stmt.ok()) return stmt.status();
  stmt->Bind(1, software_id);
  return sqlite::ReadOne(*stmt, sqlite::ReadSoftware, NoSoftware(software_id).message());
}

std::int64_t ClampToInt64(std::size_t value) {
  constexpr auto kMax = static_cast<std::size_t>(std::numeric_limits<std::int64_t>::max());
  return static_cast<std::int64_t>(std::min(value, kMax));
}

}  // namespace

Result<SoftwareRecord> SqliteStore::FindSoftware(std::string_view software_id) {
  return Fetch(Access::kRead, [&](Connection& c) { return SelectSoftware(c, software_id); });
}

Result<std::vector<PackageRecord>> SqliteStore::ListPackages(std::string_view software_id) {
  static const std::string kSql = Sql({"SELECT ", sqlite::kPackageColumns,
                                       " FROM packages p WHERE p.software_id = ?1", kPackageOrder});
  return Fetch(Access::kSnapshot, [&](Connection& c) -> Result<std::vector<PackageRecord>> {
    Result<SoftwareRecord> software = SelectSoftware(c, software_id);
    if (!software.ok()) return software.status();
    Result<Statement> stmt = c.Prepare(kSql);
    if (!stmt.ok()) return stmt.status();
    stmt->Bind(1, software_id);
    auto packages = sqlite::ReadAll(*stmt, sqlite::ReadPackage);
    if (!packages.ok()) return packages.status();
    if (Status s = sqlite::AttachSplits(c, &*packages); !s.ok()) return s;
    return packages;
  });
}

Result<PackageRecord> SqliteStore::FindPackage(const Sha256& sha256) {
  static const std::string kSql =
      Sql({"SELECT ", sqlite::kPackageColumns, " FROM packages p WHERE p.sha256 = ?1"});
  return Fetch(Access::kRead, [&](Connection& c) -> Result<PackageRecord> {
    Result<Statement> stmt = c.Prepare(kSql);
    if (!stmt.ok()) return stmt.status();
    stmt->Bind(1, sha256);
    Result<PackageRecord> found =
        sqlite::ReadOne(*stmt, sqlite::ReadPackage, "no package " + sha256.Short());
    if (!found.ok()) return found.status();
    std::vector<PackageRecord> one{std::move(found).value()};
    if (Status s = sqlite::AttachSplits(c, &one); !s.ok()) return s;
    return std::move(one[0]);
  });
}

Result<std::string> SqliteStore::FindSoftwareIdByApp(Platform platform, const AppId& app) {
  return Fetch(Access::kRead, [&](Connection& c) -> Result<std::string> {
    Result<Statement> stmt = c.Prepare(
        "SELECT software_id FROM packages WHERE platform = ?1 AND app_id = ?2 "
        "ORDER BY software_id LIMIT 1");
    if (!stmt.ok()) return stmt.status();
    stmt->Bind(1, PlatformName(platform)).Bind(2, app.str());
    return sqlite::ReadOne(
        *stmt, [](const Statement& row) -> Result<std::string> { return row.Text(0); },
        "no software in the library for " + std::string(PlatformName(platform)) + " app \"" +
            app.str() + "\"");
  });
}

Result<std::vector<SoftwareRecord>> SqliteStore::SearchSoftware(const SoftwareQuery& query) {
  // lower() and instr(): a case-insensitive substring match for ASCII letters.
  static const std::string kSql =
      Sql({"SELECT ", sqlite::kSoftwareColumns, " FROM software s WHERE (?1 = '' OR ",
           "instr(lower(s.id), lower(?1)) > 0 OR instr(lower(s.name), lower(?1)) > 0 OR ",
           "instr(lower(s.publisher), lower(?1)) > 0) AND (?2 = '' OR s.category = ?2) AND ",
           "(?3 IS NULL OR EXISTS (SELECT 1 FROM packages p WHERE p.software_id = s.id AND ",
           "p.platform = ?3)) ORDER BY s.id LIMIT ?4 OFFSET ?5"});
  std::optional<std::string> platform;
  if (query.platform.has_value()) platform = std::string(PlatformName(*query.platform));
  return Fetch(Access::kRead, [&](Connection& c) -> Result<std::vector<SoftwareRecord>> {
    Result<Statement> stmt = c.Prepare(kSql);
    if (!stmt.ok()) return stmt.status();
    stmt->Bind(1, query.text).Bind(2, query.category).Bind(3, platform);
    stmt->Bind(4, ClampToInt64(query.limit)).Bind(5, ClampToInt64(query.offset));
    return sqlite::ReadAll(*stmt, sqlite::ReadSoftware);
  });
}

Result<std::vector<CatalogEntry>> SqliteStore::CatalogInCategory(std::string_view category) {
  if (category.empty()) return std::vector<CatalogEntry>();
  static const std::string kSoftwareSql =
      Sql({"SELECT ", sqlite::kSoftwareColumns,
           " FROM software s WHERE s.category = ?1 ORDER BY s.id"});
  static const std::string kPackagesSql =
      Sql({"SELECT ", sqlite::kPackageColumns,
           " FROM packages p JOIN software s ON s.id = p.software_id WHERE s.category = ?1",
           kPackageOrder});
  return Fetch(Access::kSnapshot, [&](Connection& c) -> Result<std::vector<CatalogEntry>> {
    Result<Statement> software_stmt = c.Prepare(kSoftwareSql);
    if (!software_stmt.ok()) return software_stmt.status();
    auto software = sqlite::ReadAll(software_stmt->Bind(1, category), sqlite::ReadSoftware);
    if (!software.ok()) return software.status();
    Result<Statement> packages_stmt = c.Prepare(kPackagesSql);
    if (!packages_stmt.ok()) return packages_stmt.status();
    auto packages = sqlite::ReadAll(packages_stmt->Bind(1, category), sqlite::ReadPackage);
    if (!packages.ok()) return packages.status();
    if (Status s = sqlite::AttachSplits(c, &*packages); !s.ok()) return s;
    return CatalogEntries(*software, std::move(packages).value());
  });
}

Status SqliteStore::AddVote(std::int64_t user_id, std::string_view software_id, std::int64_t now) {
  return Run(Access::kWrite, [&](Connection& c) -> Status {
    Result<SoftwareRecord> software = SelectSoftware(c, software_id);
    if (!software.ok()) return software.status();
    Result<Statement> insert =
        c.Prepare("INSERT INTO votes (user_id, software_id, created_at) VALUES (?1, ?2, ?3)");
    if (!insert.ok()) return insert.status();
    Status inserted = insert->Bind(1, user_id).Bind(2, software_id).Bind(3, now).Run();
    if (inserted.code() == StatusCode::kConflict) {
      return Status(StatusCode::kConflict,
                    "already voted for software \"" + std::string(software_id) + "\"");
    }
    if (!inserted.ok()) return inserted;
    Result<Statement> count = c.Prepare("UPDATE software SET votes = votes + 1 WHERE id = ?1");
    if (!count.ok()) return count.status();
    return count->Bind(1, software_id).Run();
  });
}

}  // namespace appvault::store
