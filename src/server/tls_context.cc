#include "server/tls_context.h"

#include <openssl/ssl.h>

namespace appvault::server {

namespace ssl = boost::asio::ssl;

namespace {

Status LoadError(const std::string& what, const std::string& file,
                 const boost::system::error_code& error) {
  return Status(StatusCode::kInvalidArgument,
                "cannot load the TLS " + what + " " + file + ": " + error.message());
}

}  // namespace

Result<std::unique_ptr<ssl::context>> MakeTlsContext(const std::string& cert_file,
                                                     const std::string& key_file) {
  auto context = std::make_unique<ssl::context>(ssl::context::tls_server);
  boost::system::error_code error;
  context->set_options(ssl::context::default_workarounds | ssl::context::no_sslv2 |
                           ssl::context::no_sslv3 | ssl::context::no_tlsv1 |
                           ssl::context::no_tlsv1_1 | ssl::context::single_dh_use,
                       error);
  if (error || SSL_CTX_set_min_proto_version(context->native_handle(), TLS1_2_VERSION) != 1) {
    return Status(StatusCode::kInternal, "cannot set up TLS: " + error.message());
  }
  context->use_certificate_chain_file(cert_file, error);
  if (error) return LoadError("certificate", cert_file, error);
  context->use_private_key_file(key_file, ssl::context::pem, error);
  if (error) return LoadError("private key", key_file, error);
  if (SSL_CTX_check_private_key(context->native_handle()) != 1) {
    return Status(
        StatusCode::kInvalidArgument,
        "the TLS private key " + key_file + " does not belong to the certificate " + cert_file);
  }
  return context;
}

}  // namespace appvault::server
