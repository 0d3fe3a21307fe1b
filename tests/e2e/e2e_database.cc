#include "e2e/e2e_database.h"

#include <gtest/gtest.h>

#include <cstdlib>
#include <map>
#include <memory>
#include <mutex>
#include <string_view>

#include "store/postgres_test_schema.h"
#include "support/test_services.h"

namespace appvault::test {
namespace {

bool OnPostgres() {
  const char* store = std::getenv("APPVAULT_E2E_STORE");
  return store != nullptr && std::string_view(store) == "postgresql";
}

// The schemas of the data folders, by folder.
struct Schemas {
  std::mutex mu;
  std::map<std::string, std::unique_ptr<store::pg::TestSchema>> by_dir;
};

Schemas& AllSchemas() {
  static Schemas* schemas = new Schemas();  // never destroyed: used until exit
  return *schemas;
}

}  // namespace

std::vector<std::string> DatabaseArgs(const std::filesystem::path& data_dir) {
  if (!OnPostgres()) return {};
  Schemas& schemas = AllSchemas();
  std::lock_guard lock(schemas.mu);
  std::unique_ptr<store::pg::TestSchema>& schema = schemas.by_dir[data_dir.string()];
  if (schema == nullptr) {
    schema = std::make_unique<store::pg::TestSchema>(LoadTestServices().database);
  }
  Result<std::string> url = schema->Url();
  if (!url.ok()) {
    ADD_FAILURE() << "no PostgreSQL schema for " << data_dir << ": " << url.status().ToString();
    return {};
  }
  return {"--database", *url};
}

void ForgetDatabase(const std::filesystem::path& data_dir) {
  if (!OnPostgres()) return;
  Schemas& schemas = AllSchemas();
  std::lock_guard lock(schemas.mu);
  schemas.by_dir.erase(data_dir.string());
}

}  // namespace appvault::test
