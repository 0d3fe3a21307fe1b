#include "server/async_signal.h"

#include <boost/asio/post.hpp>

namespace appvault::server {

void AsyncSignal::Notify() {
  boost::asio::post(timer_.get_executor(), [self = shared_from_this()] {
    self->notified_ = true;
    self->timer_.cancel();
  });
}

Awaitable<> AsyncSignal::Wait() {
  if (!notified_) {
    timer_.expires_at(boost::asio::steady_timer::time_point::max());
    boost::system::error_code ignored;
    co_await timer_.async_wait(Capture(ignored));
  }
  notified_ = false;
}

}  // namespace appvault::server
