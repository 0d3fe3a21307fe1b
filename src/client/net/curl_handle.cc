#include "client/net/curl_handle.h"

#include <cstdio>

namespace appvault::client {
namespace {

// curl_global_init is not thread-safe: run it once, before the first handle, from whichever
// thread gets there first (a function-local static is initialised exactly once).
bool GlobalInitOnce() {
  static const bool ok = curl_global_init(CURL_GLOBAL_DEFAULT) == CURLE_OK;
  return ok;
}

std::string& CaFile() {
  static std::string ca_file;
  return ca_file;
}

}  // namespace

void SetCaFile(std::string pem_file) {
  CaFile() = std::move(pem_file);
}

CurlEasy NewCurlEasy() {
  if (!GlobalInitOnce()) return nullptr;
  CurlEasy handle(curl_easy_init());
  if (!handle) return nullptr;
  CURL* h = handle.get();
  curl_easy_setopt(h, CURLOPT_NOSIGNAL, 1L);
  curl_easy_setopt(h, CURLOPT_CONNECTTIMEOUT, kConnectTimeoutSeconds);
  curl_easy_setopt(h, CURLOPT_LOW_SPEED_LIMIT, kStallBytesPerSecond);
  curl_easy_setopt(h, CURLOPT_LOW_SPEED_TIME, kStallSeconds);
  curl_easy_setopt(h, CURLOPT_FOLLOWLOCATION, 0L);
  curl_easy_setopt(h, CURLOPT_PROTOCOLS_STR, "http,https");
  if (!CaFile().empty()) curl_easy_setopt(h, CURLOPT_CAINFO, CaFile().c_str());
  return handle;
}

bool AppendHeader(CurlHeaders& list, const std::string& header) {
  curl_slist* extended = curl_slist_append(list.get(), header.c_str());
  if (extended == nullptr) return false;
  list.release();  // now owned by `extended`, which starts with the same node
  list.reset(extended);
  return true;
}

CurlHeaders ApiHeaders(const std::string& token) {
  CurlHeaders headers;
  if (!token.empty() && !AppendHeader(headers, "Authorization: Bearer " + token)) return {};
  if (!AppendHeader(headers, "Expect:")) return {};
  return headers;
}

Status TransferFailure(CURLcode code, std::string_view base_url, const char* error_buffer) {
  std::string reason = error_buffer != nullptr && *error_buffer != '\0'
                           ? std::string(error_buffer)
                           : std::string(curl_easy_strerror(code));
  if (code == CURLE_OPERATION_TIMEDOUT) {
    reason += " (no connection within " + std::to_string(kConnectTimeoutSeconds) +
              " s, or the transfer stalled)";
  }
  if (code == CURLE_PEER_FAILED_VERIFICATION || code == CURLE_SSL_CACERT_BADFILE) {
    reason += CaFile().empty() ? " (a server with a certificate of its own: --ca-file PEM)"
                               : " (checked against --ca-file " + CaFile() + ")";
  }
  return Status(StatusCode::kUnavailable,
                "cannot reach the server at " + std::string(base_url) + ": " + reason);
}

std::string UrlEscape(std::string_view text) {
  static constexpr char kHex[] = "0123456789ABCDEF";
  std::string out;
  out.reserve(text.size());
  for (char c : text) {
    unsigned char byte = static_cast<unsigned char>(c);
    bool plain = (byte >= 'A' && byte <= 'Z') || (byte >= 'a' && byte <= 'z') ||
                 (byte >= '0' && byte <= '9') || byte == '.' || byte == '_' || byte == '~' ||
                 byte == '-';
    if (plain) {
      out += c;
    } else {
      out += '%';
      out += kHex[byte >> 4];
      out += kHex[byte & 0xF];
    }
  }
  return out;
}

}  // namespace appvault::client
