// ConnectionPool: a fixed set of database connections lent to one thread at a time, so that
// several calls run at once without sharing a handle between threads. Used by the SQLite
// store (WAL mode: every connection reads at once while one writes) and the PostgreSQL
// store (one server session per connection).
#pragma once

#include <condition_variable>
#include <memory>
#include <mutex>
#include <utility>
#include <vector>

namespace appvault::store {

// Thread-safety: Acquire may be called from any thread. The pool must outlive its leases.
// Connection is any type; the pool only owns and lends it.
template <typename Connection>
class ConnectionPool {
 public:
  // REQUIRES: connections is not empty.
  explicit ConnectionPool(std::vector<std::unique_ptr<Connection>> connections)
      : idle_(std::move(connections)) {}
  ConnectionPool(const ConnectionPool&) = delete;
  ConnectionPool& operator=(const ConnectionPool&) = delete;

  // A connection lent to the holder; returned to the pool on destruction. Move-only.
  class Lease {
   public:
    Lease(ConnectionPool* pool, std::unique_ptr<Connection> connection)
        : pool_(pool), connection_(std::move(connection)) {}
    Lease(Lease&&) noexcept = default;
    Lease& operator=(Lease&&) = delete;
    ~Lease() {
      if (connection_ != nullptr) pool_->Return(std::move(connection_));
    }

    Connection& operator*() const { return *connection_; }
    Connection* operator->() const { return connection_.get(); }

   private:
    ConnectionPool* pool_;
    std::unique_ptr<Connection> connection_;
  };

  // Waits until a connection is free and lends it.
  Lease Acquire() {
    std::unique_lock lock(mu_);
    available_.wait(lock, [this] { return !idle_.empty(); });
    std::unique_ptr<Connection> connection = std::move(idle_.back());
    idle_.pop_back();
    return Lease(this, std::move(connection));
  }

 private:
  void Return(std::unique_ptr<Connection> connection) {
    {
      std::lock_guard lock(mu_);
      idle_.push_back(std::move(connection));
    }
    available_.notify_one();
  }

  std::mutex mu_;
  std::condition_variable available_;
  std::vector<std::unique_ptr<Connection>> idle_;  // guarded by mu_
};

}  // namespace appvault::store
