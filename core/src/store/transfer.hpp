#pragma once

#include <cstdint>
#include <string>
#include <utility>
#include <vector>

namespace campaign::store {

// What a transfer copied: the schema version both ends were at, and each
// table with its rows, in the order they were copied.
struct TransferInfo {
  int schema_version = 0;
  std::vector<std::pair<std::string, std::int64_t>> tables;
};

// Copies every record of the campaign database at `from` into the one at
// `to`; each is a SQLite file or a postgresql:// URL (location.hpp), in any
// pairing. Ids, sources, revisions, import batches and the figure sums are
// copied as they are, so the target reads exactly as the source did. Both
// are brought to this build's schema first; `to` is created when missing
// and must hold no records. The source is read in one snapshot and the
// target written in one transaction, counted again before it commits: a
// failure part way (a lost connection, a full disk, a refused row) leaves
// the target as it was, and the command can be run again.
// Throws UsageError for the same location twice or a target with records,
// DatabaseError when either end cannot be used, InvalidInput for a row the
// target refuses (naming its table and row).
TransferInfo transfer_database(const std::string& from, const std::string& to);

} // namespace campaign::store
