#include "store/sqlite_package_splits.h"

#include <string>
#include <utility>

#include "store/sqlite_codec.h"
#include "store/sqlite_rows.h"

namespace appvault::store::sqlite {
namespace {

constexpr std::string_view kSelect =
    "SELECT name, sha256, size, kind, config_for, abi, density, locale, abis, "
    "required_split_types, split_types FROM package_splits WHERE package_sha256 = ?1 "
    "ORDER BY name";

Result<SplitMember> ReadSplit(const Statement& row) {
  SplitMember split;
  split.name = row.Text(0);
  Result<Sha256> sha256 = row.Digest(1);
  if (!sha256.ok()) return sha256.status();
  split.sha256 = *sha256;
  split.size = static_cast<std::uint64_t>(row.Int(2));
  std::optional<SplitKind> kind = ParseSplitKind(row.Text(3));
  if (!kind) {
    return Status(StatusCode::kInternal, "database: unknown split kind \"" + row.Text(3) + "\"");
  }
  split.kind = *kind;
  split.config_for = row.Text(4);
  split.abi = row.Text(5);
  split.density = static_cast<int>(row.Int(6));
  split.locale = row.Text(7);
  Result<std::vector<std::string>> abis = StoredAbis(row.Text(8));
  if (!abis.ok()) return abis.status();
  Result<std::vector<std::string>> required = StoredStrings("split type list", row.Text(9));
  if (!required.ok()) return required.status();
  Result<std::vector<std::string>> types = StoredStrings("split type list", row.Text(10));
  if (!types.ok()) return types.status();
  split.abis = std::move(abis).value();
  split.required_split_types = std::move(required).value();
  split.split_types = std::move(types).value();
  return split;
}

}  // namespace

Status InsertSplits(Connection& c, const Package& package) {
  for (const SplitMember& split : package.splits) {
    Result<Statement> stmt = c.Prepare(
        "INSERT INTO package_splits (package_sha256, name, sha256, size, kind, config_for, abi, "
        "density, locale, abis, required_split_types, split_types) "
        "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12)");
    if (!stmt.ok()) return stmt.status();
    Result<std::int64_t> size = SizeColumn(split.size);
    if (!size.ok()) return size.status();
    stmt->Bind(1, package.sha256).Bind(2, split.name).Bind(3, split.sha256).Bind(4, *size);
    stmt->Bind(5, SplitKindName(split.kind)).Bind(6, split.config_for).Bind(7, split.abi);
    stmt->Bind(8, static_cast<std::int64_t>(split.density)).Bind(9, split.locale);
    stmt->Bind(10, AbisJson(split.abis)).Bind(11, AbisJson(split.required_split_types));
    stmt->Bind(12, AbisJson(split.split_types));
    if (Status s = stmt->Run(); !s.ok()) return s;
  }
  return Status::Ok();
}

Status AttachSplits(Connection& c, std::vector<PackageRecord>* records) {
  for (PackageRecord& record : *records) {
    Result<Statement> stmt = c.Prepare(std::string(kSelect));
    if (!stmt.ok()) return stmt.status();
    stmt->Bind(1, record.package.sha256);
    Result<std::vector<SplitMember>> splits = ReadAll(*stmt, ReadSplit);
    if (!splits.ok()) return splits.status();
    record.package.splits = std::move(splits).value();
  }
  return Status::Ok();
}

}  // namespace appvault::store::sqlite
