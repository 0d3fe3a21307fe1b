// A wake-up for a coroutine on a strand, callable from any thread: the condition variable
// of the coroutine world. Internal to the server library.
#pragma once

#include <boost/asio/any_io_executor.hpp>
#include <boost/asio/steady_timer.hpp>
#include <memory>

#include "server/asio_coro.h"

namespace appvault::server {

// Create with std::make_shared. Thread-safety: Notify from any thread; Wait only from a
// coroutine running on `strand`, one at a time.
class AsyncSignal : public std::enable_shared_from_this<AsyncSignal> {
 public:
  explicit AsyncSignal(boost::asio::any_io_executor strand) : timer_(std::move(strand)) {}
  AsyncSignal(const AsyncSignal&) = delete;
  AsyncSignal& operator=(const AsyncSignal&) = delete;

  // Makes the current or next Wait return. Several Notify calls may wake one Wait.
  void Notify();
  // Returns once Notify was called after the previous Wait returned (at once if it was
  // already). Callers re-check their condition: wake-ups may be spurious.
  Awaitable<> Wait();

 private:
  boost::asio::steady_timer timer_;  // never expires: cancelled to wake the waiter
  bool notified_ = false;            // only touched on the strand
};

}  // namespace appvault::server
