#include "cli/inspect_command.h"

#include <cstdio>
#include <iostream>
#include <nlohmann/json.hpp>

#include "cli/exit_codes.h"
#include "pkg/inspect.h"

namespace appvault::cli {
namespace {

nlohmann::json OptionalVersion(const std::optional<Version>& version) {
  return version ? nlohmann::json(version->text()) : nlohmann::json(nullptr);
}

nlohmann::json FactsJson(const pkg::PackageFacts& facts) {
  return {
      {"accepted", true},
      {"platform", PlatformName(facts.platform)},
      {"app", facts.app.str()},
      {"version_code", facts.version.text()},
      {"version_name", facts.version_name},
      {"label", facts.label},
      {"min_os", OptionalVersion(facts.min_os)},
      {"max_os", OptionalVersion(facts.max_os)},
      {"abis", facts.abis},
      {"signer_sha256",
       facts.signer_sha256 ? nlohmann::json(facts.signer_sha256->Hex()) : nlohmann::json(nullptr)},
      {"signer_subject", facts.signer_subject},
      {"schemes", facts.schemes},
      {"integrity", facts.schemes.empty() ? "sha256-only" : "signature"},
      {"sha256", facts.sha256.Hex()},
      {"size", facts.size},
  };
}

std::string Join(const std::vector<std::string>& items) {
  std::string out;
  for (const std::string& item : items)
    out += (out.empty() ? "" : ", ") + item;
  return out.empty() ? "-" : out;
}

void PrintText(const pkg::PackageFacts& facts) {
  auto line = [](const char* key, const std::string& value) {
    std::printf("%-15s %s\n", key, value.empty() ? "-" : value.c_str());
  };
  std::printf("accepted\n");
  line("platform", std::string(PlatformName(facts.platform)));
  line("app", facts.app.str());
  line("version_code", facts.version.text());
  line("version_name", facts.version_name);
  line("label", facts.label);
  line("min_os", facts.min_os ? facts.min_os->text() : "");
  line("max_os", facts.max_os ? facts.max_os->text() : "");
  line("abis", Join(facts.abis));
  line("signer_sha256", facts.signer_sha256 ? facts.signer_sha256->Hex() : "");
  line("signer_subject", facts.signer_subject);
  line("schemes",
       facts.schemes.empty() ? "none verified: integrity by SHA-256 only" : Join(facts.schemes));
  line("sha256", facts.sha256.Hex());
  line("size", std::to_string(facts.size));
}

}  // namespace

int RunInspect(const InspectOptions& options) {
  Result<pkg::PackageFacts> facts = pkg::InspectPackage(options.file);
  if (!facts.ok()) {
    const Status& status = facts.status();
    if (options.json) {
      nlohmann::json refusal = {
          {"accepted", false}, {"code", CodeName(status.code())}, {"reason", status.message()}};
      std::cout << refusal.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace) << "\n";
    } else {
      std::printf("refused %s: %s\n", std::string(CodeName(status.code())).c_str(),
                  status.message().c_str());
    }
    return kExitFailure;
  }
  if (options.json) {
    std::cout << FactsJson(*facts).dump(-1, ' ', false, nlohmann::json::error_handler_t::replace)
              << "\n";
  } else {
    PrintText(*facts);
  }
  return kExitOk;
}

}  // namespace appvault::cli
