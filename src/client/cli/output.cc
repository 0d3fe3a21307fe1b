#include "client/cli/output.h"

#include <algorithm>
#include <iostream>
#include <string>

#include "client/cli/terminal_text.h"

namespace appvault::client::cli {

void PrintError(std::string_view message) {
  std::string line(message);
  std::replace_if(
      line.begin(), line.end(), [](char c) { return c == '\n' || c == '\r'; }, ' ');
  std::cerr << "appvault: " << TerminalSafe(line) << std::endl;
}

void PrintJson(const nlohmann::json& document) {
  std::cout << document.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace) << std::endl;
}

nlohmann::json ErrorJson(const Status& status) {
  return {{"code", CodeName(status.code())}, {"message", status.message()}};
}

int Fail(const GlobalOptions& globals, const Status& status, FailureOrigin origin) {
  PrintError(status.message());
  if (globals.json) PrintJson({{"error", ErrorJson(status)}});
  return ExitCodeFor(status, origin);
}

}  // namespace appvault::client::cli
