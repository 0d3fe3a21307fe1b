#include "client/adb/adb_install.h"

#include <sys/stat.h>

#include <charconv>
#include <fstream>
#include <iterator>

#include "base/strings.h"

namespace appvault::client::adb {
namespace {

// The text a pm command printed, trimmed, for messages.
std::string Said(const AdbOutput& output) {
  return std::string(base::TrimRight(output.out.empty() ? output.err : output.out, "\n\r "));
}

Status CommandFailed(const std::string& command, const AdbOutput& output) {
  return Status(StatusCode::kUnavailable, "`" + command + "` on the phone failed (status " +
                                              std::to_string(output.exit_status) +
                                              "): " + Said(output));
}

// "Success: created install session [N]" (PackageManagerShellCommand.runInstallCreate).
Result<std::string> SessionOf(const AdbOutput& output) {
  const std::string said = Said(output);
  constexpr std::string_view kPrefix = "Success: created install session [";
  if (output.exit_status != 0 || !said.starts_with(kPrefix) || !said.ends_with("]")) {
    return CommandFailed("pm install-create", output);
  }
  const std::string id = said.substr(kPrefix.size(), said.size() - kPrefix.size() - 1);
  int value = 0;
  const auto [end, error] = std::from_chars(id.data(), id.data() + id.size(), value);
  if (id.empty() || error != std::errc() || end != id.data() + id.size() || value <= 0) {
    return Status(StatusCode::kUnavailable, "`pm install-create` answered no session id: " + said);
  }
  return id;
}

Result<std::string> ReadApk(const std::string& path) {
  struct stat info {};
  if (::stat(path.c_str(), &info) != 0)
    return Status(StatusCode::kNotFound, "no package file " + path);
  if (static_cast<std::uint64_t>(info.st_size) > kMaxStreamedApkBytes) {
    return Status(StatusCode::kInvalidArgument, path + " is larger than the " +
                                                    std::to_string(kMaxStreamedApkBytes >> 20) +
                                                    " MiB an install over adb streams");
  }
  std::ifstream in(path, std::ios::binary);
  std::string bytes((std::istreambuf_iterator<char>(in)), {});
  if (!in.good() && !in.eof()) return Status(StatusCode::kUnavailable, "cannot read " + path);
  return bytes;
}

// Streams one APK into the session as NAME.
Status WriteApk(const AdbRunner& runner, const std::string& session, const std::string& name,
                const std::string& bytes) {
  const auto timeout =
      kWriteTimeoutBase + std::chrono::milliseconds(bytes.size() / (kWriteBytesPerSecond / 1000));
  Result<AdbOutput> wrote =
      runner.Shell({"pm", "install-write", "-S", std::to_string(bytes.size()), session, name, "-"},
                   timeout, bytes);
  if (!wrote.ok()) return wrote.status();
  // PackageManagerShellCommand.doWriteSplit: "Success: streamed N bytes".
  if (wrote->exit_status != 0 ||
      Said(*wrote) != "Success: streamed " + std::to_string(bytes.size()) + " bytes") {
    return CommandFailed("pm install-write " + session + " " + name, *wrote);
  }
  return Status::Ok();
}

Status Commit(const AdbRunner& runner, const std::string& session) {
  Result<AdbOutput> committed = runner.Shell({"pm", "install-commit", session});
  if (!committed.ok()) return committed.status();
  const std::string said = Said(*committed);
  if (said == "Success" && committed->exit_status == 0) return Status::Ok();
  // doCommitSession: "Failure [" + the session's status message + "]".
  if (said.starts_with("Failure [") && said.ends_with("]")) {
    return RefusalStatus(std::string_view(said).substr(9, said.size() - 10));
  }
  return CommandFailed("pm install-commit " + session, *committed);
}

}  // namespace

Status RefusalStatus(std::string_view failure) {
  const std::string code(failure.substr(0, failure.find(':')));
  StatusCode status = StatusCode::kUnavailable;
  if (code == "INSTALL_FAILED_UPDATE_INCOMPATIBLE") {
    status = StatusCode::kSignerMismatch;
  } else if (code == "INSTALL_FAILED_VERSION_DOWNGRADE" ||
             code == "INSTALL_FAILED_ALREADY_EXISTS" || code == "INSTALL_FAILED_OLDER_SDK" ||
             code == "INSTALL_FAILED_NO_MATCHING_ABIS" ||
             code == "INSTALL_FAILED_DEPRECATED_SDK_VERSION" ||
             code == "INSTALL_FAILED_NEWER_SDK") {
    status = StatusCode::kConflict;
  } else if (code == "INSTALL_FAILED_INVALID_APK" || code == "INSTALL_FAILED_MISSING_SPLIT" ||
             code.starts_with("INSTALL_PARSE_FAILED") ||
             code == "INSTALL_FAILED_INVALID_INSTALL_LOCATION" ||
             code == "INSTALL_FAILED_DUPLICATE_PACKAGE") {
    status = StatusCode::kInvalidPackage;
  } else if (code == "INSTALL_FAILED_INSUFFICIENT_STORAGE") {
    status = StatusCode::kQuotaExceeded;
  }
  return Status(status, "the phone refused the install: " + std::string(failure));
}

Status InstallApks(const AdbRunner& runner, const std::vector<std::string>& paths, int sdk) {
  if (paths.empty()) return Status(StatusCode::kInvalidArgument, "no APK to install");
  std::vector<std::string> apks;
  std::uint64_t total = 0;
  for (const std::string& path : paths) {
    Result<std::string> bytes = ReadApk(path);
    if (!bytes.ok()) return bytes.status();
    total += bytes->size();
    apks.push_back(std::move(bytes).value());
  }
  std::vector<std::string> create = {"pm", "install-create", "-S", std::to_string(total)};
  if (sdk >= 34) create.push_back("--bypass-low-target-sdk-block");
  Result<AdbOutput> created = runner.Shell(create);
  if (!created.ok()) return created.status();
  Result<std::string> session = SessionOf(*created);
  if (!session.ok()) return session.status();
  Status done = Status::Ok();
  for (std::size_t i = 0; i < apks.size() && done.ok(); ++i) {
    done = WriteApk(runner, *session, i == 0 ? "base.apk" : "split" + std::to_string(i) + ".apk",
                    apks[i]);
  }
  if (!done.ok()) {
    (void)runner.Shell({"pm", "install-abandon", *session});  // the phone as it was
    return done;
  }
  return Commit(runner, *session);
}

}  // namespace appvault::client::adb
