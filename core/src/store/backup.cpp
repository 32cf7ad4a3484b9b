#include "store/backup.hpp"

#include "store/location.hpp"

#include "util/error.hpp"

#include <SQLiteCpp/Backup.h>
#include <fmt/format.h>
#include <sqlite3.h>
#include <unistd.h>

#include <chrono>
#include <thread>

namespace campaign::store {

namespace {

// How long a copy waits for a database that another process keeps locked.
constexpr auto k_busy_limit = std::chrono::seconds(30);
constexpr int k_busy_timeout_ms = 10000;

// Copies every page of `source` into `dest` in one step (one read
// transaction on the source, one write transaction on the destination),
// waiting while either is locked. Returns the number of pages copied.
std::int64_t copy_pages(SQLite::Database& dest, SQLite::Database& source, const std::filesystem::path& busy) {
  SQLite::Backup backup(dest, source);
  const auto deadline = std::chrono::steady_clock::now() + k_busy_limit;
  for (;;) {
    const int rc = backup.executeStep(-1);
    if (rc == SQLITE_DONE) {
      return backup.getTotalPageCount();
    }
    if (rc != SQLITE_OK && std::chrono::steady_clock::now() >= deadline) {
      throw DatabaseError(fmt::format("{} is locked by another process; try again", busy.string()));
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
}

std::string quick_check(SQLite::Database& db) {
  return db.execAndGet("PRAGMA quick_check(1)").getString();
}

void remove_with_journals(const std::filesystem::path& file) {
  std::error_code ec;
  for (const char* suffix : {"", "-journal", "-wal", "-shm"}) {
    std::filesystem::remove(file.string() + suffix, ec);
  }
}

} // namespace

CopyInfo backup_database(Database& db, const std::filesystem::path& target) {
  if (db.engine() == sql::Engine::postgresql) {
    throw DatabaseError(fmt::format("{} is on a PostgreSQL server, which campaign backup does not copy: use the "
                                    "server's pg_dump, or 'campaign migrate --from URL --to {}' for a copy in a "
                                    "SQLite file",
                                    db.path().string(), target.string()));
  }
  std::error_code ec;
  if (std::filesystem::exists(std::filesystem::symlink_status(target, ec))) {
    throw UsageError(fmt::format("{} exists; name a new file for the backup", target.string()));
  }
  const std::filesystem::path part = target.string() + fmt::format(".part-{}", ::getpid());
  CopyInfo info;
  try {
    {
      SQLite::Database dest(part.string(), SQLite::OPEN_READWRITE | SQLite::OPEN_CREATE, k_busy_timeout_ms);
      info.pages = copy_pages(dest, db.sqlite("backup"), db.path());
      // One self-contained file: no write-ahead log beside it.
      dest.exec("PRAGMA journal_mode = DELETE");
      if (const std::string result = quick_check(dest); result != "ok") {
        throw DatabaseError(fmt::format("the copy in {} failed its check: {}", part.string(), result));
      }
      info.schema_version = dest.execAndGet("PRAGMA user_version").getInt();
    }
    std::filesystem::rename(part, target);
  } catch (const SQLite::Exception& e) {
    remove_with_journals(part);
    rethrow_sqlite(target, e, e.getExtendedErrorCode());
  } catch (const std::filesystem::filesystem_error& e) {
    remove_with_journals(part);
    throw DatabaseError(fmt::format("cannot write the backup {}: {}", target.string(), e.code().message()));
  } catch (...) {
    remove_with_journals(part);
    throw;
  }
  info.bytes = static_cast<std::int64_t>(std::filesystem::file_size(target, ec));
  return info;
}

int check_backup_file(const std::filesystem::path& file) {
  std::error_code ec;
  if (!std::filesystem::is_regular_file(file, ec)) {
    throw DatabaseError(fmt::format("{}: no such file", file.string()));
  }
  try {
    SQLite::Database source(file.string(), SQLite::OPEN_READONLY, k_busy_timeout_ms);
    source.execAndGet("PRAGMA schema_version"); // "file is not a database" shows here
    const int app_id = source.execAndGet("PRAGMA application_id").getInt();
    const int version = source.execAndGet("PRAGMA user_version").getInt();
    if (app_id != k_application_id || version < 1) {
      throw DatabaseError(fmt::format("{} is not a campaign database; nothing was restored", file.string()));
    }
    if (version > Database::latest_schema_version()) {
      throw DatabaseError(fmt::format("{} has schema version {}, newer than this campaign understands ({}); "
                                      "restore it with a newer campaign",
                                      file.string(), version, Database::latest_schema_version()));
    }
    if (const std::string result = quick_check(source); result != "ok") {
      throw DatabaseError(fmt::format("{} is damaged ({}); nothing was restored", file.string(), result));
    }
    return version;
  } catch (const SQLite::Exception& e) {
    rethrow_sqlite(file, e, e.getExtendedErrorCode());
  }
}

CopyInfo restore_database(const std::filesystem::path& file, const std::filesystem::path& target) {
  if (is_postgresql_url(target.string())) {
    throw DatabaseError(fmt::format("{} is on a PostgreSQL server, which campaign restore does not write: use "
                                    "the server's pg_restore, or 'campaign migrate --from {} --to URL' into an "
                                    "empty database",
                                    display_location(target.string()), file.string()));
  }
  CopyInfo info;
  info.schema_version = check_backup_file(file);
  {
    // Opening first refuses a target that is not a campaign database.
    Database dest(target, Database::Mode::create);
    try {
      SQLite::Database source(file.string(), SQLite::OPEN_READONLY, k_busy_timeout_ms);
      info.pages = copy_pages(dest.sqlite("restore"), source, target);
    } catch (const SQLite::Exception& e) {
      rethrow_sqlite(target, e, e.getExtendedErrorCode());
    }
  }
  // Reopening applies the migrations an older backup lacks.
  Database restored(target, Database::Mode::open_existing);
  std::error_code ec;
  info.bytes = static_cast<std::int64_t>(std::filesystem::file_size(file, ec));
  return info;
}

} // namespace campaign::store
