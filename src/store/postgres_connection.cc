#include "store/postgres_connection.h"

#include <string>
#include <utility>
#include <vector>

#include "store/postgres_error.h"

namespace appvault::store::pg {
namespace {

void IgnoreNotice(void* /*arg*/, const char* /*message*/) {}

// Checks that libpq can parse the URL. Errors: kInvalidArgument naming it and why.
Status CheckUrl(const std::string& url) {
  char* error = nullptr;
  PQconninfoOption* options = PQconninfoParse(url.c_str(), &error);
  if (options != nullptr) {
    PQconninfoFree(options);
    return Status::Ok();
  }
  std::string why = error != nullptr ? error : "not a connection URL";
  PQfreemem(error);
  while (!why.empty() && why.back() == '\n')
    why.pop_back();
  return Status(StatusCode::kInvalidArgument,
                "--database " + RedactedUrl(url) + " does not parse: " + why);
}

// Connects; the URL's own settings override the defaults given before it.
Result<PGconn*> Connect(const std::string& url, const ConnectionOptions& options) {
  const std::string timeout = std::to_string(options.connect_timeout.count());
  const char* keywords[] = {"connect_timeout", "application_name", "dbname", nullptr};
  const char* values[] = {timeout.c_str(), "appvaultd", url.c_str(), nullptr};
  PGconn* conn = PQconnectdbParams(keywords, values, /*expand_dbname=*/1);
  if (conn != nullptr && PQstatus(conn) == CONNECTION_OK) {
    PQsetNoticeProcessor(conn, IgnoreNotice, nullptr);
    return conn;
  }
  std::string why = conn != nullptr ? PQerrorMessage(conn) : "out of memory";
  PQfinish(conn);
  while (!why.empty() && (why.back() == '\n' || why.back() == ' '))
    why.pop_back();
  for (char& c : why) {  // one line: libpq puts its hints on lines of their own
    if (c == '\n' || c == '\t') c = ' ';
  }
  for (std::size_t at; (at = why.find("  ")) != std::string::npos;)
    why.erase(at, 1);
  return Status(StatusCode::kUnavailable,
                "cannot connect to the database " + RedactedUrl(url) + ": " + why);
}

bool Succeeded(const PGresult* result) {
  const ExecStatusType status = PQresultStatus(result);
  return status == PGRES_COMMAND_OK || status == PGRES_TUPLES_OK;
}

}  // namespace

Result<std::unique_ptr<Connection>> Connection::Open(const std::string& url,
                                                     const ConnectionOptions& options) {
  Status parsed = CheckUrl(url);
  if (!parsed.ok()) return parsed;
  Result<PGconn*> conn = Connect(url, options);
  if (!conn.ok()) return conn.status();
  return std::make_unique<Connection>(Key(), *conn, url);
}

Connection::~Connection() {
  PQfinish(conn_);
}

Status Connection::EnsureConnected() {
  if (PQstatus(conn_) == CONNECTION_OK) return Status::Ok();
  prepared_.clear();
  PQreset(conn_);
  if (PQstatus(conn_) == CONNECTION_OK) return Status::Ok();
  return Status(StatusCode::kUnavailable, "lost the connection to the database " +
                                              RedactedUrl(url_) + " and cannot reconnect");
}

Status Connection::Failed(PGresult* result, std::string_view what) {
  last_failure_retryable_ = IsRetryable(result);
  Status status = PostgresStatus(result, conn_, what);
  PQclear(result);
  return status;
}

Status Connection::Exec(std::string_view sql) {
  const std::string text(sql);
  PGresult* result = PQexec(conn_, text.c_str());
  if (!Succeeded(result)) return Failed(result, "statement failed");
  PQclear(result);
  return Status::Ok();
}

Result<Rows> Connection::Query(const std::string& sql, const Params& params) {
  auto it = prepared_.find(sql);
  if (it == prepared_.end()) {
    std::string name = "s";  // appended: GCC 12 -Wrestrict misfires on "s" + to_string
    name += std::to_string(prepared_.size());
    PGresult* prepared = PQprepare(conn_, name.c_str(), sql.c_str(), 0, nullptr);
    if (!Succeeded(prepared)) return Failed(prepared, "preparing a statement failed");
    PQclear(prepared);
    it = prepared_.emplace(sql, std::move(name)).first;
  }
  const std::vector<const char*> values = params.Pointers();
  PGresult* result = PQexecPrepared(conn_, it->second.c_str(), params.size(), values.data(),
                                    nullptr, nullptr, /*resultFormat=*/0);
  if (!Succeeded(result)) return Failed(result, "query failed");
  return Rows(result);
}

Result<Transaction> Transaction::Begin(Connection& connection, Isolation isolation) {
  const char* sql = "BEGIN ISOLATION LEVEL READ COMMITTED";
  if (isolation == Isolation::kSnapshot) sql = "BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY";
  if (isolation == Isolation::kSerializable) sql = "BEGIN ISOLATION LEVEL SERIALIZABLE";
  Status begun = connection.Exec(sql);
  if (!begun.ok()) return begun;
  connection.last_failure_retryable_ = false;
  return Transaction(&connection);
}

Transaction::Transaction(Transaction&& other) noexcept
    : connection_(std::exchange(other.connection_, nullptr)) {}

Transaction::~Transaction() {
  if (connection_ != nullptr) (void)connection_->Exec("ROLLBACK");
}

Status Transaction::Commit() {
  Connection* connection = std::exchange(connection_, nullptr);
  return connection->Exec("COMMIT");
}

Result<std::unique_ptr<SessionLock>> SessionLock::Take(Connection& connection, std::int64_t key) {
  static const std::string kSql = "SELECT pg_advisory_lock($1)";
  Result<Rows> locked = connection.Query(kSql, Params().Add(key));
  if (!locked.ok()) return locked.status();
  return std::make_unique<SessionLock>(&connection, key);
}

SessionLock::~SessionLock() {
  static const std::string kSql = "SELECT pg_advisory_unlock($1)";
  (void)connection_->Query(kSql, Params().Add(key_));  // a lost session released it already
}

}  // namespace appvault::store::pg
