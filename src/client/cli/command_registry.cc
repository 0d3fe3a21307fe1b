#include "client/cli/command_registry.h"

#include "client/cli/exit_codes.h"

namespace appvault::client::cli {

int CommandRegistry::Run() const {
  for (const auto& [command, action] : commands_) {
    if (command->parsed()) return action();
  }
  return kExitUsage;
}

}  // namespace appvault::client::cli
