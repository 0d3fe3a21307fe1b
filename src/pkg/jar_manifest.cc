// JAR manifest parsing.
#include "pkg/jar_manifest.h"

#include <strings.h>

namespace appvault::pkg {
namespace {

// Reads lines and joins continuation lines into logical attribute lines.
class LineReader {
 public:
  explicit LineReader(std::string_view text) : text_(text) {}

  std::size_t offset() const { return pos_; }

  // The next logical line (continuations joined), false at the end of the text.
  bool Next(std::string* line) {
    std::string_view physical;
    if (!Physical(&physical)) return false;
    line->assign(physical);
    while (pos_ < text_.size() && text_[pos_] == ' ' && !physical.empty()) {
      Physical(&physical);
      line->append(physical.substr(1));
    }
    return true;
  }

 private:
  bool Physical(std::string_view* line) {
    if (pos_ >= text_.size()) return false;
    std::size_t end = text_.find_first_of("\r\n", pos_);
    if (end == std::string_view::npos) end = text_.size();
    *line = text_.substr(pos_, end - pos_);
    pos_ = end;
    if (pos_ < text_.size() && text_[pos_] == '\r') ++pos_;
    if (pos_ < text_.size() && text_[pos_] == '\n' && (pos_ == end || text_[pos_ - 1] == '\r')) {
      ++pos_;
    }
    return true;
  }

  std::string_view text_;
  std::size_t pos_ = 0;
};

ManifestAttribute ParseAttribute(const std::string& line) {
  std::size_t colon = line.find(": ");
  if (colon == std::string::npos) return ManifestAttribute{line, ""};
  return ManifestAttribute{line.substr(0, colon), line.substr(colon + 2)};
}

// The next section, false when only empty lines (or nothing) are left.
bool ReadSection(LineReader* reader, ManifestSection* section) {
  std::string line;
  std::size_t start = 0;
  do {
    start = reader->offset();
    if (!reader->Next(&line)) return false;
  } while (line.empty());
  section->offset = start;
  section->attributes.push_back(ParseAttribute(line));
  while (reader->Next(&line) && !line.empty()) {
    section->attributes.push_back(ParseAttribute(line));
  }
  section->size = reader->offset() - start;
  return true;
}

}  // namespace

const std::string* ManifestSection::Get(std::string_view name) const {
  for (const ManifestAttribute& attribute : attributes) {
    if (attribute.name.size() == name.size() &&
        ::strncasecmp(attribute.name.data(), name.data(), name.size()) == 0) {
      return &attribute.value;
    }
  }
  return nullptr;
}

Result<std::vector<ManifestSection>> ParseJarManifest(std::string_view text) {
  std::vector<ManifestSection> sections;
  LineReader reader(text);
  ManifestSection section;
  while (ReadSection(&reader, &section)) {
    if (sections.size() == kMaxManifestSections) {
      return Status(StatusCode::kBadSignature, "JAR manifest has too many sections");
    }
    sections.push_back(std::move(section));
    section = ManifestSection();
  }
  return sections;
}

}  // namespace appvault::pkg
