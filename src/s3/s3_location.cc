#include "s3/s3_location.h"

#include <cstdlib>

namespace appvault::s3 {
namespace {

Status Invalid(std::string_view url, const std::string& what) {
  return Status(StatusCode::kInvalidArgument, "--blobs " + std::string(url) + ": " + what);
}

int HexValue(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

// %XY decoded; false on a malformed escape.
bool PercentDecode(std::string_view text, std::string* out) {
  out->clear();
  for (std::size_t i = 0; i < text.size(); ++i) {
    if (text[i] != '%') {
      out->push_back(text[i]);
      continue;
    }
    const int high = i + 1 < text.size() ? HexValue(text[i + 1]) : -1;
    const int low = i + 2 < text.size() ? HexValue(text[i + 2]) : -1;
    if (high < 0 || low < 0) return false;
    out->push_back(static_cast<char>(high * 16 + low));
    i += 2;
  }
  return true;
}

bool ValidBucket(std::string_view bucket) {
  if (bucket.size() < 3 || bucket.size() > 63) return false;
  for (const char c : bucket) {
    if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '.')) return false;
  }
  return bucket.front() != '-' && bucket.front() != '.' && bucket.back() != '-' &&
         bucket.back() != '.';
}

// http(s)://HOST[:PORT] with no path, user or query.
bool ValidEndpoint(std::string_view endpoint) {
  std::string_view rest;
  if (endpoint.starts_with("http://")) {
    rest = endpoint.substr(7);
  } else if (endpoint.starts_with("https://")) {
    rest = endpoint.substr(8);
  } else {
    return false;
  }
  if (rest.empty()) return false;
  for (const char c : rest) {
    const bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
                    c == '-' || c == '.' || c == ':' || c == '[' || c == ']';
    if (!ok) return false;
  }
  return true;
}

}  // namespace

std::string Location::host() const {
  const std::size_t scheme_end = endpoint.find("://");
  return scheme_end == std::string::npos ? endpoint : endpoint.substr(scheme_end + 3);
}

Result<Location> ParseLocation(std::string_view url) {
  constexpr std::string_view kScheme = "s3://";
  if (!url.starts_with(kScheme)) return Invalid(url, "not an s3:// URL");
  std::string_view rest = url.substr(kScheme.size());
  std::string_view query;
  if (const std::size_t q = rest.find('?'); q != std::string_view::npos) {
    query = rest.substr(q + 1);
    rest = rest.substr(0, q);
  }
  Location location;
  const std::size_t slash = rest.find('/');
  location.bucket = std::string(rest.substr(0, slash));
  if (!ValidBucket(location.bucket)) {
    return Invalid(url, "the bucket name '" + location.bucket +
                            "' is not 3 to 63 of a-z, 0-9, '.' and '-' (starting and ending with a "
                            "letter or digit)");
  }
  if (slash != std::string_view::npos) {
    std::string_view prefix = rest.substr(slash + 1);
    while (prefix.ends_with('/'))
      prefix.remove_suffix(1);
    if (prefix.find("//") != std::string_view::npos || prefix.starts_with('/')) {
      return Invalid(url, "the prefix has an empty path segment");
    }
    if (!prefix.empty()) location.prefix = std::string(prefix) + "/";
  }
  while (!query.empty()) {
    const std::size_t amp = query.find('&');
    const std::string_view pair = query.substr(0, amp);
    query = amp == std::string_view::npos ? std::string_view() : query.substr(amp + 1);
    const std::size_t eq = pair.find('=');
    const std::string_view name = pair.substr(0, eq);
    std::string value;
    if (eq == std::string_view::npos || !PercentDecode(pair.substr(eq + 1), &value) ||
        value.empty()) {
      return Invalid(url, "parameter '" + std::string(name) + "' has no valid value");
    }
    if (name == "endpoint") {
      while (value.ends_with('/'))
        value.pop_back();
      if (!ValidEndpoint(value))
        return Invalid(url, "endpoint '" + value + "' is not http(s)://HOST[:PORT]");
      location.endpoint = value;
    } else if (name == "region") {
      location.region = value;
    } else {
      return Invalid(url,
                     "unknown parameter '" + std::string(name) + "' (known: endpoint, region)");
    }
  }
  if (location.region.empty()) location.region = "us-east-1";
  if (location.endpoint.empty())
    location.endpoint = "https://s3." + location.region + ".amazonaws.com";
  return location;
}

Result<Credentials> CredentialsFromEnvironment() {
  Credentials credentials;
  for (auto [name, out] : {std::pair{"AWS_ACCESS_KEY_ID", &credentials.access_key},
                           std::pair{"AWS_SECRET_ACCESS_KEY", &credentials.secret_key}}) {
    const char* value = std::getenv(name);
    if (value == nullptr || *value == '\0') {
      return Status(StatusCode::kInvalidArgument,
                    std::string("--blobs s3://…: the environment variable ") + name +
                        " (the object store's credentials) is not set");
    }
    *out = value;
  }
  return credentials;
}

}  // namespace appvault::s3
