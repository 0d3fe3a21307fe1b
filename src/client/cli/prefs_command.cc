#include "client/cli/prefs_command.h"

#include <algorithm>
#include <cstdio>
#include <iostream>
#include <memory>

#include "client/cli/output.h"
#include "client/cli/server_access.h"
#include "client/net/json_fields.h"

namespace appvault::client::cli {
namespace {

using nlohmann::json;

constexpr const char* kKeys[] = {"install_latest", "accept_alternatives", "backup_config"};

Status Usage(std::string message) {
  return Status(StatusCode::kInvalidArgument, std::move(message));
}

// {"install_latest":true,…} of "install_latest=true …"; errors name the argument.
Result<json> ParseAssignments(const std::vector<std::string>& assignments) {
  json body = json::object();
  for (const std::string& assignment : assignments) {
    std::size_t equals = assignment.find('=');
    if (equals == std::string::npos) {
      return Usage("\"" + assignment + "\": expected KEY=VALUE");
    }
    const std::string key = assignment.substr(0, equals);
    const std::string value = assignment.substr(equals + 1);
    if (std::find(std::begin(kKeys), std::end(kKeys), key) == std::end(kKeys)) {
      return Usage("unknown setting \"" + key +
                   "\" (settings: install_latest, accept_alternatives, backup_config)");
    }
    if (body.contains(key)) return Usage("setting \"" + key + "\" given twice");
    if (value == "true" || value == "false") {
      body[key] = value == "true";
    } else if (value == "default") {
      body[key] = nullptr;
    } else {
      return Usage(key + ": expected true, false or default, got \"" + value + "\"");
    }
  }
  return body;
}

// The three settings of a preferences object, null when not set.
json SettingsJson(const json& preferences) {
  json settings = json::object();
  for (const char* key : kKeys) {
    std::optional<bool> value = Boolean(preferences, key);
    settings[key] = value ? json(*value) : json(nullptr);
  }
  return settings;
}

void PrintSettings(const GlobalOptions& globals, const json& settings) {
  if (globals.json) {
    PrintJson(settings);
    return;
  }
  for (const char* key : kKeys) {
    const json& value = settings[key];
    std::string text = value.is_boolean() ? (value.get<bool>() ? "true" : "false")
                                          : "false (not set: the default)";
    std::printf("%-20s %s\n", key, text.c_str());
  }
}

int RunShow(const GlobalOptions& globals) {
  int exit_code = kExitOk;
  std::optional<SignedIn> signed_in = OpenSignedIn(globals, exit_code);
  if (!signed_in) return exit_code;
  Result<api::Me> me = signed_in->api.Me();
  if (!me.ok()) return FailServer(globals, me.status(), signed_in->session.username);
  PrintSettings(globals, SettingsJson(api::ToJson(me->preferences)));
  return kExitOk;
}

int RunSet(const GlobalOptions& globals, const std::vector<std::string>& assignments) {
  Result<json> body = ParseAssignments(assignments);
  if (!body.ok()) return Fail(globals, body.status(), FailureOrigin::kDevice);
  int exit_code = kExitOk;
  std::optional<SignedIn> signed_in = OpenSignedIn(globals, exit_code);
  if (!signed_in) return exit_code;
  Result<api::PreferencesReply> changed = signed_in->api.SetPreferences(*body);
  if (!changed.ok()) return FailServer(globals, changed.status(), signed_in->session.username);
  PrintSettings(globals, SettingsJson(api::ToJson(changed->preferences)));
  return kExitOk;
}

}  // namespace

void AddPrefsCommand(CLI::App& app, const GlobalOptions& globals, CommandRegistry& registry) {
  CLI::App* prefs = app.add_subcommand("prefs", "Show or change your stored settings");
  auto assignments = std::make_shared<std::vector<std::string>>();
  CLI::App* set = prefs->add_subcommand(
      "set", "Change settings: install_latest, accept_alternatives, backup_config");
  set->add_option("KEY=VALUE", *assignments, "VALUE: true, false or default")->required();
  // `set` first: the registry runs the first parsed command, and `prefs` is parsed too.
  registry.Add(set, [&globals, assignments] { return RunSet(globals, *assignments); });
  registry.Add(prefs, [&globals] { return RunShow(globals); });
}

}  // namespace appvault::client::cli
