// TestSchema: an empty PostgreSQL schema of its own for one test, on a database (the test
// services': test::LoadTestServices().database), dropped with everything in it on
// destruction. Url() names the database with that schema as the search path, so a store
// opened on it sees only its own tables.
#pragma once

#include <unistd.h>

#include <atomic>
#include <cstdio>
#include <memory>
#include <random>
#include <string>
#include <utility>

#include "core/status.h"
#include "store/postgres_connection.h"

namespace appvault::store::pg {

class TestSchema {
 public:
  // `base_url`: the database's URL (postgresql://…); nothing is created before Url().
  explicit TestSchema(std::string base_url) : base_(std::move(base_url)) {}
  TestSchema(const TestSchema&) = delete;
  TestSchema& operator=(const TestSchema&) = delete;
  ~TestSchema() {
    if (admin_ != nullptr) (void)admin_->Exec("DROP SCHEMA IF EXISTS " + name_ + " CASCADE");
  }

  // Creates the schema on first use; the URL of the database with it as search path.
  Result<std::string> Url() {
    const std::string& base = base_;
    if (admin_ == nullptr) {
      static std::atomic<int> counter{0};
      name_ = Name(counter++);
      Result<std::unique_ptr<Connection>> admin = Connection::Open(base);
      if (!admin.ok()) return admin.status();
      Status made = (*admin)->Exec("CREATE SCHEMA " + name_);
      if (!made.ok()) return made;
      admin_ = std::move(admin).value();
    }
    std::string url = base;  // appended: GCC 12 -Wrestrict misfires on "…" + s
    url += base.find('?') == std::string::npos ? '?' : '&';
    url += "options=-csearch_path%3D";
    url += name_;
    return url;
  }

  const std::string& name() const { return name_; }
  // A session of its own on the database (outside the schema: qualify names with name()).
  Connection& admin() { return *admin_; }

 private:
  // "t<pid>_<n>_<random>": unique among the processes using one database.
  static std::string Name(int n) {
    char name[64];
    std::snprintf(name, sizeof name, "t%d_%d_%u", static_cast<int>(::getpid()), n,
                  static_cast<unsigned>(std::random_device{}() % 100000));
    return name;
  }

  std::string base_;
  std::string name_;
  std::unique_ptr<Connection> admin_;
};

}  // namespace appvault::store::pg
