// Turning libpq failures into Status values (the store's common error contract).
#pragma once

#include <libpq-fe.h>

#include <string>
#include <string_view>

#include "core/status.h"

namespace appvault::store::pg {

// The Status for a failed query result (`result` may be null when libpq gave none), run on
// `conn`; `what` names the operation, for the message. By SQLSTATE class:
//   23505 unique violation → kConflict; 23503 foreign key → kNotFound (a referenced row is
//   missing); other 23 (integrity) → kInvalidArgument; 40001 serialization failure, 40P01
//   deadlock, 08 (connection), 53 (resources), 57P (shutdown) → kUnavailable; a lost
//   connection (no SQLSTATE) → kUnavailable; anything else → kInternal.
Status PostgresStatus(const PGresult* result, PGconn* conn, std::string_view what);

// Whether a failed result's SQLSTATE says the transaction may succeed when run again
// (40001 serialization_failure, 40P01 deadlock_detected).
bool IsRetryable(const PGresult* result);

// The URL with any password replaced by "***" (userinfo `user:secret@` and a `password=`
// parameter), for messages.
std::string RedactedUrl(std::string_view url);

}  // namespace appvault::store::pg
