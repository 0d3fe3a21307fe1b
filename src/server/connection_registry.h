// The live connections of one server: the bound on their number, and the list a graceful
// stop walks. Internal to the server library.
#pragma once

#include <chrono>
#include <condition_variable>
#include <cstddef>
#include <memory>
#include <mutex>
#include <unordered_map>
#include <vector>

namespace appvault::server {

class Connection;

// Thread-safe. Holds weak references: a Connection lives as long as its coroutine.
class ConnectionRegistry {
 public:
  explicit ConnectionRegistry(std::size_t max_connections) : max_(max_connections) {}
  ConnectionRegistry(const ConnectionRegistry&) = delete;
  ConnectionRegistry& operator=(const ConnectionRegistry&) = delete;

  // Registers `connection`; false (and nothing registered) when max_connections are live.
  bool TryAdd(const std::shared_ptr<Connection>& connection);
  // Forgets `connection` (no-op when unknown); wakes WaitUntilEmpty when none are left.
  void Remove(const Connection* connection);
  // The bound given at construction.
  std::size_t max_connections() const { return max_; }
  // Strong references to the connections live now.
  std::vector<std::shared_ptr<Connection>> Snapshot() const;
  // Blocks until no connection is registered or `timeout` passed; true when none is left.
  bool WaitUntilEmpty(std::chrono::milliseconds timeout);

 private:
  const std::size_t max_;
  mutable std::mutex mu_;
  std::condition_variable empty_;
  std::unordered_map<const Connection*, std::weak_ptr<Connection>> live_;
};

}  // namespace appvault::server
