#include "client/cli/catalog_commands.h"

#include <algorithm>
#include <filesystem>
#include <iostream>
#include <iterator>
#include <map>
#include <memory>
#include <set>
#include <sstream>
#include <vector>

#include "api/catalog.h"
#include "client/cli/output.h"
#include "client/cli/server_access.h"
#include "client/cli/terminal_text.h"
#include "client/cli/text_table.h"
#include "client/file_util.h"
#include "client/net/curl_handle.h"
#include "pkg/apks_write.h"

namespace appvault::client::cli {
namespace {

// The library is read 100 software a page (the server's largest page), 100 pages at most.
constexpr int kSearchPageSize = 100;
constexpr int kMaxSearchPages = 100;

struct SearchOptions {
  std::string query;
  std::string category;
};

struct PublishOptions {
  std::vector<std::string> files;  // one package, an .apks, or a base and its splits
  PublishTarget target;
};

// "android 1 (1.0), 2 (2.0); ios 2.0 (2.0)".
std::string VersionsText(const api::SoftwareSummary& software) {
  std::map<std::string, std::string> by_platform;
  for (const api::SoftwareVersion& version : software.versions) {
    std::string& text = by_platform[std::string(PlatformName(version.platform))];
    if (!text.empty()) text += ", ";
    text += version.version_code;
    const std::string& name = version.version_name;
    if (!name.empty() && name != version.version_code) text += " (" + name + ")";
  }
  std::string out;
  for (const auto& [platform, versions] : by_platform)
    out += (out.empty() ? "" : "; ") + platform + " " + versions;
  return out;
}

void PrintSoftwareTable(const std::vector<api::SoftwareSummary>& items) {
  if (items.empty()) {
    std::cout << "no software matches\n";
    return;
  }
  std::vector<std::vector<std::string>> rows{
      {"ID", "NAME", "PUBLISHER", "PUBLISHED BY", "CATEGORY", "VOTES", "VERSIONS"}};
  for (const api::SoftwareSummary& summary : items) {
    const Software& software = summary.software.software;
    rows.push_back({software.id, software.name, software.publisher, summary.software.published_by,
                    software.category, std::to_string(software.votes), VersionsText(summary)});
  }
  PrintTextTable(rows);
}

int RunSearch(const GlobalOptions& globals, const SearchOptions& options) {
  int exit_code = kExitOk;
  std::optional<SignedIn> signed_in = OpenSignedIn(globals, exit_code);
  if (!signed_in) return exit_code;
  api::SoftwareList all;
  for (int page = 0; page < kMaxSearchPages; ++page) {
    Result<api::SoftwareList> answer = signed_in->api.SearchSoftware(
        {options.query, options.category, kSearchPageSize, page * kSearchPageSize});
    if (!answer.ok()) return FailServer(globals, answer.status(), signed_in->session.username);
    std::vector<api::SoftwareSummary>& found = answer->items;
    const bool last = found.size() < static_cast<std::size_t>(kSearchPageSize);
    std::move(found.begin(), found.end(), std::back_inserter(all.items));
    if (last) break;
  }
  if (globals.json) {
    PrintJson(api::ToJson(all));
  } else {
    PrintSoftwareTable(all.items);
  }
  return kExitOk;
}

int RunVote(const GlobalOptions& globals, const std::string& software_id) {
  int exit_code = kExitOk;
  std::optional<SignedIn> signed_in = OpenSignedIn(globals, exit_code);
  if (!signed_in) return exit_code;
  Result<api::VoteReply> voted = signed_in->api.Vote(software_id);
  if (!voted.ok()) {
    Status status(voted.status().code(),
                  "cannot vote for " + software_id + ": " + voted.status().message());
    return FailServer(globals, status, signed_in->session.username);
  }
  if (globals.json) {
    PrintJson(api::ToJson(*voted));
  } else {
    PrintSafeLines("voted for " + software_id + ": " + std::to_string(voted->votes) + " votes");
  }
  return kExitOk;
}

// "android API 21 to 30" / "ios 15.0 or newer" / "any android".
std::string OsRange(const Package& package) {
  const std::string platform(PlatformName(package.platform));
  const std::string os = package.platform == Platform::kAndroid ? "android API " : platform + " ";
  const std::optional<Version>& min = package.min_os;
  const std::optional<Version>& max = package.max_os;
  if (min && max) return os + min->text() + " to " + max->text();
  if (min) return os + min->text() + " or newer";
  if (max) return os + max->text() + " or older";
  return "any " + platform;
}

std::string JoinStrings(const std::vector<std::string>& values, const std::string& if_empty) {
  std::string out;
  for (const std::string& value : values)
    out += (out.empty() ? "" : ", ") + value;
  return out.empty() ? if_empty : out;
}

// The signer's digest and subject; "not verified" for the all-zero digest the library
// records for packages whose signature it cannot check yet (IPAs).
std::string SignerText(const api::CatalogPackage& package) {
  const std::string signer = package.package.package.signer_sha256.Hex();
  if (signer.find_first_not_of('0') == std::string::npos) return "not verified";
  return signer + " " + package.signer_subject;
}

void PrintPublished(const api::PublishedPackage& published) {
  const Package& package = published.package.package.package;
  std::ostringstream out;
  out << "published " << package.app.str() << " version " << package.version.text() << " ("
      << package.version_name << ") to software " << package.software_id << " ("
      << published.software.software.name << ")\n"
      << "  package   " << package.sha256.Hex() << ", " << package.size << " bytes\n"
      << "  signer    " << SignerText(published.package) << "\n"
      << "  schemes   " << JoinStrings(published.schemes, "none") << "\n"
      << "  fits      " << OsRange(package) << "; ABIs "
      << JoinStrings(package.abis, "any (no native code)") << "\n";
  for (const SplitMember& split : package.splits) {
    out << "  split     " << split.name << " (" << SplitKindName(split.kind) << "), "
        << split.sha256.Hex() << ", " << split.size << " bytes\n";
  }
  PrintSafeLines(out.str());
}

// A refusal of the library carries its code: "refused (bad_signature): …".
Status PublishFailure(const std::string& file, const Status& status) {
  std::string why = status.message();
  // core/status.h keeps the package refusals (HTTP 422) together, kInvalidPackage first.
  if (status.code() >= StatusCode::kInvalidPackage && status.code() <= StatusCode::kVersionExists) {
    why = "refused (" + std::string(CodeName(status.code())) + "): " + why;
  }
  return Status(status.code(), "cannot publish " + file + ": " + why);
}

// The entries of the .apks that carries several APK files: each file's name, made unique
// with its position when two share one (members are recognised by their manifests).
std::vector<pkg::ApksEntry> ApksEntries(const std::vector<std::string>& files) {
  std::vector<pkg::ApksEntry> entries;
  std::set<std::string> names;
  for (std::size_t i = 0; i < files.size(); ++i) {
    std::string name = std::filesystem::path(files[i]).filename().string();
    if (name.empty() || name.find("..") != std::string::npos || !names.insert(name).second) {
      name = std::to_string(i + 1) + ".apk";
      names.insert(name);
    }
    entries.push_back({name, files[i]});
  }
  return entries;
}

// The file to upload: the one given, or an .apks of the several given, written into a
// temporary folder (*temp_dir, removed by the caller).
Result<std::string> UploadFile(const std::vector<std::string>& files, std::string* temp_dir) {
  if (files.size() == 1) return files[0];
  std::error_code error;
  Result<std::string> dir =
      MakeTempDirectory(std::filesystem::temp_directory_path(error).string(), "appvault-publish-");
  if (!dir.ok()) return dir.status();
  *temp_dir = *dir;
  const std::string apks = *dir + "/set.apks";
  if (Status s = pkg::WriteApks(apks, ApksEntries(files)); !s.ok()) return s;
  return apks;
}

int RunPublish(const GlobalOptions& globals, const PublishOptions& options) {
  // A file that cannot be read is the user's trouble, not the server's: checked first.
  std::string what;
  for (const std::string& file : options.files) {
    std::error_code error;
    if (!std::filesystem::is_regular_file(file, error)) {
      return Fail(globals,
                  Status(StatusCode::kNotFound,
                         "cannot publish " + file + ": no such file (or not a file)"),
                  FailureOrigin::kDevice);
    }
    what += (what.empty() ? "" : " ") + file;
  }
  if (options.files.size() > 1) what = "the app set " + what;
  int exit_code = kExitOk;
  std::optional<SignedIn> signed_in = OpenSignedIn(globals, exit_code);
  if (!signed_in) return exit_code;
  std::string temp_dir;
  Result<std::string> upload = UploadFile(options.files, &temp_dir);
  Result<api::PublishedPackage> published = upload.ok()
                                                ? signed_in->api.Publish(options.target, *upload)
                                                : Result<api::PublishedPackage>(upload.status());
  if (!temp_dir.empty()) {
    std::error_code ignored;
    std::filesystem::remove_all(temp_dir, ignored);
  }
  if (!upload.ok()) {
    return Fail(
        globals,
        Status(upload.status().code(), "cannot publish " + what + ": " + upload.status().message()),
        FailureOrigin::kDevice);
  }
  if (!published.ok()) {
    return FailServer(globals, PublishFailure(what, published.status()),
                      signed_in->session.username);
  }
  if (globals.json) {
    PrintJson(api::ToJson(*published));
  } else {
    PrintPublished(*published);
  }
  return kExitOk;
}

void AddPublish(CLI::App& app, const GlobalOptions& globals, CommandRegistry& registry) {
  auto options = std::make_shared<PublishOptions>();
  CLI::App* publish =
      app.add_subcommand("publish", "Add a package to the server's library (publishers)");
  publish
      ->add_option("FILE", options->files,
                   "The package file (APK or IPA); or an app set: BASE.apk SPLIT.apk… or "
                   "FILE.apks")
      ->required();
  publish->add_option("--software", options->target.software,
                      "Software id (default: the app's software, else the app id)");
  publish->add_option("--name", options->target.name, "Name of a new software");
  publish->add_option("--publisher", options->target.publisher, "Publisher of a new software");
  publish->add_option("--category", options->target.category, "Category of a new software");
  publish->add_option("--description", options->target.description,
                      "Description of a new software");
  registry.Add(publish, [&globals, options] { return RunPublish(globals, *options); });
}

}  // namespace

void AddCatalogCommands(CLI::App& app, const GlobalOptions& globals, CommandRegistry& registry) {
  auto search_options = std::make_shared<SearchOptions>();
  CLI::App* search = app.add_subcommand("search", "Browse the server's library");
  search->add_option("QUERY", search_options->query, "Part of an id, name or publisher");
  search->add_option("--category", search_options->category, "Only this category");
  registry.Add(search, [&globals, search_options] { return RunSearch(globals, *search_options); });
  auto software_id = std::make_shared<std::string>();
  CLI::App* vote = app.add_subcommand("vote", "Vote for a software (once)");
  vote->add_option("SOFTWARE_ID", *software_id, "The software's id")->required();
  registry.Add(vote, [&globals, software_id] { return RunVote(globals, *software_id); });
  AddPublish(app, globals, registry);
}

}  // namespace appvault::client::cli
