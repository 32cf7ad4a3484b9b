#pragma once

#include "store/records.hpp"

#include <nlohmann/json.hpp>

namespace campaign::store {

// A stored value as JSON: integral doubles within 2^53 as integers, lists as arrays, null as null.
nlohmann::ordered_json to_json(const Value& value);

// A record as the JSON object documented in docs/cli.md: "id", then each field in order.
nlohmann::ordered_json to_json(const Record& record);

} // namespace campaign::store
