#include "s3/sigv4.h"

#include <openssl/evp.h>
#include <openssl/hmac.h>

#include <ctime>
#include <stdexcept>

namespace appvault::s3 {
namespace {

constexpr char kAlgorithm[] = "AWS4-HMAC-SHA256";
constexpr char kService[] = "s3";

std::string Hex(const unsigned char* bytes, std::size_t n) {
  static constexpr char kDigits[] = "0123456789abcdef";
  std::string out;
  out.reserve(2 * n);
  for (std::size_t i = 0; i < n; ++i) {
    out.push_back(kDigits[bytes[i] >> 4]);
    out.push_back(kDigits[bytes[i] & 0xf]);
  }
  return out;
}

std::string Sha256Hex(std::string_view text) {
  unsigned char digest[EVP_MAX_MD_SIZE];
  unsigned int n = 0;
  if (EVP_Digest(text.data(), text.size(), digest, &n, EVP_sha256(), nullptr) != 1) {
    throw std::runtime_error("SHA-256 failed");  // only when OpenSSL cannot allocate
  }
  return Hex(digest, n);
}

// HMAC-SHA256(key, text) as raw bytes.
std::string Hmac(std::string_view key, std::string_view text) {
  unsigned char mac[EVP_MAX_MD_SIZE];
  unsigned int n = 0;
  if (HMAC(EVP_sha256(), key.data(), static_cast<int>(key.size()),
           reinterpret_cast<const unsigned char*>(text.data()), text.size(), mac, &n) == nullptr) {
    throw std::runtime_error("HMAC-SHA256 failed");
  }
  return std::string(reinterpret_cast<const char*>(mac), n);
}

std::string SignedHeaderNames(const std::map<std::string, std::string>& headers) {
  std::string out;
  for (const auto& [name, value] : headers) {
    if (!out.empty()) out += ';';
    out += name;
  }
  return out;
}

std::string CanonicalRequest(const CanonicalInput& input, std::string_view payload_sha256) {
  std::string out = input.method + "\n" + input.path + "\n" + CanonicalQuery(input.query) + "\n";
  for (const auto& [name, value] : input.headers)
    out += name + ":" + value + "\n";
  out += '\n';
  out += SignedHeaderNames(input.headers);
  out += '\n';
  out += payload_sha256;
  return out;
}

std::string Scope(std::string_view date, std::string_view region) {
  return std::string(date) + "/" + std::string(region) + "/" + kService + "/aws4_request";
}

// The signature of the canonical request made at amz_date.
std::string Signature(const std::string& canonical_request, const std::string& amz_date,
                      std::string_view region, const Credentials& credentials) {
  const std::string date = amz_date.substr(0, 8);
  const std::string to_sign = std::string(kAlgorithm) + "\n" + amz_date + "\n" +
                              Scope(date, region) + "\n" + Sha256Hex(canonical_request);
  std::string key = Hmac("AWS4" + credentials.secret_key, date);
  key = Hmac(key, region);
  key = Hmac(key, kService);
  key = Hmac(key, "aws4_request");
  const std::string mac = Hmac(key, to_sign);
  return Hex(reinterpret_cast<const unsigned char*>(mac.data()), mac.size());
}

}  // namespace

std::string UriEncode(std::string_view text, bool keep_slash) {
  static constexpr char kDigits[] = "0123456789ABCDEF";
  std::string out;
  out.reserve(text.size());
  for (const char c : text) {
    const auto byte = static_cast<unsigned char>(c);
    const bool plain = (byte >= 'A' && byte <= 'Z') || (byte >= 'a' && byte <= 'z') ||
                       (byte >= '0' && byte <= '9') || c == '-' || c == '.' || c == '_' ||
                       c == '~' || (keep_slash && c == '/');
    if (plain) {
      out.push_back(c);
    } else {
      out.push_back('%');
      out.push_back(kDigits[byte >> 4]);
      out.push_back(kDigits[byte & 0xf]);
    }
  }
  return out;
}

std::string CanonicalQuery(const std::map<std::string, std::string>& query) {
  std::map<std::string, std::string> encoded;
  for (const auto& [name, value] : query)
    encoded[UriEncode(name, false)] = UriEncode(value, false);
  std::string out;
  for (const auto& [name, value] : encoded) {
    if (!out.empty()) out += '&';
    out += name + "=" + value;
  }
  return out;
}

std::string AmzDate(std::int64_t unix_seconds) {
  const auto seconds = static_cast<std::time_t>(unix_seconds);
  std::tm utc{};
  gmtime_r(&seconds, &utc);
  char text[17];
  std::strftime(text, sizeof text, "%Y%m%dT%H%M%SZ", &utc);
  return text;
}

std::string Sign(CanonicalInput& input, std::string_view payload_sha256, std::int64_t unix_seconds,
                 std::string_view region, const Credentials& credentials) {
  const std::string amz_date = AmzDate(unix_seconds);
  input.headers["x-amz-date"] = amz_date;
  input.headers["x-amz-content-sha256"] = std::string(payload_sha256);
  const std::string signature =
      Signature(CanonicalRequest(input, payload_sha256), amz_date, region, credentials);
  return std::string(kAlgorithm) + " Credential=" + credentials.access_key + "/" +
         Scope(amz_date.substr(0, 8), region) +
         ",SignedHeaders=" + SignedHeaderNames(input.headers) + ",Signature=" + signature;
}

std::string Presign(const CanonicalInput& input, std::int64_t unix_seconds, int expires_seconds,
                    std::string_view region, const Credentials& credentials) {
  const std::string amz_date = AmzDate(unix_seconds);
  CanonicalInput presigned = input;
  presigned.query["X-Amz-Algorithm"] = kAlgorithm;
  presigned.query["X-Amz-Credential"] =
      credentials.access_key + "/" + Scope(amz_date.substr(0, 8), region);
  presigned.query["X-Amz-Date"] = amz_date;
  presigned.query["X-Amz-Expires"] = std::to_string(expires_seconds);
  presigned.query["X-Amz-SignedHeaders"] = SignedHeaderNames(input.headers);
  const std::string signature =
      Signature(CanonicalRequest(presigned, kUnsignedPayload), amz_date, region, credentials);
  presigned.query["X-Amz-Signature"] = signature;
  return CanonicalQuery(presigned.query);
}

}  // namespace appvault::s3
