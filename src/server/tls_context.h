// The TLS configuration of an HTTPS server. Internal to the server library.
#pragma once

// asio_coro.h first: Asio 1.74 needs <utility> before its own headers.
#include "server/asio_coro.h"
// Asio.
#include <boost/asio/ssl/context.hpp>
#include <memory>
#include <string>

#include "core/status.h"

namespace appvault::server {

// A server context speaking TLS 1.2 and 1.3 only, with the PEM certificate chain in
// `cert_file` and the PEM private key in `key_file`.
// Errors: kInvalidArgument naming the file that cannot be read or parsed, or both files when
// the key does not belong to the certificate (the message names the key file).
Result<std::unique_ptr<boost::asio::ssl::context>> MakeTlsContext(const std::string& cert_file,
                                                                  const std::string& key_file);

}  // namespace appvault::server
