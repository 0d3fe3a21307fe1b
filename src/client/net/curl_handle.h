// libcurl plumbing shared by the client's HTTP code (server_connection.h and the
// downloader): one process-wide curl_global_init, RAII handles, the client's timeouts and
// the one-line messages of transfer failures.
#pragma once

#include <curl/curl.h>

#include <memory>
#include <string>
#include <string_view>

#include "core/status.h"

namespace appvault::client {

// Connecting (TCP and TLS) gives up after this long.
inline constexpr long kConnectTimeoutSeconds = 10;
// A transfer slower than kStallBytesPerSecond for kStallSeconds in a row is aborted.
inline constexpr long kStallBytesPerSecond = 1;
inline constexpr long kStallSeconds = 30;
// After an upload the server reads the whole file (publish: signatures, malware scan)
// before it answers, so an upload may be silent this long before it counts as stalled.
inline constexpr long kUploadStallSeconds = 300;

struct CurlEasyDeleter {
  void operator()(CURL* handle) const { curl_easy_cleanup(handle); }
};
// An easy handle, cleaned up on destruction.
using CurlEasy = std::unique_ptr<CURL, CurlEasyDeleter>;

struct CurlSlistDeleter {
  void operator()(curl_slist* list) const { curl_slist_free_all(list); }
};
// A header list, freed on destruction.
using CurlHeaders = std::unique_ptr<curl_slist, CurlSlistDeleter>;

// The certificate authorities (a PEM file) that an HTTPS server's certificate is verified
// against, instead of the system's (`appvault --ca-file`): for a self-hosted appvaultd whose
// certificate is self-signed or from a private CA. "" (the default): the system's. Every
// handle made afterwards uses it; the certificate and its host name are always verified.
// Thread-safety: call before any handle is made (the CLI does, after parsing its options).
void SetCaFile(std::string pem_file);

// A new easy handle with the client's defaults: the timeouts above, no signals (safe in
// threads), no redirects followed, HTTP and HTTPS only, the CA file of SetCaFile.
// curl_global_init has run once for the process before the first handle. nullptr when
// libcurl cannot allocate one. Thread-safety: may be called from any thread.
CurlEasy NewCurlEasy();

// Appends header ("Name: value") to list; returns false when libcurl cannot allocate.
bool AppendHeader(CurlHeaders& list, const std::string& header);

// The header list every request to appvaultd carries: Authorization when token is not "",
// and "Expect:" (no 100-continue round trip). Empty on allocation failure.
CurlHeaders ApiHeaders(const std::string& token);

// kUnavailable "cannot reach the server at BASE_URL: <libcurl's reason>" for a transfer
// that failed with code; error_buffer (CURLOPT_ERRORBUFFER) is used when not empty.
// A stall or timeout says so.
Status TransferFailure(CURLcode code, std::string_view base_url, const char* error_buffer);

// text with every character outside [A-Za-z0-9._~-] percent-encoded (for query values).
std::string UrlEscape(std::string_view text);

}  // namespace appvault::client
