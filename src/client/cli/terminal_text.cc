#include "client/cli/terminal_text.h"

#include <cstdio>
#include <iostream>

namespace appvault::client::cli {
namespace {

std::string Escaped(const char* format, unsigned value) {
  char text[8];
  std::snprintf(text, sizeof text, format, value);
  return text;
}

}  // namespace

std::string TerminalSafe(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (std::size_t i = 0; i < text.size(); ++i) {
    const auto byte = static_cast<unsigned char>(text[i]);
    if (byte < 0x20 || byte == 0x7f) {
      out += Escaped("\\x%02x", byte);
      continue;
    }
    const bool c1 = byte == 0xc2 && i + 1 < text.size() &&
                    static_cast<unsigned char>(text[i + 1]) >= 0x80 &&
                    static_cast<unsigned char>(text[i + 1]) <= 0x9f;
    if (c1) {
      out += Escaped("\\u%04x", static_cast<unsigned char>(text[++i]));
      continue;
    }
    out += text[i];
  }
  return out;
}

void PrintSafeLines(std::string_view text) {
  while (!text.empty()) {
    const std::size_t end = text.find('\n');
    std::cout << TerminalSafe(text.substr(0, end)) << '\n';
    text = end == std::string_view::npos ? std::string_view() : text.substr(end + 1);
  }
}

}  // namespace appvault::client::cli
