// Creating accounts: shared by `POST /v1/accounts` and `appvaultd user add`.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "api/accounts.h"
#include "core/status.h"
#include "store/records.h"
#include "store/store.h"

namespace appvault::server::api {

// Validates the username and password (auth/password.h rules), hashes the password with
// argon2id and stores the user. Errors: kInvalidArgument naming the field, kConflict when
// the username is taken, the store's errors. Thread-safe.
Result<store::User> CreateUserAccount(store::MetadataStore& store, const std::string& username,
                                      std::string_view password, store::Role role,
                                      std::int64_t now);

using Credentials = appvault::api::Credentials;

// Reads {username, password} from a request body (both required strings, nothing else:
// api::CredentialsFromJson). Errors: kInvalidArgument naming the field.
Result<Credentials> ReadCredentials(std::string_view body);

}  // namespace appvault::server::api
