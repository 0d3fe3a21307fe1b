// ReplyCache: answers of a read-only route kept for the same caller asking the same thing
// again (a restore plan fetched again when a restore is resumed or repeated), so that the
// answer costs a lookup instead of the database reads and decisions behind it.
//
// An entry is served only while it is exactly what the route would answer now:
// - it was computed for the same session (the SHA-256 of its token), method, target and
//   body, byte for byte;
// - the store has committed no change since it was computed (MetadataStore::ChangeCount()
//   is the number read before the computation began — a change to the data, the user, the
//   session or anything else makes every entry stale);
// - the session has not expired (now < the session's expires_at).
// Only 200 answers are kept. Limits: at most `budget_bytes` of keys and bodies in all
// (ApiOptions::reply_cache_bytes); an answer bigger than a sixteenth of that is not kept.
// When an entry does not fit, stale entries go first, then the least recently stored.
// Thread-safety: every method may be called from many threads at once.
#pragma once

#include <cstddef>
#include <cstdint>
#include <list>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>

#include "core/sha256.h"
#include "server/reply.h"

namespace appvault::server::api {

class ReplyCache {
 public:
  // What an answer was computed for.
  struct Question {
    Sha256 token_hash;         // the caller's session
    std::string_view request;  // method, target and body (see Key)
  };

  // What made an answer valid.
  struct Validity {
    std::uint64_t change_count = 0;    // MetadataStore::ChangeCount() before computing
    std::int64_t session_expires = 0;  // the session's expires_at
  };

  // budget_bytes 0: nothing is ever kept.
  explicit ReplyCache(std::size_t budget_bytes) : budget_bytes_(budget_bytes) {}
  ReplyCache(const ReplyCache&) = delete;
  ReplyCache& operator=(const ReplyCache&) = delete;

  // "METHOD TARGET\nBODY": the request part of a Question.
  static std::string Key(std::string_view method, std::string_view target, std::string_view body);

  // The kept answer to `question`, when it is still valid at `change_count` and `now`.
  std::optional<Reply> Find(const Question& question, std::uint64_t change_count, std::int64_t now);

  // Keeps `reply` (a 200 answer; anything else, a file reply or one over the size limit is
  // ignored) as the answer to `question`.
  void Store(const Question& question, const Validity& validity, const Reply& reply);

  // False when the budget is 0: nothing is ever kept, Find never answers.
  bool enabled() const { return budget_bytes_ > 0; }

  // Entries and bytes kept now.
  std::size_t size() const;
  std::size_t bytes() const;

 private:
  struct Entry {
    Validity validity;
    Reply reply;
    std::size_t cost = 0;                           // key + body bytes, counted in bytes_
    std::list<const std::string*>::iterator order;  // position in order_
  };

  static std::string FullKey(const Question& question);
  void EvictFor(std::size_t cost, std::uint64_t change_count);      // REQUIRES: mu_ held
  void Erase(std::unordered_map<std::string, Entry>::iterator it);  // REQUIRES: mu_ held

  const std::size_t budget_bytes_;
  mutable std::mutex mu_;
  std::unordered_map<std::string, Entry> entries_;
  // The entries' keys (in entries_' nodes, which never move), oldest stored first.
  std::list<const std::string*> order_;
  std::size_t bytes_ = 0;
};

}  // namespace appvault::server::api
