#include "s3/s3_xml.h"

#include <charconv>
#include <ctime>

namespace appvault::s3 {
namespace {

// Appends code point cp as UTF-8; false for one outside Unicode.
bool AppendUtf8(std::uint32_t cp, std::string* out) {
  if (cp < 0x80) {
    out->push_back(static_cast<char>(cp));
  } else if (cp < 0x800) {
    out->push_back(static_cast<char>(0xc0 | (cp >> 6)));
    out->push_back(static_cast<char>(0x80 | (cp & 0x3f)));
  } else if (cp < 0x10000) {
    if (cp >= 0xd800 && cp <= 0xdfff) return false;
    out->push_back(static_cast<char>(0xe0 | (cp >> 12)));
    out->push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3f)));
    out->push_back(static_cast<char>(0x80 | (cp & 0x3f)));
  } else if (cp <= 0x10ffff) {
    out->push_back(static_cast<char>(0xf0 | (cp >> 18)));
    out->push_back(static_cast<char>(0x80 | ((cp >> 12) & 0x3f)));
    out->push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3f)));
    out->push_back(static_cast<char>(0x80 | (cp & 0x3f)));
  } else {
    return false;
  }
  return true;
}

std::optional<std::string> DecodeEntities(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  while (!text.empty()) {
    const std::size_t amp = text.find('&');
    out.append(text.substr(0, amp));
    if (amp == std::string_view::npos) break;
    const std::size_t semi = text.find(';', amp);
    if (semi == std::string_view::npos) return std::nullopt;
    const std::string_view name = text.substr(amp + 1, semi - amp - 1);
    if (name == "lt") {
      out.push_back('<');
    } else if (name == "gt") {
      out.push_back('>');
    } else if (name == "amp") {
      out.push_back('&');
    } else if (name == "quot") {
      out.push_back('"');
    } else if (name == "apos") {
      out.push_back('\'');
    } else if (name.size() > 1 && name[0] == '#') {
      const bool hex = name[1] == 'x';
      const std::string_view digits = name.substr(hex ? 2 : 1);
      std::uint32_t cp = 0;
      const auto [end, error] =
          std::from_chars(digits.data(), digits.data() + digits.size(), cp, hex ? 16 : 10);
      if (digits.empty() || error != std::errc() || end != digits.data() + digits.size() ||
          !AppendUtf8(cp, &out)) {
        return std::nullopt;
      }
    } else {
      return std::nullopt;
    }
    text = text.substr(semi + 1);
  }
  return out;
}

bool ReadInt(std::string_view text, std::size_t at, std::size_t n, int* out) {
  if (at + n > text.size()) return false;
  const auto [end, error] = std::from_chars(text.data() + at, text.data() + at + n, *out);
  return error == std::errc() && end == text.data() + at + n;
}

}  // namespace

std::vector<std::string_view> XmlBlocks(std::string_view xml, std::string_view tag) {
  std::vector<std::string_view> blocks;
  std::string open(1, '<');
  open.append(tag);
  std::string close(2, '<');
  close[1] = '/';
  close.append(tag);
  close.push_back('>');
  std::size_t at = 0;
  while ((at = xml.find(open, at)) != std::string_view::npos) {
    const std::size_t name_end = at + open.size();
    if (name_end >= xml.size()) break;
    const char next = xml[name_end];
    if (next == '/' && name_end + 1 < xml.size() && xml[name_end + 1] == '>') {
      blocks.emplace_back();
      at = name_end + 2;
      continue;
    }
    if (next != '>' && next != ' ') {  // another element whose name starts with tag
      at = name_end;
      continue;
    }
    const std::size_t content = xml.find('>', name_end);
    if (content == std::string_view::npos) break;
    const std::size_t end = xml.find(close, content + 1);
    if (end == std::string_view::npos) break;
    blocks.push_back(xml.substr(content + 1, end - content - 1));
    at = end + close.size();
  }
  return blocks;
}

std::optional<std::string> XmlText(std::string_view xml, std::string_view tag) {
  const std::vector<std::string_view> blocks = XmlBlocks(xml, tag);
  if (blocks.empty()) return std::nullopt;
  return DecodeEntities(blocks.front());
}

std::optional<std::int64_t> ParseIsoTime(std::string_view text) {
  std::tm utc{};
  int year = 0, month = 0, day = 0, hour = 0, minute = 0, second = 0;
  if (text.size() < 20 || text[4] != '-' || text[7] != '-' || text[10] != 'T' || text[13] != ':' ||
      text[16] != ':' || text.back() != 'Z' || !ReadInt(text, 0, 4, &year) ||
      !ReadInt(text, 5, 2, &month) || !ReadInt(text, 8, 2, &day) || !ReadInt(text, 11, 2, &hour) ||
      !ReadInt(text, 14, 2, &minute) || !ReadInt(text, 17, 2, &second)) {
    return std::nullopt;
  }
  const std::string_view fraction = text.substr(19, text.size() - 20);
  if (!fraction.empty()) {
    if (fraction[0] != '.' || fraction.size() < 2) return std::nullopt;
    for (const char c : fraction.substr(1)) {
      if (c < '0' || c > '9') return std::nullopt;
    }
  }
  if (month < 1 || month > 12 || day < 1 || day > 31 || hour > 23 || minute > 59 || second > 60) {
    return std::nullopt;
  }
  utc.tm_year = year - 1900;
  utc.tm_mon = month - 1;
  utc.tm_mday = day;
  utc.tm_hour = hour;
  utc.tm_min = minute;
  utc.tm_sec = second;
  return static_cast<std::int64_t>(timegm(&utc));
}

}  // namespace appvault::s3
