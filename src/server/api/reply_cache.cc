#include "server/api/reply_cache.h"

#include <boost/beast/http/status.hpp>
#include <utility>

namespace appvault::server::api {

namespace {

// What an entry costs beyond its key and body: the map node, the list node, the reply's
// headers — a round figure, so that many tiny entries are still bounded.
constexpr std::size_t kEntryOverhead = 512;

}  // namespace

std::string ReplyCache::Key(std::string_view method, std::string_view target,
                            std::string_view body) {
  std::string key;
  key.reserve(method.size() + target.size() + body.size() + 2);
  key.append(method).append(" ").append(target).append("\n").append(body);
  return key;
}

std::string ReplyCache::FullKey(const Question& question) {
  const Sha256::Bytes& token = question.token_hash.bytes();
  std::string key(reinterpret_cast<const char*>(token.data()), token.size());
  key.append(question.request);
  return key;
}

std::optional<Reply> ReplyCache::Find(const Question& question, std::uint64_t change_count,
                                      std::int64_t now) {
  if (!enabled()) return std::nullopt;
  const std::string key = FullKey(question);
  std::lock_guard lock(mu_);
  auto it = entries_.find(key);
  if (it == entries_.end()) return std::nullopt;
  const Validity& validity = it->second.validity;
  if (validity.change_count != change_count || now >= validity.session_expires) {
    Erase(it);
    return std::nullopt;
  }
  return it->second.reply;
}

void ReplyCache::Store(const Question& question, const Validity& validity, const Reply& reply) {
  if (!enabled() || reply.result() != boost::beast::http::status::ok || reply.file) return;
  std::string key = FullKey(question);
  const std::size_t cost = key.size() + reply.body().size() + kEntryOverhead;
  if (cost > budget_bytes_ / 16) return;
  std::lock_guard lock(mu_);
  auto existing = entries_.find(key);
  if (existing != entries_.end()) Erase(existing);
  EvictFor(cost, validity.change_count);
  auto it = entries_.emplace(std::move(key), Entry{validity, reply, cost, {}}).first;
  it->second.order = order_.insert(order_.end(), &it->first);
  bytes_ += cost;
}

void ReplyCache::EvictFor(std::size_t cost, std::uint64_t change_count) {
  if (bytes_ + cost <= budget_bytes_) return;
  for (auto it = entries_.begin(); it != entries_.end();) {
    auto next = std::next(it);
    if (it->second.validity.change_count != change_count) Erase(it);
    it = next;
  }
  while (bytes_ + cost > budget_bytes_ && !order_.empty())
    Erase(entries_.find(*order_.front()));
}

void ReplyCache::Erase(std::unordered_map<std::string, Entry>::iterator it) {
  bytes_ -= it->second.cost;
  order_.erase(it->second.order);
  entries_.erase(it);
}

std::size_t ReplyCache::size() const {
  std::lock_guard lock(mu_);
  return entries_.size();
}

std::size_t ReplyCache::bytes() const {
  std::lock_guard lock(mu_);
  return bytes_;
}

}  // namespace appvault::server::api
