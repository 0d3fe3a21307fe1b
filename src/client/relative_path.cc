#include "client/relative_path.h"

#include <algorithm>

namespace appvault::client {
namespace {

Status Unsafe(std::string_view name, std::string_view why) {
  return Status(StatusCode::kInvalidArgument,
                "entry \"" + std::string(name.substr(0, 200)) + "\": " + std::string(why));
}

bool HasControlCharacter(std::string_view name) {
  return std::any_of(name.begin(), name.end(),
                     [](char c) { return static_cast<unsigned char>(c) < 0x20 || c == 0x7f; });
}

// The problem with one segment, or "" when it is fine.
std::string_view SegmentProblem(std::string_view segment) {
  if (segment.empty()) return "has an empty path segment";
  if (segment == "." || segment == "..") return "has a \".\" or \"..\" path segment";
  return "";
}

}  // namespace

Result<std::string> CheckRelativePath(std::string_view name, const ConfigLimits& limits) {
  const std::string_view original = name;
  if (name.size() > limits.max_path_length) return Unsafe(original, "path is too long");
  if (!name.empty() && name.front() == '/') return Unsafe(original, "is an absolute path");
  if (name.find('\\') != std::string_view::npos) return Unsafe(original, "has a backslash");
  if (HasControlCharacter(name)) return Unsafe(original, "has a control character");
  if (name.substr(0, 2) == "./") name.remove_prefix(2);
  if (name == "." || name.empty()) return std::string();
  if (name.back() == '/') name.remove_suffix(1);
  std::uint64_t depth = 0;
  for (std::size_t start = 0;; ++depth) {
    std::size_t slash = name.find('/', start);
    std::string_view problem = SegmentProblem(name.substr(start, slash - start));
    if (!problem.empty()) return Unsafe(original, problem);
    if (depth + 1 > limits.max_depth) return Unsafe(original, "is nested too deeply");
    if (slash == std::string_view::npos) break;
    start = slash + 1;
  }
  return std::string(name);
}

}  // namespace appvault::client
