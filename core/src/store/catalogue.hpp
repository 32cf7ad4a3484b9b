#pragma once

#include "store/database.hpp"

#include <filesystem>

namespace campaign::store {

struct CatalogueResult {
  int added = 0;
  int kept = 0; // already present with the same code; left as they are
};

// Loads the indicator catalogue (a JSON file, see docs/formats.md) into the
// database in one transaction. Indicators already present are kept as they
// are, so loading twice adds nothing. Throws InvalidInput naming the file
// and entry when an entry is malformed; the database is then unchanged.
CatalogueResult load_indicator_catalogue(Database& db, const std::filesystem::path& file);

} // namespace campaign::store
