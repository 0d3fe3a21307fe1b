// `appvaultd user add NAME --role user|publisher|admin [--password-stdin]`: creates an
// account in the database directly (no server needed).
#pragma once

#include <string>

#include "cli/data_options.h"

namespace appvault::cli {

struct UserAddOptions {
  DataOptions data;
  std::string name;
  std::string role = "user";
  bool password_stdin = false;
};

// Creates the user and prints "created user NAME (ROLE)". Returns kExitOk; kExitUsage for a
// bad role, username, password or --database; kExitFailure when the name is taken or the
// database fails. Errors are one line on stderr.
int RunUserAdd(const UserAddOptions& options);

}  // namespace appvault::cli
