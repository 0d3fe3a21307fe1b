#include "server/connection_registry.h"

namespace appvault::server {

bool ConnectionRegistry::TryAdd(const std::shared_ptr<Connection>& connection) {
  std::lock_guard lock(mu_);
  if (live_.size() >= max_) return false;
  live_.emplace(connection.get(), connection);
  return true;
}

void ConnectionRegistry::Remove(const Connection* connection) {
  std::lock_guard lock(mu_);
  if (live_.erase(connection) > 0 && live_.empty()) empty_.notify_all();
}

std::vector<std::shared_ptr<Connection>> ConnectionRegistry::Snapshot() const {
  std::lock_guard lock(mu_);
  std::vector<std::shared_ptr<Connection>> connections;
  for (const auto& [key, weak] : live_) {
    if (std::shared_ptr<Connection> connection = weak.lock()) connections.push_back(connection);
  }
  return connections;
}

bool ConnectionRegistry::WaitUntilEmpty(std::chrono::milliseconds timeout) {
  std::unique_lock lock(mu_);
  return empty_.wait_for(lock, timeout, [this] { return live_.empty(); });
}

}  // namespace appvault::server
