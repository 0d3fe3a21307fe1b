// Connection: one PostgreSQL session (libpq) with its named prepared statements;
// Transaction, an RAII guard that rolls back whatever it did not commit; SessionLock, an
// advisory lock held by the session across transactions.
#pragma once

#include <libpq-fe.h>

#include <chrono>
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <unordered_map>

#include "core/status.h"
#include "store/connection_pool.h"
#include "store/postgres_params.h"
#include "store/postgres_rows.h"

namespace appvault::store::pg {

struct ConnectionOptions {
  // How long connecting may take, unless the URL sets connect_timeout itself.
  std::chrono::seconds connect_timeout{10};
};

// Thread-safety: one thread at a time (the pool hands a connection to one thread).
// Owns its PGconn and closes it on destruction.
class Connection {
 public:
  // Connects to the server the URL (postgresql://USER@HOST:PORT/DB?…, libpq's URI form)
  // names. Errors: kInvalidArgument when the URL does not parse; kUnavailable when the
  // server cannot be reached or refuses the session — both name the URL without its
  // password.
  static Result<std::unique_ptr<Connection>> Open(const std::string& url,
                                                  const ConnectionOptions& options = {});

  struct Key {  // lets only Open construct
   private:
    Key() = default;
    friend class Connection;
  };
  Connection(Key, PGconn* conn, std::string url) : conn_(conn), url_(std::move(url)) {}
  Connection(const Connection&) = delete;
  Connection& operator=(const Connection&) = delete;
  ~Connection();

  // Runs one or more statements without parameters (simple query protocol), discarding
  // any rows. Errors: as PostgresStatus maps them.
  Status Exec(std::string_view sql);
  // Runs `sql` (one statement, parameters $1…) as a named prepared statement, prepared on
  // first use on this session. Errors: as PostgresStatus maps them.
  Result<Rows> Query(const std::string& sql, const Params& params = {});

  // Whether the last failed Exec or Query failed with a serialization failure or deadlock
  // (the transaction may succeed when run again). Cleared by every successful BEGIN.
  bool last_failure_retryable() const { return last_failure_retryable_; }
  // When the session was lost (a server restart), connects again, forgetting prepared
  // statements. Errors: kUnavailable naming the URL.
  Status EnsureConnected();

 private:
  friend class Transaction;  // clears last_failure_retryable_ when one begins
  Status Failed(PGresult* result, std::string_view what);

  PGconn* conn_;
  std::string url_;                                        // for reconnecting
  std::unordered_map<std::string, std::string> prepared_;  // SQL → statement name
  bool last_failure_retryable_ = false;
};

// The PostgreSQL store's pool of connections.
using ConnectionPool = store::ConnectionPool<Connection>;

enum class Isolation {
  kReadCommitted,  // READ COMMITTED: every statement sees what was committed before it
  kSnapshot,       // REPEATABLE READ, READ ONLY: one snapshot for several reads
  kSerializable,   // SERIALIZABLE: as if the store's transactions ran one at a time
};

// An open transaction on a connection: Commit() makes it durable; destruction without a
// successful Commit() rolls it back. Move-only; must not outlive its connection.
class Transaction {
 public:
  static Result<Transaction> Begin(Connection& connection, Isolation isolation);

  Transaction(Transaction&& other) noexcept;
  Transaction& operator=(Transaction&&) = delete;
  Transaction(const Transaction&) = delete;
  Transaction& operator=(const Transaction&) = delete;
  ~Transaction();

  // Errors: as mapped (a serialization failure at commit is retryable); the transaction
  // is then over.
  Status Commit();

 private:
  explicit Transaction(Connection* connection) : connection_(connection) {}

  Connection* connection_;  // null once ended or moved from
};

// A session-level advisory lock on `key` (pg_advisory_lock), taken before a transaction
// begins — so the transaction's snapshot sees every commit of the lock's previous holder —
// and released on destruction. Move-less.
class SessionLock {
 public:
  // Waits for the lock. Errors: as mapped.
  static Result<std::unique_ptr<SessionLock>> Take(Connection& connection, std::int64_t key);
  SessionLock(Connection* connection, std::int64_t key) : connection_(connection), key_(key) {}
  SessionLock(const SessionLock&) = delete;
  SessionLock& operator=(const SessionLock&) = delete;
  ~SessionLock();

 private:
  Connection* connection_;
  std::int64_t key_;
};

}  // namespace appvault::store::pg
