// CommandRegistry: which code runs for the command chosen on the command line. Each command
// lives in its own file and registers itself here (device_commands.h, apps_command.h, …).
#pragma once

#include <CLI/CLI.hpp>
#include <functional>
#include <utility>
#include <vector>

namespace appvault::client::cli {

// Runs a command after parsing; returns its exit status (exit_codes.h).
using CommandAction = std::function<int()>;

class CommandRegistry {
 public:
  // action runs when command (a leaf of the command tree, owned by the CLI::App) was chosen.
  void Add(CLI::App* command, CommandAction action) {
    commands_.emplace_back(command, std::move(action));
  }
  // Runs the chosen command; kExitUsage when none was chosen.
  int Run() const;

 private:
  std::vector<std::pair<CLI::App*, CommandAction>> commands_;
};

}  // namespace appvault::client::cli
