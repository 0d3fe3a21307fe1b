// The two byte streams a connection runs on, plain TCP and TLS over TCP, and what the
// connection code needs to tell them apart. Internal to the server library.
#pragma once

// asio_coro.h first: Asio 1.74 needs <utility> before its own headers.
#include "server/asio_coro.h"
// Beast and Asio.
#include <boost/asio/ssl.hpp>
#include <boost/beast/core/stream_traits.hpp>
#include <boost/beast/core/tcp_stream.hpp>
#include <boost/beast/ssl/ssl_stream.hpp>
#include <string>
#include <type_traits>

namespace appvault::server {

using PlainStream = boost::beast::tcp_stream;
using TlsStream = boost::beast::ssl_stream<boost::beast::tcp_stream>;

template <typename Stream>
inline constexpr bool kIsTls = std::is_same_v<Stream, TlsStream>;

// The TCP stream under `stream` (itself for a PlainStream): timeouts, socket, close.
template <typename Stream>
boost::beast::tcp_stream& TcpLayer(Stream& stream) {
  return boost::beast::get_lowest_layer(stream);
}

// The IP address of the socket's peer ("192.0.2.7", "2001:db8::1"; an IPv4-mapped IPv6
// address as plain IPv4), or "" when the socket is no longer connected.
inline std::string PeerAddress(const boost::asio::ip::tcp::socket& socket) {
  boost::system::error_code error;
  boost::asio::ip::tcp::endpoint peer = socket.remote_endpoint(error);
  if (error) return "";
  boost::asio::ip::address address = peer.address();
  if (address.is_v6() && address.to_v6().is_v4_mapped()) {
    return boost::asio::ip::make_address_v4(boost::asio::ip::v4_mapped, address.to_v6())
        .to_string();
  }
  return address.to_string();
}

}  // namespace appvault::server
