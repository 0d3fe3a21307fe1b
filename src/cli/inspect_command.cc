#include "cli/inspect_command.h"

#include <cstdio>
#include <iostream>
#include <nlohmann/json.hpp>

#include "cli/exit_codes.h"
#include "pkg/apk_set_archive.h"
#include "pkg/inspect.h"

namespace appvault::cli {
namespace {

nlohmann::json OptionalVersion(const std::optional<Version>& version) {
  return version ? nlohmann::json(version->text()) : nlohmann::json(nullptr);
}

nlohmann::json OrNull(const std::string& text) {
  return text.empty() ? nlohmann::json(nullptr) : nlohmann::json(text);
}

// What a configuration split serves: {"abi":…} | {"density":480,"density_name":"xxhdpi"} |
// {"locale":…}; null for a base or a feature split.
nlohmann::json ServesJson(const std::optional<pkg::SplitServes>& serves) {
  if (!serves) return nullptr;
  nlohmann::json out = nlohmann::json::object();
  if (!serves->abi.empty()) out["abi"] = serves->abi;
  if (serves->density != 0) {
    out["density"] = serves->density;
    out["density_name"] = pkg::DensityName(serves->density);
  }
  if (!serves->locale.empty()) out["locale"] = serves->locale;
  return out;
}

std::string ServesText(const std::optional<pkg::SplitServes>& serves) {
  if (!serves) return "";
  if (!serves->abi.empty()) return "abi " + serves->abi;
  if (serves->density != 0) return "density " + pkg::DensityName(serves->density);
  if (!serves->locale.empty()) return "locale " + serves->locale;
  return "unknown";
}

nlohmann::json FactsJson(const pkg::PackageFacts& facts) {
  return {
      {"accepted", true},
      {"platform", PlatformName(facts.platform)},
      {"app", facts.app.str()},
      {"version_code", facts.version.text()},
      {"version_name", facts.version_name},
      {"label", facts.label},
      {"labels", facts.labels},
      {"split", OrNull(facts.split)},
      {"config_for", OrNull(facts.config_for_split)},
      {"is_feature_split", facts.is_feature_split},
      {"required_split_types", facts.required_split_types},
      {"split_types", facts.split_types},
      {"serves", ServesJson(facts.serves)},
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
  if (facts.split.empty()) return;
  line("split", facts.split);
  line("config_for", facts.config_for_split);
  line("feature_split", facts.is_feature_split ? "yes" : "no");
  line("serves", ServesText(facts.serves));
  line("required_types", Join(facts.required_split_types));
  line("split_types", Join(facts.split_types));
}

std::string Dump(const nlohmann::json& json) {
  return json.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

int PrintRefusal(const Status& status, bool json) {
  if (json) {
    std::cout << Dump({{"accepted", false},
                       {"code", CodeName(status.code())},
                       {"reason", status.message()}})
              << "\n";
  } else {
    std::printf("refused %s: %s\n", std::string(CodeName(status.code())).c_str(),
                status.message().c_str());
  }
  return kExitFailure;
}

int PrintSet(const pkg::ApkSet& set, bool json) {
  if (json) {
    nlohmann::json out = {{"accepted", true}, {"set", true}, {"base", FactsJson(set.base.facts)}};
    out["base"]["file"] = set.base.name;
    out["labels"] = set.labels;
    out["splits"] = nlohmann::json::array();
    for (const pkg::ApkSetMember& m : set.splits) {
      nlohmann::json split = FactsJson(m.facts);
      split["file"] = m.name;
      out["splits"].push_back(std::move(split));
    }
    std::cout << Dump(out) << "\n";
    return kExitOk;
  }
  std::printf("app set of %zu APKs\n\n", 1 + set.splits.size());
  PrintText(set.base.facts);
  for (const pkg::ApkSetMember& m : set.splits) {
    std::printf("\n");
    PrintText(m.facts);
  }
  return kExitOk;
}

bool IsSet(const InspectOptions& options) {
  return options.files.size() > 1 ||
         (options.files.size() == 1 && options.files[0].ends_with(".apks"));
}

}  // namespace

int RunInspect(const InspectOptions& options) {
  if (IsSet(options)) {
    pkg::ApkSetReadOptions read;
    read.inspect.locale = options.locale;
    Result<pkg::ApkSet> set = options.files.size() == 1
                                  ? pkg::InspectApksArchive(options.files[0], read)
                                  : pkg::InspectApkFiles(options.files, read);
    if (!set.ok()) return PrintRefusal(set.status(), options.json);
    return PrintSet(*set, options.json);
  }
  pkg::InspectOptions inspect;
  inspect.locale = options.locale;
  Result<pkg::PackageFacts> facts = pkg::InspectPackage(options.files.at(0), inspect);
  if (!facts.ok()) return PrintRefusal(facts.status(), options.json);
  if (options.json) {
    std::cout << Dump(FactsJson(*facts)) << "\n";
  } else {
    PrintText(*facts);
  }
  return kExitOk;
}

}  // namespace appvault::cli
