#pragma once

#include "store/database.hpp"
#include "store/records.hpp"

#include <filesystem>
#include <vector>

namespace campaign::store {

// The entries of an indicator catalogue file, each as the raw fields of an
// `indicator add`, with the place it came from for messages.
struct CatalogueEntry {
  std::string where; // "FILE: indicators[3]"
  RawValues fields;
};

struct CatalogueResult {
  int added = 0;
  int kept = 0; // already present with the same code; left as they are
};

// Reads and checks an indicator catalogue (docs/formats.md) without touching
// any database. Throws InvalidInput naming the file, entry and field when it
// is unreadable, not this format or version, or an entry is malformed.
std::vector<CatalogueEntry> read_indicator_catalogue(const std::filesystem::path& file);

// Adds the entries whose code the database does not have yet, in one
// transaction: loading twice adds nothing, and a refused entry leaves the
// database unchanged.
CatalogueResult load_indicator_catalogue(Database& db, const std::vector<CatalogueEntry>& entries);

// read_indicator_catalogue, then load_indicator_catalogue.
CatalogueResult load_indicator_catalogue(Database& db, const std::filesystem::path& file);

} // namespace campaign::store
