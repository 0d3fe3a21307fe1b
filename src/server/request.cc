#include "server/request.h"

#include <optional>
#include <utility>

namespace appvault::server {

namespace {

std::optional<int> HexValue(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return std::nullopt;
}

}  // namespace

Request::Request(HttpRequest message_in) : message(std::move(message_in)) {
  std::string_view target = message.target();
  size_t question = target.find('?');
  path = std::string(target.substr(0, question));
  if (question != std::string_view::npos) query = std::string(target.substr(question + 1));
}

std::string_view Request::Param(std::string_view name) const {
  auto it = params.find(name);
  return it == params.end() ? std::string_view() : std::string_view(it->second);
}

std::string_view Request::Header(boost::beast::http::field field) const {
  auto it = message.find(field);
  return it == message.end() ? std::string_view() : it->value();
}

std::string PercentDecode(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (size_t i = 0; i < text.size(); ++i) {
    if (text[i] == '%' && i + 2 < text.size()) {
      std::optional<int> high = HexValue(text[i + 1]);
      std::optional<int> low = HexValue(text[i + 2]);
      if (high && low) {
        out.push_back(static_cast<char>(*high * 16 + *low));
        i += 2;
        continue;
      }
    }
    out.push_back(text[i]);
  }
  return out;
}

}  // namespace appvault::server
