// What both SQL stores do alike with the split APKs of an app set (CONTRACT §7, table
// package_splits of schema 5): a split's column values as written, and attaching the stored
// splits to the package records read. Rows are read by rows::ReadSplit (row_readers.h).
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "core/package.h"
#include "core/status.h"
#include "store/records.h"
#include "store/sqlite_codec.h"

namespace appvault::store {

// The columns a split is inserted with, in the order of SplitValues' fields.
inline constexpr std::string_view kSplitInsertColumns =
    "package_sha256, name, sha256, size, kind, config_for, abi, density, locale, abis, "
    "required_split_types, split_types";

// One package_splits row as stored: lists as JSON text, in their given order.
struct SplitValues {
  Sha256 package_sha256;
  std::string name;
  Sha256 sha256;
  std::int64_t size = 0;
  std::string kind;
  std::string config_for;
  std::string abi;
  std::int64_t density = 0;
  std::string locale;
  std::string abis;
  std::string required_split_types;
  std::string split_types;
};

// The row of `split` of `package`. Errors: kInvalidArgument for a size above 2^63-1.
inline Result<SplitValues> SplitRow(const Package& package, const SplitMember& split) {
  Result<std::int64_t> size = sqlite::SizeColumn(split.size);
  if (!size.ok()) return size.status();
  return SplitValues{package.sha256,
                     split.name,
                     split.sha256,
                     *size,
                     std::string(SplitKindName(split.kind)),
                     split.config_for,
                     split.abi,
                     split.density,
                     split.locale,
                     sqlite::AbisJson(split.abis),
                     sqlite::AbisJson(split.required_split_types),
                     sqlite::AbisJson(split.split_types)};
}

// Fills Package::splits of every record with select(sha256 of the package), a callable
// answering Result<std::vector<SplitMember>>: the package's splits in ascending name.
// Errors: select's.
template <typename SelectSplits>
Status AttachSplits(std::vector<PackageRecord>* records, SelectSplits select) {
  for (PackageRecord& record : *records) {
    Result<std::vector<SplitMember>> splits = select(record.package.sha256);
    if (!splits.ok()) return splits.status();
    record.package.splits = std::move(splits).value();
  }
  return Status::Ok();
}

}  // namespace appvault::store
