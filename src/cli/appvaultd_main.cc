// appvaultd: the appvault server. Argument parsing and wiring only; each command lives in
// its own file.
#include <spdlog/sinks/stdout_color_sinks.h>
#include <spdlog/spdlog.h>

#include <CLI/CLI.hpp>

#include "base/duration.h"
#include "cli/check_command.h"
#include "cli/exit_codes.h"
#include "cli/gc_command.h"
#include "cli/inspect_command.h"
#include "cli/serve_command.h"
#include "cli/user_command.h"

namespace {

using appvault::cli::DataOptions;

// Logs go to stderr; stdout carries only what scripts read (`listening on …`).
void LogToStderr() {
  spdlog::set_default_logger(spdlog::stderr_color_mt("appvaultd"));
}

void AddDataFlags(CLI::App* command, DataOptions& data) {
  command->add_option("--data", data.data_dir, "Data folder (created if missing)")
      ->capture_default_str();
  command->add_option("--database", data.database,
                      "Metadata database URL: sqlite:PATH (default sqlite:DATA/appvault.db) or "
                      "postgresql://USER@HOST:PORT/DB");
  command
      ->add_option("--database-pool", data.database_pool,
                   "Connections to the database, 1..64 (default: SQLite 4, PostgreSQL 8)")
      ->check(CLI::Range(1, 64));
  command->add_option("--blobs", data.blobs,
                      "Blob store: s3://BUCKET[/PREFIX]?endpoint=URL&region=R (credentials from "
                      "AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY), default the folder DATA/blobs");
  command
      ->add_option("--blob-cache-size", data.blob_cache_bytes,
                   "Bytes of verified copies of S3 blobs kept in DATA/blob-cache")
      ->capture_default_str();
}

// A duration flag ("90s", "30m", "24h", "7d"), its default shown in --help; a bad value is
// a usage error naming it.
void AddDuration(CLI::App* command, const std::string& name, std::chrono::seconds& value,
                 const std::string& help) {
  command
      ->add_option_function<std::string>(
          name, [&value](const std::string& text) { value = *appvault::base::ParseDuration(text); },
          help)
      ->check(CLI::Validator(
          [](std::string& text) {
            appvault::Result<std::chrono::seconds> parsed = appvault::base::ParseDuration(text);
            return parsed.ok() ? std::string() : parsed.status().message();
          },
          "DURATION"))
      ->default_str(appvault::base::FormatDuration(value));
}

// A numeric flag with its default shown in --help.
template <typename T>
void AddLimit(CLI::App* command, const std::string& name, T& value, const std::string& help,
              const CLI::Validator& check) {
  command->add_option(name, value, help)->check(check)->capture_default_str();
}

// The limits of CONTRACT §10 that protect the server from its clients (docs/operations.md).
void AddLimitFlags(CLI::App* command, appvault::cli::ServeOptions& serve) {
  const CLI::Range any_count(std::size_t{0}, std::size_t{1} << 30);
  const CLI::Range some(std::size_t{1}, std::size_t{1} << 30);
  AddLimit(command, "--min-upload-rate", serve.min_upload_rate,
           "Slowest average upload, bytes per second, after the grace; 0: none",
           CLI::Range(std::uint64_t{0}, std::uint64_t{1} << 40));
  AddLimit(command, "--upload-rate-grace", serve.upload_rate_grace_seconds,
           "Seconds an upload may take before --min-upload-rate applies", CLI::Range(0, 3600));
  AddLimit(command, "--max-uploads-per-user", serve.max_uploads_per_user,
           "Uploads one user may have arriving at once", some);
  AddLimit(command, "--healthz-max-queue-wait-ms", serve.healthz_max_queue_wait_ms,
           "/healthz answers 503 once a request waited this long for a worker",
           CLI::Range(std::int64_t{1}, std::int64_t{3600} * 1000));
  AddLimit(command, "--max-registrations-per-address", serve.max_registrations_per_address,
           "Registrations an hour from one client address (IPv6: one /64)", any_count);
  AddLimit(command, "--max-registrations", serve.max_registrations, "Registrations an hour in all",
           any_count);
  AddLimit(command, "--max-password-hashes", serve.max_password_hashes,
           "Password hashes (argon2id, 19 MiB each) computed at once", some);
  AddLimit(command, "--max-login-failures", serve.max_login_failures,
           "Failed logins a minute for one account from one address", some);
  AddLimit(command, "--max-login-failures-per-address", serve.max_login_failures_per_address,
           "Failed logins a minute from one address, all accounts", some);
  AddLimit(command, "--login-slowdown-after", serve.login_slowdown_after,
           "Failed logins a minute of one account before its logins are slowed", some);
  AddLimit(command, "--login-max-delay-ms", serve.login_max_delay_ms,
           "Longest wait the account-wide slow-down adds to a login",
           CLI::Range(std::int64_t{0}, std::int64_t{60000}));
  command->add_option("--trusted-proxy", serve.trusted_proxies,
                      "CIDR of a reverse proxy whose X-Forwarded-For names the client "
                      "(repeatable)");
}

CLI::App* AddServe(CLI::App& app, appvault::cli::ServeOptions& serve) {
  CLI::App* command = app.add_subcommand("serve", "Serve the HTTP API");
  AddDataFlags(command, serve.data);
  command->add_option("--listen", serve.listen, "HOST:PORT to listen on; port 0 picks one")
      ->capture_default_str();
  command->add_option("--threads", serve.threads, "io threads (sockets, TLS, downloads)")
      ->check(CLI::Range(1, 256))
      ->capture_default_str();
  command
      ->add_option("--workers", serve.workers,
                   "Handler threads: requests worked on at once (hashing, inspecting, scanning)")
      ->check(CLI::Range(1, 256))
      ->capture_default_str();
  CLI::Option* cert =
      command->add_option("--tls-cert", serve.tls_cert, "PEM certificate chain: serve HTTPS");
  CLI::Option* key = command->add_option("--tls-key", serve.tls_key, "PEM private key");
  cert->needs(key);
  key->needs(cert);
  command->add_option("--malware-db", serve.malware_db,
                      "ClamAV signature database (file or folder): scan every package");
  command->add_flag("--no-registration", serve.no_registration,
                    "Refuse POST /v1/accounts (create users with `appvaultd user add`)");
  command
      ->add_option("--max-package-bytes", serve.max_package_bytes,
                   "Largest package a publisher may upload")
      ->check(CLI::PositiveNumber)
      ->capture_default_str();
  command
      ->add_option("--max-blob-bytes", serve.max_blob_bytes,
                   "Largest private blob (configuration bundle) a user may upload")
      ->check(CLI::PositiveNumber)
      ->capture_default_str();
  command
      ->add_option("--user-quota-bytes", serve.user_quota_bytes,
                   "Bytes of private blobs (configuration bundles) a user may keep in all")
      ->check(CLI::PositiveNumber)
      ->capture_default_str();
  command
      ->add_option("--max-devices-per-user", serve.max_devices_per_user,
                   "Devices a user may register")
      ->check(CLI::PositiveNumber)
      ->capture_default_str();
  command
      ->add_option("--max-backups-per-user", serve.max_backups_per_user,
                   "Backed-up apps a user may keep")
      ->check(CLI::PositiveNumber)
      ->capture_default_str();
  command
      ->add_option("--max-snapshots-per-device", serve.max_snapshots_per_device,
                   "Snapshots kept per device (a backup past it is refused)")
      ->check(CLI::PositiveNumber)
      ->capture_default_str();
  command
      ->add_option("--max-snapshots-per-user", serve.max_snapshots_per_user,
                   "Snapshots kept per user, over all devices")
      ->check(CLI::PositiveNumber)
      ->capture_default_str();
  command
      ->add_option("--reply-cache-mb", serve.reply_cache_mb,
                   "Memory for answers kept for repeated restore plans; 0 keeps none")
      ->check(CLI::Range(0, 4096))
      ->capture_default_str();
  AddLimitFlags(command, serve);
  command->add_flag("--blob-redirect", serve.blob_redirect,
                    "Answer downloads with a short-lived presigned URL of the object store (302); "
                    "needs --blobs s3://…");
  AddDuration(command, "--blob-redirect-ttl", serve.blob_redirect_ttl,
              "How long a --blob-redirect URL is valid");
  AddDuration(command, "--gc-interval", serve.gc_interval,
              "Time between background garbage collections; 0: none (run `appvaultd gc`)");
  AddDuration(command, "--gc-grace", serve.gc_grace,
              "Background collection: spare blobs stored less than this long ago");
  // For tests: sessions that expire within seconds.
  command->add_option("--session-ttl-seconds", serve.session_ttl_seconds)
      ->check(CLI::Range(std::int64_t{1}, std::int64_t{10} * 365 * 24 * 3600))
      ->group("");
  return command;
}

CLI::App* AddUserAdd(CLI::App& app, appvault::cli::UserAddOptions& user) {
  CLI::App* users = app.add_subcommand("user", "Manage accounts in the database directly");
  users->require_subcommand(1);
  CLI::App* add = users->add_subcommand("add", "Create an account");
  add->add_option("NAME", user.name, "Username")->required();
  add->add_option("--role", user.role, "user, publisher or admin")
      ->check(CLI::IsMember({"user", "publisher", "admin"}))
      ->capture_default_str();
  add->add_flag("--password-stdin", user.password_stdin,
                "Read the password from the first line of stdin");
  AddDataFlags(add, user.data);
  return add;
}

CLI::App* AddCheck(CLI::App& app, appvault::cli::CheckOptions& check) {
  CLI::App* command =
      app.add_subcommand("check", "Verify that every blob the database names is on disk");
  AddDataFlags(command, check.data);
  command->add_flag("--read-data", check.read_data, "Also hash every blob's content");
  return command;
}

CLI::App* AddGc(CLI::App& app, appvault::cli::GcOptions& gc) {
  CLI::App* command =
      app.add_subcommand("gc", "Delete the blobs no package, snapshot or recent upload references");
  AddDataFlags(command, gc.data);
  AddDuration(command, "--grace", gc.grace,
              "Spare blobs stored less than this long ago (uploads whose backup is on its way)");
  command->add_flag("--dry-run", gc.dry_run, "List what would be deleted; delete nothing");
  return command;
}

CLI::App* AddInspect(CLI::App& app, appvault::cli::InspectOptions& inspect) {
  CLI::App* command =
      app.add_subcommand("inspect", "Read a package file as the library would: facts or refusal");
  command
      ->add_option("FILE", inspect.files,
                   "An APK or IPA; several APKs or one .apks zip: an app set (base and splits)")
      ->required();
  command->add_flag("--json", inspect.json, "Print one JSON object");
  command->add_option("--locale", inspect.locale,
                      "Resolve the label for this locale (e.g. fr-FR); default: no locale");
  return command;
}

}  // namespace

int main(int argc, char** argv) {
  using appvault::cli::kExitUsage;
  CLI::App app{"appvaultd: the appvault server (app backup and reinstall)"};
  app.require_subcommand(1);
  appvault::cli::ServeOptions serve;
  appvault::cli::UserAddOptions user;
  appvault::cli::CheckOptions check;
  appvault::cli::InspectOptions inspect;
  appvault::cli::GcOptions gc;
  CLI::App* serve_command = AddServe(app, serve);
  CLI::App* user_add_command = AddUserAdd(app, user);
  CLI::App* check_command = AddCheck(app, check);
  CLI::App* inspect_command = AddInspect(app, inspect);
  CLI::App* gc_command = AddGc(app, gc);

  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& error) {
    int status = app.exit(error);
    return status == 0 ? 0 : kExitUsage;
  }
  LogToStderr();
  if (*serve_command) return appvault::cli::RunServe(serve);
  if (*user_add_command) return appvault::cli::RunUserAdd(user);
  if (*check_command) return appvault::cli::RunCheck(check);
  if (*inspect_command) return appvault::cli::RunInspect(inspect);
  if (*gc_command) return appvault::cli::RunGc(gc);
  return kExitUsage;
}
