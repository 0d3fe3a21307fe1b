// Status and Result<T>: expected failures as values, with the error codes of the HTTP API
// (CONTRACT §5). One function maps a code to an HTTP status (server) and one to a CLI exit
// code (client); this header only names the codes.
#pragma once

#include <cassert>
#include <string>
#include <string_view>
#include <utility>
#include <variant>

namespace appvault {

enum class StatusCode {
  kOk,
  kInvalidArgument,  // bad input from the caller
  kUnauthenticated,  // no, bad or expired credentials
  kForbidden,        // authenticated, but the role does not allow it
  kNotFound,
  kConflict,
  kPayloadTooLarge,
  kInvalidPackage,  // package refusals (HTTP 422) ...
  kBadSignature,
  kUnsigned,
  kMalwareDetected,
  kSignerMismatch,
  kVersionExists,  // ... end of package refusals
  kRateLimited,
  kQuotaExceeded,  // a per-user limit (bytes, devices, backups, snapshots) would be passed (HTTP
                   // 403)
  kUnavailable,    // a dependency (server, disk) cannot be reached now
  kDataLoss,       // stored bytes no longer match their name
  kInternal,
};

// The wire name of a code, e.g. "invalid_argument"; "ok" for kOk.
std::string_view CodeName(StatusCode code);

// An outcome: ok, or a code with a message a user can act on.
// Thread-safety: a value type; const access from many threads is safe.
class [[nodiscard]] Status {
 public:
  Status() = default;  // ok
  Status(StatusCode code, std::string message) : code_(code), message_(std::move(message)) {}

  static Status Ok() { return Status(); }

  bool ok() const { return code_ == StatusCode::kOk; }
  StatusCode code() const { return code_; }
  const std::string& message() const { return message_; }
  // "code: message", or "ok".
  std::string ToString() const;

 private:
  StatusCode code_ = StatusCode::kOk;
  std::string message_;
};

// A value or the Status that explains why there is none.
// REQUIRES: a Result is never built from an ok Status.
template <typename T>
class [[nodiscard]] Result {
 public:
  Result(T value) : state_(std::move(value)) {}        // NOLINT: implicit by design
  Result(Status status) : state_(std::move(status)) {  // NOLINT: implicit by design
    assert(!std::get<Status>(state_).ok());
  }

  bool ok() const { return std::holds_alternative<T>(state_); }
  // The failure; Status::Ok() when there is a value.
  Status status() const { return ok() ? Status::Ok() : std::get<Status>(state_); }

  // REQUIRES: ok().
  const T& value() const& { return std::get<T>(state_); }
  T& value() & { return std::get<T>(state_); }
  T&& value() && { return std::get<T>(std::move(state_)); }
  const T& operator*() const& { return value(); }
  T& operator*() & { return value(); }
  const T* operator->() const { return &value(); }
  T* operator->() { return &value(); }

 private:
  std::variant<T, Status> state_;
};

}  // namespace appvault
