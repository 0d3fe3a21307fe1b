// AppId: an app's identity on a device — an Android package name or an iOS bundle id.
// It names folders on a device (CONTRACT §3), so every AppId is a safe path segment.
#pragma once

#include <compare>
#include <string>
#include <string_view>

#include "core/status.h"
#include "core/version.h"

namespace appvault {

class AppId {
 public:
  // Accepts 1..255 characters of [A-Za-z0-9._-] in dot-separated segments, none empty
  // (so no leading/trailing dot and no ".."). Errors: kInvalidArgument naming the text.
  static Result<AppId> Parse(std::string_view text);
  // Parse, plus the platform's own rule: Android package names have at least two segments,
  // each starting with a letter and holding only [A-Za-z0-9_]. iOS bundle ids: Parse's rule.
  static Result<AppId> ParseFor(Platform platform, std::string_view text);

  const std::string& str() const { return text_; }

  auto operator<=>(const AppId&) const = default;

 private:
  explicit AppId(std::string text) : text_(std::move(text)) {}
  std::string text_;
};

}  // namespace appvault
