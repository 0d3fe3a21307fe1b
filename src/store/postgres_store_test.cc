// PostgresStore: the MetadataStore conformance suite against a real PostgreSQL server (the
// ctest fixture test_services), every case in an empty schema of its own.
#include "store/postgres_store.h"

#include <gtest/gtest.h>

#include "store/postgres_test_schema.h"
#include "store/store_conformance_test.h"
#include "support/test_services.h"

namespace appvault::store {
namespace {

class PostgresFactory {
 public:
  Result<std::unique_ptr<MetadataStore>> Create() {
    Result<std::string> url = schema_.Url();
    if (!url.ok()) return url.status();
    Result<std::unique_ptr<PostgresStore>> store = PostgresStore::Open(*url, {.pool_size = 4});
    if (!store.ok()) return store.status();
    return std::unique_ptr<MetadataStore>(std::move(store).value());
  }

 private:
  pg::TestSchema schema_{test::LoadTestServices().database};
};

}  // namespace

namespace conformance {
INSTANTIATE_STORE_CONFORMANCE(Postgres, PostgresFactory);
}  // namespace conformance

}  // namespace appvault::store
