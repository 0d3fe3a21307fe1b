#include "store/postgres_rows.h"

#include <charconv>

namespace appvault::store::pg {

bool Row::IsNull(int column) const {
  return PQgetisnull(result_, row_, column) != 0;
}

std::string_view Row::Value(int column) const {
  return std::string_view(PQgetvalue(result_, row_, column),
                          static_cast<std::size_t>(PQgetlength(result_, row_, column)));
}

std::int64_t Row::Int(int column) const {
  const std::string_view text = Value(column);
  std::int64_t value = 0;
  std::from_chars(text.data(), text.data() + text.size(), value);
  return value;
}

std::string Row::Text(int column) const {
  return std::string(Value(column));
}

std::optional<std::string> Row::OptionalText(int column) const {
  if (IsNull(column)) return std::nullopt;
  return Text(column);
}

std::optional<bool> Row::OptionalBool(int column) const {
  if (IsNull(column)) return std::nullopt;
  const std::string_view text = Value(column);
  return text == "1" || text == "t";
}

Result<Sha256> Row::Digest(int column) const {
  const std::string_view text = Value(column);
  if (text.size() == 2 + 2 * Sha256::kSize && text.substr(0, 2) == "\\x") {
    Result<Sha256> digest = Sha256::ParseHex(text.substr(2));
    if (digest.ok()) return digest;
  }
  return Status(StatusCode::kInternal, "database: column " + std::string(PQfname(result_, column)) +
                                           " holds no SHA-256 digest");
}

Result<std::optional<Sha256>> Row::OptionalDigest(int column) const {
  if (IsNull(column)) return std::optional<Sha256>();
  Result<Sha256> digest = Digest(column);
  if (!digest.ok()) return digest.status();
  return std::optional<Sha256>(*digest);
}

std::int64_t Rows::Affected() const {
  const char* text = PQcmdTuples(result_.get());
  std::int64_t value = 0;
  std::from_chars(text, text + std::char_traits<char>::length(text), value);
  return value;
}

}  // namespace appvault::store::pg
