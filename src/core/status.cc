#include "core/status.h"

namespace appvault {

std::string_view CodeName(StatusCode code) {
  switch (code) {
    case StatusCode::kOk:
      return "ok";
    case StatusCode::kInvalidArgument:
      return "invalid_argument";
    case StatusCode::kUnauthenticated:
      return "unauthenticated";
    case StatusCode::kForbidden:
      return "forbidden";
    case StatusCode::kNotFound:
      return "not_found";
    case StatusCode::kConflict:
      return "conflict";
    case StatusCode::kPayloadTooLarge:
      return "payload_too_large";
    case StatusCode::kInvalidPackage:
      return "invalid_package";
    case StatusCode::kBadSignature:
      return "bad_signature";
    case StatusCode::kUnsigned:
      return "unsigned";
    case StatusCode::kMalwareDetected:
      return "malware_detected";
    case StatusCode::kSignerMismatch:
      return "signer_mismatch";
    case StatusCode::kVersionExists:
      return "version_exists";
    case StatusCode::kRateLimited:
      return "rate_limited";
    case StatusCode::kQuotaExceeded:
      return "quota_exceeded";
    case StatusCode::kUnavailable:
      return "unavailable";
    case StatusCode::kDataLoss:
      return "data_loss";
    case StatusCode::kInternal:
      return "internal";
  }
  return "internal";
}

std::string Status::ToString() const {
  if (ok()) return "ok";
  return std::string(CodeName(code_)) + ": " + message_;
}

}  // namespace appvault
