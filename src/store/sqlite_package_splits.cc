#include "store/sqlite_package_splits.h"

#include <string>
#include <utility>

#include "store/package_splits.h"
#include "store/sqlite_rows.h"

namespace appvault::store::sqlite {

Status InsertSplits(Connection& c, const Package& package) {
  static const std::string kSql =
      Sql({"INSERT INTO package_splits (", kSplitInsertColumns,
           ") VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12)"});
  for (const SplitMember& split : package.splits) {
    Result<SplitValues> row = SplitRow(package, split);
    if (!row.ok()) return row.status();
    Result<Statement> stmt = c.Prepare(kSql);
    if (!stmt.ok()) return stmt.status();
    stmt->Bind(1, row->package_sha256).Bind(2, row->name).Bind(3, row->sha256);
    stmt->Bind(4, row->size).Bind(5, row->kind).Bind(6, row->config_for).Bind(7, row->abi);
    stmt->Bind(8, row->density).Bind(9, row->locale).Bind(10, row->abis);
    stmt->Bind(11, row->required_split_types).Bind(12, row->split_types);
    if (Status s = stmt->Run(); !s.ok()) return s;
  }
  return Status::Ok();
}

Status AttachSplits(Connection& c, std::vector<PackageRecord>* records) {
  static const std::string kSql = Sql({"SELECT ", rows::kSplitColumns,
                                       " FROM package_splits WHERE package_sha256 = ?1 "
                                       "ORDER BY name"});
  return store::AttachSplits(records, [&](const Sha256& sha256) {
    Result<Statement> stmt = c.Prepare(kSql);
    if (!stmt.ok()) return Result<std::vector<SplitMember>>(stmt.status());
    stmt->Bind(1, sha256);
    return ReadAll(*stmt, rows::ReadSplit<Statement>);
  });
}

}  // namespace appvault::store::sqlite
