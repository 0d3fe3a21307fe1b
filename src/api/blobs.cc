#include "api/blobs.h"

#include "api/codec.h"
#include "api/json_fields.h"
#include "api/restore_plans.h"

namespace appvault::api {

using nlohmann::json;

json ToJson(const StoredBlob& value) {
  return {{"sha256", value.sha256.Hex()}, {"size", value.size}, {"url", value.url}};
}

Result<StoredBlob> StoredBlobFromJson(const json& value) {
  return ReadObject<StoredBlob>(value, "", [](FieldReader& reader) {
    StoredBlob out;
    out.sha256 = reader.OptionalSha256("sha256").value_or(Sha256());
    if (reader.status().ok() && !reader.Has("sha256")) reader.Fail("sha256", "missing");
    out.size = static_cast<std::uint64_t>(reader.Integer("size", 0, kMaxId));
    out.url = reader.String("url", 256);
    if (reader.status().ok() && out.url != BlobPath(out.sha256)) {
      reader.Fail("url", "expected " + BlobPath(out.sha256));
    }
    return out;
  });
}

}  // namespace appvault::api
