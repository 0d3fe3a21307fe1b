#include "pkg/binary_xml.h"

#include <optional>

#include "pkg/le_bytes.h"
#include "pkg/res_chunk.h"
#include "pkg/res_string_pool.h"

namespace appvault::pkg {
namespace {

constexpr std::uint16_t kResXmlType = 0x0003;
constexpr std::uint16_t kResXmlResourceMapType = 0x0180;
constexpr std::uint16_t kResXmlStartElementType = 0x0102;
constexpr std::uint16_t kResXmlEndElementType = 0x0103;
constexpr std::size_t kNodeHeaderSize = 16;    // chunk header, line number, comment
constexpr std::size_t kAttrExtSize = 20;       // ResXMLTree_attrExt
constexpr std::size_t kEndElementExtSize = 8;  // ResXMLTree_endElementExt
constexpr std::size_t kAttributeSize = 20;     // ResXMLTree_attribute
constexpr std::uint32_t kNoString = 0xFFFFFFFF;

Status XmlError(const std::string& why) {
  return Status(StatusCode::kInvalidPackage, "binary XML: " + why);
}

const std::uint8_t* Bytes(std::string_view s) {
  return reinterpret_cast<const std::uint8_t*>(s.data());
}

using Chunk = ResChunk;

// The chunk at the start of data. Errors when its header or its size does not fit.
Result<Chunk> ReadChunk(std::string_view data) {
  Chunk chunk;
  if (const char* why = ReadResChunk(data, &chunk)) return XmlError(why);
  return chunk;
}

// Walks the chunks of a ResXMLTree and collects start tags.
class TreeParser {
 public:
  explicit TreeParser(const BinaryXmlLimits& limits) : limits_(limits) {}

  Result<std::vector<XmlElement>> Parse(std::string_view body) {
    while (!body.empty()) {
      Result<Chunk> chunk = ReadChunk(body);
      if (!chunk.ok()) return chunk.status();
      Status s = OnChunk(*chunk);
      if (!s.ok()) return s;
      body.remove_prefix(chunk->bytes.size());
    }
    if (!open_.empty()) return XmlError("element not closed");
    if (elements_.empty()) return XmlError("no element");
    return std::move(elements_);
  }

 private:
  Status OnChunk(const Chunk& chunk) {
    switch (chunk.type) {
      case kResStringPoolType:
        return OnStringPool(chunk);
      case kResXmlResourceMapType:
        resource_map_ = chunk.bytes.substr(chunk.header_size);
        return Status::Ok();
      case kResXmlStartElementType:
        return OnStartElement(chunk);
      case kResXmlEndElementType:
        return OnEndElement(chunk);
      default:
        return Status::Ok();  // namespaces, CDATA and unknown chunks carry nothing we use
    }
  }

  Status OnStringPool(const Chunk& chunk) {
    if (pool_) return XmlError("more than one string pool");
    Result<ResStringPool> pool = ResStringPool::Parse(chunk.bytes);
    if (!pool.ok()) return pool.status();
    pool_ = std::move(pool).value();
    return Status::Ok();
  }

  // The string at index (kNoString: ""), counted against the text budget.
  Status String(std::uint32_t index, std::string* out) {
    if (index == kNoString) {
      out->clear();
      return Status::Ok();
    }
    if (!pool_) return XmlError("string used before the string pool");
    Result<std::string> text = pool_->Get(index);
    if (!text.ok()) return text.status();
    text_bytes_ += text->size();
    if (text_bytes_ > limits_.max_text_bytes) return XmlError("more text than the limit");
    *out = std::move(text).value();
    return Status::Ok();
  }

  std::uint32_t ResourceId(std::uint32_t name_index) const {
    if (name_index >= resource_map_.size() / 4) return 0;
    return LoadLe32(Bytes(resource_map_) + 4 * std::size_t{name_index});
  }

  Status OnStartElement(const Chunk& chunk) {
    if (chunk.header_size < kNodeHeaderSize ||
        chunk.bytes.size() - chunk.header_size < kAttrExtSize) {
      return XmlError("truncated start tag");
    }
    if (open_.empty() && !elements_.empty()) return XmlError("more than one root element");
    if (elements_.size() >= limits_.max_elements) return XmlError("more elements than the limit");
    if (open_.size() >= limits_.max_depth) return XmlError("elements nested deeper than the limit");
    const std::string_view ext = chunk.bytes.substr(chunk.header_size);
    XmlElement element;
    element.depth = open_.size() + 1;
    const std::uint32_t name_index = LoadLe32(Bytes(ext) + 4);
    Status s = String(LoadLe32(Bytes(ext)), &element.ns);
    if (s.ok()) s = String(name_index, &element.name);
    if (s.ok()) s = ReadAttributes(ext, &element.attributes);
    if (!s.ok()) return s;
    elements_.push_back(std::move(element));
    open_.push_back(name_index);
    return Status::Ok();
  }

  Status ReadAttributes(std::string_view ext, std::vector<XmlAttribute>* out) {
    const std::uint16_t start = LoadLe16(Bytes(ext) + 8);
    const std::uint16_t size = LoadLe16(Bytes(ext) + 10);
    const std::uint16_t count = LoadLe16(Bytes(ext) + 12);
    if (count == 0) return Status::Ok();
    if (size < kAttributeSize) return XmlError("attribute records too small");
    if (start > ext.size() || std::size_t{size} * count > ext.size() - start) {
      return XmlError("attributes run past the end of their tag");
    }
    out->reserve(count);  // bounded by the chunk's bytes, checked above
    for (std::size_t i = 0; i < count; ++i) {
      Status s = ReadAttribute(Bytes(ext) + start + i * size, &out->emplace_back());
      if (!s.ok()) return s;
    }
    return Status::Ok();
  }

  Status ReadAttribute(const std::uint8_t* p, XmlAttribute* attribute) {
    const std::uint32_t name_index = LoadLe32(p + 4);
    const std::uint32_t raw_index = LoadLe32(p + 8);
    attribute->resource_id = ResourceId(name_index);
    attribute->type = static_cast<XmlValueType>(p[15]);
    attribute->data = LoadLe32(p + 16);
    Status s = String(LoadLe32(p), &attribute->ns);
    if (s.ok()) s = String(name_index, &attribute->name);
    if (!s.ok()) return s;
    const bool is_string = attribute->type == XmlValueType::kString;
    return String(is_string ? attribute->data : raw_index, &attribute->string_value);
  }

  Status OnEndElement(const Chunk& chunk) {
    if (chunk.header_size < kNodeHeaderSize ||
        chunk.bytes.size() - chunk.header_size < kEndElementExtSize) {
      return XmlError("truncated end tag");
    }
    if (open_.empty()) return XmlError("end tag without a start tag");
    if (LoadLe32(Bytes(chunk.bytes) + chunk.header_size + 4) != open_.back()) {
      return XmlError("end tag does not match its start tag");
    }
    open_.pop_back();
    return Status::Ok();
  }

  const BinaryXmlLimits& limits_;
  std::optional<ResStringPool> pool_;
  std::string_view resource_map_;
  std::vector<XmlElement> elements_;
  std::vector<std::uint32_t> open_;  // name indexes of the open elements
  std::uint64_t text_bytes_ = 0;
};

}  // namespace

Result<std::vector<XmlElement>> ParseBinaryXml(std::string_view bytes,
                                               const BinaryXmlLimits& limits) {
  if (bytes.size() >= 2 && LoadLe16(Bytes(bytes)) != kResXmlType) {
    return XmlError("not a compiled XML document");
  }
  Result<Chunk> root = ReadChunk(bytes);
  if (!root.ok()) return root.status();
  return TreeParser(limits).Parse(root->bytes.substr(root->header_size));
}

const XmlAttribute* FindAndroidAttribute(const XmlElement& element, std::uint32_t resource_id,
                                         std::string_view name) {
  for (const XmlAttribute& attribute : element.attributes) {
    if (attribute.resource_id == resource_id) return &attribute;
  }
  for (const XmlAttribute& attribute : element.attributes) {
    if (attribute.resource_id == 0 && attribute.ns == kAndroidNamespace && attribute.name == name) {
      return &attribute;
    }
  }
  return nullptr;
}

}  // namespace appvault::pkg
