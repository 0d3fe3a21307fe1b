// The metadata database the end-to-end tests' servers run on: SQLite in their data folder
// (the default), or PostgreSQL when APPVAULT_E2E_STORE=postgresql — then every data folder
// gets an empty schema of its own on the test services' database
// (test::LoadTestServices().database), dropped when the folder's server is done.
#pragma once

#include <filesystem>
#include <string>
#include <vector>

namespace appvault::test {

// The arguments that point an appvaultd command at the database of `data_dir`: {} for
// SQLite, else {"--database", URL} (its schema created on the first call for the folder).
// A database that cannot be prepared fails the test (ADD_FAILURE) and gives {}.
std::vector<std::string> DatabaseArgs(const std::filesystem::path& data_dir);

// Drops the schema of `data_dir`, if it has one.
void ForgetDatabase(const std::filesystem::path& data_dir);

}  // namespace appvault::test
