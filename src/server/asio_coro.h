// The coroutine vocabulary of the server: Asio awaitables (Boost 1.74) and a completion
// token that reports errors as values instead of exceptions.
#pragma once

// Asio 1.74's awaitable.hpp uses std::exchange without including <utility>: it comes first.
#include <utility>
// Asio itself.
#include <boost/asio/awaitable.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/redirect_error.hpp>
#include <boost/asio/this_coro.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/system/error_code.hpp>

namespace appvault::server {

template <typename T = void>
using Awaitable = boost::asio::awaitable<T>;

// `co_await op(..., Capture(ec))`: on failure the coroutine resumes with `ec` set.
inline auto Capture(boost::system::error_code& ec) {
  return boost::asio::redirect_error(boost::asio::use_awaitable, ec);
}

}  // namespace appvault::server
