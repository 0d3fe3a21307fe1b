// The wire vocabulary of src/api (field readers, request and reply types) under the names
// the handlers use, so that a handler reads `FieldReader`, not `appvault::api::FieldReader`.
#pragma once

#include "api/catalog.h"
#include "api/json_fields.h"
#include "api/limits.h"
#include "api/restore_plans.h"
#include "api/snapshots.h"

namespace appvault::server::api {

using appvault::api::FieldReader;
using appvault::api::OrNull;
using appvault::api::ParseJsonObject;
using appvault::api::ReadPreferences;

}  // namespace appvault::server::api
