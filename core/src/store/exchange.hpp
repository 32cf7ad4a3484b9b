#pragma once

#include "store/database.hpp"

#include <nlohmann/json.hpp>

#include <optional>
#include <string>

namespace campaign::store {

// The exchange format's name and version (docs/formats.md, data/exchange.schema.json).
inline constexpr const char* k_exchange_format = "campaign-exchange";
inline constexpr int k_exchange_version = 1;

// The whole database, or one campaign with everything it needs (all units,
// lineage events and indicators), as an exchange document. Records are in an
// order an import can follow (a parent before its children); records that
// others refer to carry a "ref" label, and references are "@label". Ids are
// not exported. Throws InvalidInput for an unknown campaign.
nlohmann::ordered_json export_exchange(Database& db, const std::optional<std::string>& campaign);

} // namespace campaign::store
