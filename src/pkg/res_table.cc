// resources.arsc: ResTable header, global string pool, packages, their ResTable_type chunks.
#include "pkg/res_table.h"

#include <set>
#include <utility>

#include "pkg/le_bytes.h"
#include "pkg/res_chunk.h"

namespace appvault::pkg {
namespace {

constexpr std::uint16_t kTableType = 0x0002;
constexpr std::uint16_t kPackageType = 0x0200;
constexpr std::uint16_t kTypeType = 0x0201;
constexpr std::size_t kTableHeaderSize = 12;
constexpr std::size_t kPackageHeaderSize = 284;  // up to lastPublicKey
constexpr std::size_t kTypeHeaderSize = 20;      // before the config
constexpr std::size_t kConfigMinSize = 4;
constexpr std::uint8_t kTypeFlagSparse = 0x01;
constexpr std::uint8_t kTypeFlagOffset16 = 0x02;
constexpr std::uint16_t kEntryFlagComplex = 0x0001;
constexpr std::uint16_t kEntryFlagCompact = 0x0008;
constexpr std::uint8_t kValueReference = 0x01;
constexpr std::uint8_t kValueString = 0x03;
constexpr std::uint8_t kValueDynamicReference = 0x07;

Status TableError(const std::string& why) {
  return Status(StatusCode::kInvalidPackage, "resources.arsc: " + why);
}

const std::uint8_t* Bytes(std::string_view s) {
  return reinterpret_cast<const std::uint8_t*>(s.data());
}

// A language ("a" base) or region ("0" base) code: two letters, or three packed in 15 bits.
std::string UnpackCode(const std::uint8_t* in, char base) {
  std::string out;
  if ((in[0] & 0x80) != 0) {
    const int first = in[1] & 0x1f;
    const int second = ((in[1] & 0xe0) >> 5) + ((in[0] & 0x03) << 3);
    const int third = (in[0] & 0x7c) >> 2;
    for (int c : {first, second, third}) {
      out += static_cast<char>(base + c);
    }
  } else if (in[0] != 0) {
    out = {static_cast<char>(in[0]), static_cast<char>(in[1])};
  }
  for (char c : out) {
    const bool alnum = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
    if (!alnum) return "?";
  }
  return out;
}

bool AnyNonZero(std::string_view config, std::size_t from, std::size_t to) {
  for (std::size_t i = from; i < to && i < config.size(); ++i) {
    if (config[i] != 0) return true;
  }
  return false;
}

// ResTable_config: size, mcc, mnc, language, country, orientation, touchscreen, density, ...
// localeScript and localeVariant (36..48) belong to the locale; the rest are other qualifiers.
ResConfig ParseConfig(std::string_view config) {
  ResConfig out;
  std::string padded(config.substr(0, 16));
  padded.resize(16, '\0');
  const std::uint8_t* p = Bytes(padded);
  out.language = UnpackCode(p + 8, 'a');
  out.region = UnpackCode(p + 10, '0');
  out.density = LoadLe16(p + 14);
  out.other_qualifiers = AnyNonZero(config, 4, 8) || AnyNonZero(config, 12, 14) ||
                         AnyNonZero(config, 16, 36) || AnyNonZero(config, 48, config.size());
  return out;
}

std::string ConfigKey(const ResConfig& c) {
  return c.language + "-" + c.region + "/" + std::to_string(c.density) +
         (c.other_qualifiers ? "+" : "");
}

// How well an entry's configuration serves a device locale: 3 language and region, 2 the
// language alone, 1 no locale (the default); 0 it does not serve it.
int LocaleRank(const ResConfig& config, std::string_view language, std::string_view region) {
  if (config.language.empty()) return config.region.empty() ? 1 : 0;
  if (config.language != language) return 0;
  if (config.region.empty()) return 2;
  return config.region == region ? 3 : 0;
}

}  // namespace

std::string ResConfig::Locale() const {
  if (language.empty()) return "";
  return region.empty() ? language : language + "-" + region;
}

Result<ResTable> ResTable::Parse(std::string_view bytes, const ResTableLimits& limits) {
  ResChunk table;
  if (const char* why = ReadResChunk(bytes, &table)) return TableError(why);
  if (table.type != kTableType || table.header_size < kTableHeaderSize) {
    return TableError("not a resource table");
  }
  ResTable out;
  out.limits_ = limits;
  std::size_t packages = 0;
  std::string_view body = table.bytes.substr(table.header_size);
  while (!body.empty()) {
    ResChunk chunk;
    if (const char* why = ReadResChunk(body, &chunk)) return TableError(why);
    if (chunk.type == kResStringPoolType && !out.strings_) {
      Result<ResStringPool> pool = ResStringPool::Parse(chunk.bytes);
      if (!pool.ok()) return TableError(pool.status().message());
      out.strings_.emplace(std::move(pool).value());
    } else if (chunk.type == kPackageType) {
      if (++packages > limits.max_packages) return TableError("too many packages");
      if (Status s = out.AddPackage(chunk.bytes, chunk.header_size); !s.ok()) return s;
    }
    body.remove_prefix(chunk.bytes.size());
  }
  std::set<std::string> seen;
  for (const TypeChunk& type : out.types_) {
    if (seen.insert(ConfigKey(type.config)).second) out.configs_.push_back(type.config);
  }
  return out;
}

Status ResTable::AddPackage(std::string_view chunk, std::uint16_t header_size) {
  if (header_size < kPackageHeaderSize) return TableError("package header too short");
  const std::uint32_t id = LoadLe32(Bytes(chunk) + 8);
  if (id > 0xff) return TableError("package id out of range");
  std::string_view body = chunk.substr(header_size);
  while (!body.empty()) {
    ResChunk child;
    if (const char* why = ReadResChunk(body, &child)) return TableError(why);
    body.remove_prefix(child.bytes.size());
    if (child.type != kTypeType) continue;  // type specs, key and type names, libraries
    if (types_.size() >= limits_.max_type_chunks) return TableError("too many type chunks");
    std::string_view b = child.bytes;
    if (child.header_size < kTypeHeaderSize + kConfigMinSize) {
      return TableError("type header too short");
    }
    TypeChunk type;
    type.package_id = static_cast<std::uint8_t>(id);
    type.type_id = static_cast<std::uint8_t>(b[8]);
    const auto flags = static_cast<std::uint8_t>(b[9]);
    type.sparse = (flags & kTypeFlagSparse) != 0;
    type.offset16 = (flags & kTypeFlagOffset16) != 0;
    type.entry_count = LoadLe32(Bytes(b) + 12);
    type.entries_start = LoadLe32(Bytes(b) + 16);
    const std::uint32_t config_size = LoadLe32(Bytes(b) + kTypeHeaderSize);
    if (type.type_id == 0 || config_size < kConfigMinSize ||
        config_size > child.header_size - kTypeHeaderSize) {
      return TableError("malformed type chunk");
    }
    type.config = ParseConfig(b.substr(kTypeHeaderSize, config_size));
    type.offsets = child.header_size;
    const std::uint64_t table_bytes =
        static_cast<std::uint64_t>(type.entry_count) * (type.offset16 && !type.sparse ? 2 : 4);
    if (type.entries_start > b.size() || type.offsets + table_bytes > type.entries_start) {
      return TableError("type chunk entries out of bounds");
    }
    type.bytes = b;
    types_.push_back(type);
  }
  return Status::Ok();
}

namespace {

// The (type, data) of the simple value of the entry at pos of a type chunk b; nullopt for a
// bag (a complex entry).
Result<std::optional<std::pair<std::uint8_t, std::uint32_t>>> EntryValueOf(std::string_view b,
                                                                           std::uint64_t pos) {
  using Value = std::optional<std::pair<std::uint8_t, std::uint32_t>>;
  if (pos + 8 > b.size()) return TableError("entry out of bounds");
  const std::uint8_t* p = Bytes(b) + pos;
  const std::uint16_t size = LoadLe16(p);
  const std::uint16_t flags = LoadLe16(p + 2);
  if ((flags & kEntryFlagCompact) != 0) {
    return Value({static_cast<std::uint8_t>(flags >> 8), LoadLe32(p + 4)});
  }
  if ((flags & kEntryFlagComplex) != 0) return Value();
  if (size < 8 || pos + size + 8 > b.size()) return TableError("entry value out of bounds");
  const std::uint8_t* value = p + size;
  return Value({value[3], LoadLe32(value + 4)});
}

}  // namespace

Result<std::optional<std::string>> ResTable::ResolveString(std::uint32_t id,
                                                           std::string_view locale) const {
  return Resolve(id, locale, 0);
}

Result<std::optional<std::string>> ResTable::Resolve(std::uint32_t id, std::string_view locale,
                                                     int depth) const {
  if (depth > limits_.max_reference_depth) return TableError("references nested too deeply");
  const std::size_t dash = locale.find_first_of("-_");
  const std::string_view language = locale.substr(0, dash);
  const std::string_view region =
      dash == std::string_view::npos ? std::string_view() : locale.substr(dash + 1);
  const TypeChunk* best = nullptr;
  std::uint64_t best_pos = 0;
  int best_rank = 0;
  for (const TypeChunk& type : types_) {
    if (type.package_id != (id >> 24) || type.type_id != ((id >> 16) & 0xff)) continue;
    int rank =
        LocaleRank(type.config, language, region) * 2 + (type.config.other_qualifiers ? 0 : 1);
    if (rank <= 1 || rank <= best_rank) continue;  // 0-1: does not serve the locale
    Result<std::optional<std::uint32_t>> offset = EntryOffset(type, id & 0xffff);
    if (!offset.ok()) return offset.status();
    if (!offset->has_value()) continue;
    best = &type;
    best_pos = static_cast<std::uint64_t>(type.entries_start) + **offset;
    best_rank = rank;
  }
  if (best == nullptr) return std::optional<std::string>();
  auto value = EntryValueOf(best->bytes, best_pos);
  if (!value.ok()) return value.status();
  if (!value->has_value()) return std::optional<std::string>();
  const auto [type, data] = **value;
  if (type == kValueString) {
    if (!strings_) return TableError("string value without a string pool");
    Result<std::string> text = strings_->Get(data);
    if (!text.ok()) return TableError(text.status().message());
    return std::optional<std::string>(std::move(text).value());
  }
  if ((type == kValueReference || type == kValueDynamicReference) && data != 0) {
    return Resolve(data, locale, depth + 1);
  }
  return std::optional<std::string>();
}

Result<std::optional<std::uint32_t>> ResTable::EntryOffset(const TypeChunk& type,
                                                           std::uint32_t entry) const {
  using Offset = std::optional<std::uint32_t>;
  const std::uint8_t* table = Bytes(type.bytes) + type.offsets;
  if (type.sparse) {
    for (std::uint32_t i = 0; i < type.entry_count; ++i) {
      if (LoadLe16(table + 4 * i) == entry) return Offset(LoadLe16(table + 4 * i + 2) * 4u);
    }
    return Offset();
  }
  if (entry >= type.entry_count) return Offset();
  if (type.offset16) {
    const std::uint16_t offset = LoadLe16(table + 2 * entry);
    return offset == 0xffff ? Offset() : Offset(offset * 4u);
  }
  const std::uint32_t offset = LoadLe32(table + 4 * entry);
  return offset == 0xffffffff ? Offset() : Offset(offset);
}

Result<std::optional<ResTable>> ReadResTable(const ZipArchive& apk, std::string* bytes,
                                             const ResTableLimits& limits) {
  const ZipEntry* entry = apk.Find("resources.arsc");
  if (entry == nullptr) return std::optional<ResTable>();
  Result<std::string> read = apk.ReadEntryToString(*entry, limits.max_bytes);
  if (!read.ok()) return read.status();
  *bytes = std::move(read).value();
  Result<ResTable> table = ResTable::Parse(*bytes, limits);
  if (!table.ok()) return table.status();
  return std::optional<ResTable>(std::move(table).value());
}

}  // namespace appvault::pkg
