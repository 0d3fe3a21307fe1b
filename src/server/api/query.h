// Query strings of API requests: "q=note+pad&platform=android".
#pragma once

#include <cstdint>
#include <initializer_list>
#include <map>
#include <string>
#include <string_view>

#include "core/status.h"

namespace appvault::server::api {

using QueryParams = std::map<std::string, std::string, std::less<>>;

// Splits at '&' and '=', turns '+' into a space and percent-decodes names and values.
// Errors: kInvalidArgument for a name not in `known` or given twice (naming it).
Result<QueryParams> ParseQuery(std::string_view query,
                               std::initializer_list<std::string_view> known);

// The value of `name` as an integer in [min, max], `fallback` when absent.
// Errors: kInvalidArgument naming the parameter.
Result<std::int64_t> QueryInt(const QueryParams& params, std::string_view name,
                              std::int64_t fallback, std::int64_t min, std::int64_t max);

}  // namespace appvault::server::api
