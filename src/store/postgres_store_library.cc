// PostgresStore: reading the library (software, packages, search, categories) and votes.
#include <algorithm>
#include <limits>
#include <utility>

#include "store/catalog_entries.h"
#include "store/postgres_connection.h"
#include "store/postgres_package_splits.h"
#include "store/postgres_store.h"
#include "store/row_readers.h"

namespace appvault::store {
namespace {

using pg::Connection;
using pg::Params;
using pg::Row;
using pg::Rows;
using rows::Sql;

// Packages in the library's order: platform, then version, then ABI set.
constexpr std::string_view kPackageOrder = " ORDER BY p.platform, p.version_key, p.abis, p.sha256";

Status NoSoftware(std::string_view software_id) {
  return Status(StatusCode::kNotFound, "no software \"" + std::string(software_id) + "\"");
}

Result<SoftwareRecord> SelectSoftware(Connection& c, std::string_view software_id) {
  static const std::string kSql =
      Sql({"SELECT ", rows::kSoftwareColumns, " FROM software s WHERE s.id = $1"});
  Result<Rows> found = c.Query(kSql, Params().Add(software_id));
  if (!found.ok()) return found.status();
  return pg::ReadOne(*found, rows::ReadSoftware<Row>, NoSoftware(software_id).message());
}

std::int64_t ClampToInt64(std::size_t value) {
  constexpr auto kMax = static_cast<std::size_t>(std::numeric_limits<std::int64_t>::max());
  return static_cast<std::int64_t>(std::min(value, kMax));
}

}  // namespace

Result<SoftwareRecord> PostgresStore::FindSoftware(std::string_view software_id) {
  return Fetch(Access::kRead, [&](Connection& c) { return SelectSoftware(c, software_id); });
}

Result<std::vector<PackageRecord>> PostgresStore::ListPackages(std::string_view software_id) {
  static const std::string kSql = Sql({"SELECT ", rows::kPackageColumns,
                                       " FROM packages p WHERE p.software_id = $1", kPackageOrder});
  return Fetch(Access::kSnapshot, [&](Connection& c) -> Result<std::vector<PackageRecord>> {
    Result<SoftwareRecord> software = SelectSoftware(c, software_id);
    if (!software.ok()) return software.status();
    Result<Rows> found = c.Query(kSql, Params().Add(software_id));
    if (!found.ok()) return found.status();
    auto packages = pg::ReadAll(*found, rows::ReadPackage<Row>);
    if (!packages.ok()) return packages.status();
    if (Status s = pg::AttachSplits(c, &*packages); !s.ok()) return s;
    return packages;
  });
}

Result<PackageRecord> PostgresStore::FindPackage(const Sha256& sha256) {
  static const std::string kSql =
      Sql({"SELECT ", rows::kPackageColumns, " FROM packages p WHERE p.sha256 = $1"});
  return Fetch(Access::kSnapshot, [&](Connection& c) -> Result<PackageRecord> {
    Result<Rows> found = c.Query(kSql, Params().Add(sha256));
    if (!found.ok()) return found.status();
    Result<PackageRecord> package =
        pg::ReadOne(*found, rows::ReadPackage<Row>, "no package " + sha256.Short());
    if (!package.ok()) return package.status();
    std::vector<PackageRecord> one{std::move(package).value()};
    if (Status s = pg::AttachSplits(c, &one); !s.ok()) return s;
    return std::move(one[0]);
  });
}

Result<std::string> PostgresStore::FindSoftwareIdByApp(Platform platform, const AppId& app) {
  static const std::string kSql =
      "SELECT software_id FROM packages WHERE platform = $1 AND app_id = $2 "
      "ORDER BY software_id LIMIT 1";
  return Fetch(Access::kRead, [&](Connection& c) -> Result<std::string> {
    Result<Rows> found = c.Query(kSql, Params().Add(PlatformName(platform)).Add(app.str()));
    if (!found.ok()) return found.status();
    return pg::ReadOne(
        *found, [](const Row& row) -> Result<std::string> { return row.Text(0); },
        "no software in the library for " + std::string(PlatformName(platform)) + " app \"" +
            app.str() + "\"");
  });
}

Result<std::vector<SoftwareRecord>> PostgresStore::SearchSoftware(const SoftwareQuery& query) {
  // lower() and strpos(): a case-insensitive substring match.
  static const std::string kSql =
      Sql({"SELECT ", rows::kSoftwareColumns, " FROM software s WHERE ($1::text = '' OR ",
           "strpos(lower(s.id), lower($1)) > 0 OR strpos(lower(s.name), lower($1)) > 0 OR ",
           "strpos(lower(s.publisher), lower($1)) > 0) AND ($2::text = '' OR s.category = $2) AND ",
           "($3::text IS NULL OR EXISTS (SELECT 1 FROM packages p WHERE p.software_id = s.id ",
           "AND p.platform = $3::text)) ORDER BY s.id LIMIT $4 OFFSET $5"});
  std::optional<std::string> platform;
  if (query.platform.has_value()) platform = std::string(PlatformName(*query.platform));
  return Fetch(Access::kRead, [&](Connection& c) -> Result<std::vector<SoftwareRecord>> {
    Result<Rows> found = c.Query(kSql, Params()
                                           .Add(query.text)
                                           .Add(query.category)
                                           .Add(platform)
                                           .Add(ClampToInt64(query.limit))
                                           .Add(ClampToInt64(query.offset)));
    if (!found.ok()) return found.status();
    return pg::ReadAll(*found, rows::ReadSoftware<Row>);
  });
}

Result<std::vector<CatalogEntry>> PostgresStore::CatalogInCategory(std::string_view category) {
  if (category.empty()) return std::vector<CatalogEntry>();
  static const std::string kSoftwareSql = Sql(
      {"SELECT ", rows::kSoftwareColumns, " FROM software s WHERE s.category = $1 ORDER BY s.id"});
  static const std::string kPackagesSql =
      Sql({"SELECT ", rows::kPackageColumns,
           " FROM packages p JOIN software s ON s.id = p.software_id WHERE s.category = $1",
           kPackageOrder});
  return Fetch(Access::kSnapshot, [&](Connection& c) -> Result<std::vector<CatalogEntry>> {
    Result<Rows> software_rows = c.Query(kSoftwareSql, Params().Add(category));
    if (!software_rows.ok()) return software_rows.status();
    auto software = pg::ReadAll(*software_rows, rows::ReadSoftware<Row>);
    if (!software.ok()) return software.status();
    Result<Rows> package_rows = c.Query(kPackagesSql, Params().Add(category));
    if (!package_rows.ok()) return package_rows.status();
    auto packages = pg::ReadAll(*package_rows, rows::ReadPackage<Row>);
    if (!packages.ok()) return packages.status();
    if (Status s = pg::AttachSplits(c, &*packages); !s.ok()) return s;
    return CatalogEntries(*software, std::move(packages).value());
  });
}

Status PostgresStore::AddVote(std::int64_t user_id, std::string_view software_id,
                              std::int64_t now) {
  static const std::string kInsert =
      "INSERT INTO votes (user_id, software_id, created_at) VALUES ($1, $2, $3)";
  static const std::string kCount = "UPDATE software SET votes = votes + 1 WHERE id = $1";
  return Run(Access::kWrite, [&](Connection& c) -> Status {
    Result<SoftwareRecord> software = SelectSoftware(c, software_id);
    if (!software.ok()) return software.status();
    Result<Rows> inserted = c.Query(kInsert, Params().Add(user_id).Add(software_id).Add(now));
    if (inserted.status().code() == StatusCode::kConflict) {
      return Status(StatusCode::kConflict,
                    "already voted for software \"" + std::string(software_id) + "\"");
    }
    if (!inserted.ok()) return inserted.status();
    return c.Query(kCount, Params().Add(software_id)).status();
  });
}

}  // namespace appvault::store
