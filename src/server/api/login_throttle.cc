#include "server/api/login_throttle.h"

#include <algorithm>
#include <boost/beast/http/field.hpp>
#include <cctype>

#include "server/response.h"
#include "server/trusted_proxies.h"

namespace appvault::server::api {

namespace http = boost::beast::http;

namespace {

// The first account-wide delay, doubled with each further failure.
constexpr std::chrono::milliseconds kFirstDelay{250};

std::string Lower(std::string text) {
  for (char& c : text)
    c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return text;
}

// "ann 192.0.2.7": "Ann" and "ann" share one count.
std::string PairKey(const std::string& username, const std::string& address) {
  return Lower(username) + " " + server::AddressKey(address);
}

}  // namespace

server::Reply RateLimitedReply(const std::string& why, std::int64_t wait) {
  server::Reply reply = server::ErrorResponse(Status(
      StatusCode::kRateLimited, why + "; try again in " + std::to_string(wait) + " seconds"));
  reply.set(http::field::retry_after, std::to_string(wait));
  return reply;
}

LoginVerdict CheckLogin(Services& services, const std::string& username, const std::string& address,
                        std::int64_t now) {
  LoginVerdict verdict;
  verdict.retry_after =
      services.login_by_account_address.RetryAfter(PairKey(username, address), now);
  if (!address.empty()) {
    verdict.retry_after = std::max(verdict.retry_after, services.login_by_address.RetryAfter(
                                                            server::AddressKey(address), now));
  }
  const std::size_t failures = services.login_by_account.Count(Lower(username), now);
  const std::size_t after = services.options.login_slowdown_after;
  if (failures >= after) {
    const std::size_t doublings = std::min<std::size_t>(failures - after, 16);
    verdict.delay = std::min(kFirstDelay * (std::int64_t{1} << doublings),
                             std::chrono::milliseconds(services.options.login_max_delay_ms));
  }
  return verdict;
}

void RecordLoginFailure(Services& services, const std::string& username, const std::string& address,
                        std::int64_t now) {
  services.login_by_account_address.RecordFailure(PairKey(username, address), now);
  if (!address.empty()) services.login_by_address.RecordFailure(server::AddressKey(address), now);
  services.login_by_account.RecordFailure(Lower(username), now);
}

void RecordLoginSuccess(Services& services, const std::string& username,
                        const std::string& address) {
  services.login_by_account_address.Reset(PairKey(username, address));
}

std::optional<server::Reply> AdmitRegistration(Services& services, const std::string& address,
                                               std::int64_t now, bool record) {
  const ApiOptions& options = services.options;
  auto take = [record, now](auth::RateLimiter& limiter, const std::string& key) {
    return record ? limiter.TryRecord(key, now) : limiter.RetryAfter(key, now);
  };
  if (!address.empty()) {
    std::int64_t wait = take(services.registrations_by_address, server::AddressKey(address));
    if (wait > 0) {
      return RateLimitedReply("too many registrations from your address: this server takes " +
                                  std::to_string(options.registrations_per_address) +
                                  " an hour from one address (--max-registrations-per-address)",
                              wait);
    }
  }
  std::int64_t wait = take(services.registrations, "all");
  if (wait > 0) {
    return RateLimitedReply("too many registrations: this server takes " +
                                std::to_string(options.registrations_per_hour) +
                                " an hour in all (--max-registrations)",
                            wait);
  }
  return std::nullopt;
}

HashSlot AcquireHashSlot(Services& services, auth::PasswordHashSlots::Purpose purpose) {
  std::shared_ptr<void> slot = services.password_hashes.TryAcquire(purpose);
  if (slot) return HashSlot{std::move(slot), std::nullopt};
  const bool registration = purpose == auth::PasswordHashSlots::Purpose::kRegistration;
  const std::size_t limit = registration ? services.password_hashes.registration_capacity()
                                         : services.password_hashes.capacity();
  return HashSlot{nullptr, RateLimitedReply("the server is checking " + std::to_string(limit) +
                                                " passwords at once already" +
                                                (registration ? " for registrations" : "") +
                                                ", its limit (--max-password-hashes)",
                                            1)};
}

}  // namespace appvault::server::api
