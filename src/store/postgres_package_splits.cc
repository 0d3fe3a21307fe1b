#include "store/postgres_package_splits.h"

#include <string>

#include "store/package_splits.h"
#include "store/postgres_rows.h"
#include "store/row_readers.h"

namespace appvault::store::pg {

Status InsertSplits(Connection& c, const Package& package) {
  static const std::string kSql =
      rows::Sql({"INSERT INTO package_splits (", kSplitInsertColumns,
                 ") VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)"});
  for (const SplitMember& split : package.splits) {
    Result<SplitValues> row = SplitRow(package, split);
    if (!row.ok()) return row.status();
    Params params;
    params.Add(row->package_sha256).Add(row->name).Add(row->sha256).Add(row->size);
    params.Add(row->kind).Add(row->config_for).Add(row->abi).Add(row->density);
    params.Add(row->locale).Add(row->abis).Add(row->required_split_types);
    params.Add(row->split_types);
    if (Status s = c.Query(kSql, params).status(); !s.ok()) return s;
  }
  return Status::Ok();
}

Status AttachSplits(Connection& c, std::vector<PackageRecord>* records) {
  static const std::string kSql = rows::Sql({"SELECT ", rows::kSplitColumns,
                                             " FROM package_splits WHERE package_sha256 = $1 "
                                             "ORDER BY name"});
  return store::AttachSplits(records, [&](const Sha256& sha256) {
    Result<Rows> found = c.Query(kSql, Params().Add(sha256));
    if (!found.ok()) return Result<std::vector<SplitMember>>(found.status());
    return ReadAll(*found, rows::ReadSplit<Row>);
  });
}

}  // namespace appvault::store::pg
