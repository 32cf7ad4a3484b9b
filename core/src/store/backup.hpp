#pragma once

#include "store/database.hpp"

#include <cstdint>
#include <filesystem>

namespace campaign::store {

// What a backup or a restore copied.
struct CopyInfo {
  int schema_version = 0;
  std::int64_t pages = 0;
  std::int64_t bytes = 0;
};

// Copies the open database `db` into the new file `target` through SQLite's
// online backup: one consistent snapshot, taken while other processes go on
// reading and writing. The copy is written beside `target` under a temporary
// name, checked, and renamed, so `target` is either complete or absent.
// Throws UsageError when `target` exists, DatabaseError when it cannot be
// written.
CopyInfo backup_database(Database& db, const std::filesystem::path& target);

// Checks that `file` is a campaign database this build can restore: a SQLite
// file with the application id "CAMP", a schema version it knows (not newer)
// and a clean integrity check. Returns its schema version; throws
// DatabaseError naming what is wrong.
int check_backup_file(const std::filesystem::path& file);

// Replaces the whole content of the campaign database at `target` (created
// when missing) with `file`, after check_backup_file, in one step through
// SQLite's backup API: other processes see the old content or the new one.
// The restored database is then brought up to this build's schema.
CopyInfo restore_database(const std::filesystem::path& file, const std::filesystem::path& target);

} // namespace campaign::store
