// Test-only: the temporary folder of src/store tests, which is tests/support's TempDir.
#pragma once

#include "support/temp_dir.h"

namespace appvault::store::test_util {

using appvault::test::TempDir;

}  // namespace appvault::store::test_util
