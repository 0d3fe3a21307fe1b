// GET /v1/backups, POST /v1/backups (a backup run: a snapshot, a report per app),
// DELETE /v1/backups/{app}.
#include "server/api/backup_run.h"
#include "server/api/errors.h"
#include "server/api/handlers.h"
#include "server/api/views.h"
#include "server/api/wire.h"

namespace appvault::server::api {

namespace http = boost::beast::http;
using nlohmann::json;

Result<server::Reply> CreateBackups(const Call& call) {
  Result<appvault::api::CreatedSnapshot> created = RecordBackupRun(call);
  if (!created.ok()) return created.status();
  return JsonReply(http::status::ok, appvault::api::ToJson(*created));
}

Result<server::Reply> ListBackups(const Call& call) {
  Result<std::vector<BackupRecord>> backups = call.services.store->ListBackups(call.user->id);
  if (!backups.ok()) return backups.status();
  appvault::api::BackupList list;
  for (const BackupRecord& b : *backups) {
    list.items.push_back({{b.app.str(), b.platform, b.software_id, b.version.text(), b.version_name,
                           b.signer_sha256, b.config_sha256},
                          b.device_id,
                          b.backed_up_at});
  }
  return JsonReply(http::status::ok, appvault::api::ToJson(list));
}

Result<server::Reply> DeleteBackup(const Call& call) {
  std::string_view app_text = call.request.Param("app");
  const Status not_found(StatusCode::kNotFound,
                         "you have no backup of \"" + std::string(app_text) + "\"");
  Result<AppId> app = AppId::Parse(app_text);
  if (!app.ok()) return not_found;
  Status deleted = call.services.store->DeleteBackup(call.user->id, *app);
  if (!deleted.ok()) return NotFoundAs(deleted, not_found);
  return JsonReply(http::status::ok,
                   appvault::api::ToJson(appvault::api::ForgottenApp{app->str(), true}));
}

}  // namespace appvault::server::api
