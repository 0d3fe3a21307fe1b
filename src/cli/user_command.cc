#include "cli/user_command.h"

#include <cstdio>

#include "auth/password.h"
#include "base/password_input.h"
#include "cli/exit_codes.h"
#include "server/api/accounts.h"
#include "server/api/services.h"

namespace appvault::cli {

int RunUserAdd(const UserAddOptions& options) {
  Result<store::Role> role = store::ParseRole(options.role);
  Status valid = role.ok() ? auth::ValidateUsername(options.name) : role.status();
  if (!valid.ok()) return ReportFailure(valid);
  // A database URL this build cannot open is refused before the password is asked for.
  Result<DatabaseUrl> database = ParseDatabaseUrl(options.data);
  if (!database.ok()) return ReportFailure(database.status());
  Result<std::string> password =
      base::ReadNewPassword(options.password_stdin, "Password for " + options.name + ": ");
  if (!password.ok()) return ReportFailure(password.status());
  Result<std::unique_ptr<store::MetadataStore>> store = OpenMetadataStore(options.data);
  if (!store.ok()) return ReportFailure(store.status());
  Result<store::User> user = server::api::CreateUserAccount(**store, options.name, *password, *role,
                                                            server::api::SystemClock());
  if (!user.ok()) return ReportFailure(user.status());
  std::printf("created user %s (%s)\n", user->username.c_str(),
              std::string(store::RoleName(user->role)).c_str());
  return kExitOk;
}

}  // namespace appvault::cli
