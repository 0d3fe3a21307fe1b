// The threads route handlers run on, so that a handler that blocks (password hashing,
// SQLite, package inspection, malware scanning) never holds up the io threads. Internal to
// the server library.
#pragma once

#include <boost/asio/post.hpp>
#include <boost/asio/thread_pool.hpp>
#include <memory>
#include <utility>

#include "server/asio_coro.h"
#include "server/server_load.h"

namespace appvault::server {

// A fixed number of threads running posted work in FIFO order, counted in a ServerLoad.
// Thread-safety: Post from any thread; Join from one thread that is not a worker.
class WorkerPool {
 public:
  // REQUIRES: threads >= 1; `load` not null.
  WorkerPool(int threads, std::shared_ptr<ServerLoad> load)
      : pool_(static_cast<std::size_t>(threads)), load_(std::move(load)) {
    load_->SetWorkers(threads);
  }
  ~WorkerPool() { Join(); }
  WorkerPool(const WorkerPool&) = delete;
  WorkerPool& operator=(const WorkerPool&) = delete;

  // Queues `work` (a move-only callable is fine). REQUIRES: Join has not been called.
  template <typename Work>
  void Post(Work&& work) {
    load_->Queued();
    boost::asio::post(pool_, [load = load_, work = std::forward<Work>(work)]() mutable {
      load->Started();
      work();
      load->Ended();
    });
  }

  // Waits until every queued and running piece of work is done, then ends the threads.
  // Idempotent.
  void Join() { pool_.join(); }

 private:
  boost::asio::thread_pool pool_;
  const std::shared_ptr<ServerLoad> load_;
};

// Runs `work()` on a worker; the calling coroutine is suspended meanwhile and resumes on its
// own executor (the connection's strand) with the result. `work` must not throw.
// If the caller's executor is stopped before the result arrives, the coroutine is never
// resumed (it is destroyed with its io_context).
template <typename T, typename Work>
Awaitable<T> RunOnWorker(WorkerPool& pool, Work work) {
  auto executor = co_await boost::asio::this_coro::executor;
  auto initiate = [&pool, executor, work = std::move(work)](auto handler) mutable {
    pool.Post([executor, work = std::move(work), handler = std::move(handler)]() mutable {
      T result = work();
      boost::asio::post(executor,
                        [handler = std::move(handler), result = std::move(result)]() mutable {
                          std::move(handler)(std::move(result));
                        });
    });
  };
  co_return co_await boost::asio::async_initiate<decltype(boost::asio::use_awaitable), void(T)>(
      std::move(initiate), boost::asio::use_awaitable);
}

}  // namespace appvault::server
