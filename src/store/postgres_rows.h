// Rows: the rows a PostgreSQL query answered (text format), and Row, one of them, with the
// accessors row_readers.h expects; ReadOne and ReadAll turn rows into records.
#pragma once

#include <libpq-fe.h>

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <type_traits>
#include <utility>
#include <vector>

#include "core/sha256.h"
#include "core/status.h"

namespace appvault::store::pg {

// One row of a result; valid while its Rows lives. A value that does not parse as the
// accessor's type was not written by this store: Int gives 0, Digest kInternal.
class Row {
 public:
  Row(const PGresult* result, int row) : result_(result), row_(row) {}

  bool IsNull(int column) const;
  std::int64_t Int(int column) const;  // a bigint (or numeric without fraction) column
  std::string Text(int column) const;  // "" for NULL
  std::optional<std::string> OptionalText(int column) const;
  std::optional<bool> OptionalBool(int column) const;  // 0/1 or f/t; NULL → nullopt
  // A 32-byte bytea column. Errors: kInternal naming the column.
  Result<Sha256> Digest(int column) const;
  Result<std::optional<Sha256>> OptionalDigest(int column) const;

 private:
  std::string_view Value(int column) const;

  const PGresult* result_;
  int row_;
};

// Owns a successful query's result. Move-only.
class Rows {
 public:
  explicit Rows(PGresult* result) : result_(result) {}

  int size() const { return PQntuples(result_.get()); }
  Row operator[](int row) const { return Row(result_.get(), row); }
  // How many rows an INSERT/UPDATE/DELETE changed.
  std::int64_t Affected() const;

 private:
  struct Clear {
    void operator()(PGresult* result) const { PQclear(result); }
  };
  std::unique_ptr<PGresult, Clear> result_;
};

// The first row read with `read`; kNotFound with `not_found` as message when there is none.
template <typename Reader>
auto ReadOne(const Rows& rows, Reader read, std::string_view not_found) -> decltype(read(rows[0])) {
  if (rows.size() == 0) return Status(StatusCode::kNotFound, std::string(not_found));
  return read(rows[0]);
}

// Every row read with `read`, in order.
template <typename Reader>
auto ReadAll(const Rows& rows, Reader read)
    -> Result<std::vector<std::decay_t<decltype(read(rows[0]).value())>>> {
  std::vector<std::decay_t<decltype(read(rows[0]).value())>> out;
  out.reserve(static_cast<std::size_t>(rows.size()));
  for (int i = 0; i < rows.size(); ++i) {
    auto value = read(rows[i]);
    if (!value.ok()) return value.status();
    out.push_back(std::move(value).value());
  }
  return out;
}

}  // namespace appvault::store::pg
