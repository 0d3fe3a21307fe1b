// The restore plan as the client works with it: the items of POST /v1/restore-plans, read
// and checked field by field by api::RestorePlanFromJson (through ApiClient::PlanRestore)
// before anything is downloaded.
#pragma once

#include "api/restore_plans.h"

namespace appvault::client::restore {

using PlannedPackage = api::PlannedPackage;
using PlannedConfig = api::PlannedConfig;
using PlanEntry = api::RestorePlanItem;

}  // namespace appvault::client::restore
