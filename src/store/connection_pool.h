// ConnectionPool: a fixed set of SQLite connections lent to one thread at a time. SQLite in
// WAL mode lets every connection read at once while one writes, so a few connections give
// concurrent reads without sharing a handle between threads.
#pragma once

#include <condition_variable>
#include <memory>
#include <mutex>
#include <vector>

#include "store/sqlite_connection.h"

namespace appvault::store::sqlite {

// Thread-safety: Acquire may be called from any thread. The pool must outlive its leases.
class ConnectionPool {
 public:
  // REQUIRES: connections is not empty.
  explicit ConnectionPool(std::vector<std::unique_ptr<Connection>> connections);
  ConnectionPool(const ConnectionPool&) = delete;
  ConnectionPool& operator=(const ConnectionPool&) = delete;

  // A connection lent to the holder; returned to the pool on destruction. Move-only.
  class Lease {
   public:
    Lease(ConnectionPool* pool, std::unique_ptr<Connection> connection)
        : pool_(pool), connection_(std::move(connection)) {}
    Lease(Lease&&) noexcept = default;
    Lease& operator=(Lease&&) = delete;
    ~Lease();

    Connection& operator*() const { return *connection_; }
    Connection* operator->() const { return connection_.get(); }

   private:
    ConnectionPool* pool_;
    std::unique_ptr<Connection> connection_;
  };

  // Waits until a connection is free and lends it.
  Lease Acquire();

 private:
  void Return(std::unique_ptr<Connection> connection);

  std::mutex mu_;
  std::condition_variable available_;
  std::vector<std::unique_ptr<Connection>> idle_;  // guarded by mu_
};

}  // namespace appvault::store::sqlite
