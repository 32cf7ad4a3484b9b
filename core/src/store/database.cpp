#include "store/database.hpp"

#include "store/location.hpp"
#include "store/migrations.hpp"
#include "store/postgresql.hpp"
#include "util/error.hpp"

#include <SQLiteCpp/Statement.h>
#include <SQLiteCpp/Transaction.h>
#include <fmt/chrono.h>
#include <fmt/format.h>
#include <spdlog/spdlog.h>
#include <sqlite3.h>
#include <sys/resource.h>
#include <sys/statvfs.h>

#include <cerrno>
#include <chrono>
#include <cstring>
#include <optional>

namespace campaign::store {

namespace {

constexpr int k_busy_timeout_ms = 10000;
// A write that still finds the database locked after the busy timeout tries
// to begin again, up to this many times in all: a long import of another
// process may hold the lock for longer than one timeout.
constexpr int k_write_begin_attempts = 6;

std::string now_iso() {
  auto now = std::chrono::floor<std::chrono::seconds>(std::chrono::system_clock::now());
  return fmt::format("{:%Y-%m-%dT%H:%M:%SZ}", fmt::gmtime(std::chrono::system_clock::to_time_t(now)));
}

// SQLite can lose the errno of a failed write (the rollback that follows
// clears it); then the files tell what happened: one of them at the file
// size limit (ulimit -f), or no space left on the disk.
int probable_write_errno(const std::filesystem::path& path) {
  if (path.empty() || path == ":memory:") {
    return 0;
  }
  std::error_code ec;
  rlimit limit{};
  if (getrlimit(RLIMIT_FSIZE, &limit) == 0 && limit.rlim_cur != RLIM_INFINITY) {
    for (const char* suffix : {"", "-wal", "-journal"}) {
      const auto size = std::filesystem::file_size(path.string() + suffix, ec);
      if (!ec && size + 65536 >= limit.rlim_cur) {
        return EFBIG;
      }
    }
  }
  const std::filesystem::path folder = path.has_parent_path() ? path.parent_path() : ".";
  struct statvfs disk {};
  if (statvfs(folder.c_str(), &disk) == 0 && disk.f_bavail * disk.f_frsize < (1u << 20)) {
    return ENOSPC;
  }
  return 0;
}

} // namespace

void rethrow_sqlite(const std::filesystem::path& path, const std::exception& error,
                    int extended_code, int system_errno) {
  const std::string where = path.string();
  const bool io_failure = (extended_code & 0xff) == SQLITE_IOERR || (extended_code & 0xff) == SQLITE_FULL;
  if (!io_failure) {
    system_errno = 0; // left from an earlier call; it does not explain this failure
  } else if (system_errno == 0) {
    system_errno = probable_write_errno(path);
  }
  if (system_errno == ENOSPC || system_errno == EDQUOT) {
    extended_code = SQLITE_FULL;
  } else if (system_errno == EFBIG) {
    throw DatabaseError(fmt::format("cannot write to {}: the file size limit was reached ({}); nothing was "
                                    "written",
                                    where, std::strerror(system_errno)));
  }
  switch (extended_code & 0xff) {
  case SQLITE_READONLY:
    throw DatabaseError(fmt::format("cannot write to {}: the database is read-only", where));
  case SQLITE_BUSY:
  case SQLITE_LOCKED:
    throw DatabaseError(fmt::format("{} is locked by another process; try again", where));
  case SQLITE_FULL:
    throw DatabaseError(fmt::format("cannot write to {}: the disk is full; nothing was written", where));
  case SQLITE_NOTADB:
    throw DatabaseError(fmt::format("{} is not a SQLite database", where));
  case SQLITE_CANTOPEN:
    throw DatabaseError(fmt::format("cannot open {}: {}", where, error.what()));
  case SQLITE_CORRUPT:
    throw DatabaseError(fmt::format("{} is damaged: {}", where, error.what()));
  case SQLITE_IOERR:
    if (system_errno != 0) {
      throw DatabaseError(fmt::format("cannot read or write {}: {} ({})", where, error.what(),
                                      std::strerror(system_errno)));
    }
    throw DatabaseError(fmt::format("cannot read or write {}: {}", where, error.what()));
  case SQLITE_CONSTRAINT:
    throw InvalidInput(fmt::format("refused by the database: {}", error.what()));
  default:
    throw DatabaseError(fmt::format("{}: {}", where, error.what()));
  }
}

Database::Database(const std::filesystem::path& path, Mode mode) : m_path(path) {
  if (is_postgresql_url(path.string())) {
    m_pg = std::make_unique<PgDatabase>(path.string(), mode);
    m_path = m_pg->display();
    m_sql = sql::postgresql_connection(m_pg->connection(), m_pg->display());
    return;
  }
  const bool in_memory = path == ":memory:";
  if (!in_memory) {
    std::error_code ec;
    const bool exists = std::filesystem::exists(path, ec);
    if (!exists && mode == Mode::open_existing) {
      throw DatabaseError(fmt::format(
        "no database at {}; create one with 'campaign init' or name another with --db", path.string()));
    }
    if (exists && std::filesystem::is_directory(path, ec)) {
      throw DatabaseError(fmt::format("{} is a directory, not a database file", path.string()));
    }
    if (!exists && path.has_parent_path()) {
      std::filesystem::create_directories(path.parent_path(), ec);
      if (ec) {
        throw DatabaseError(
          fmt::format("cannot create the folder {}: {}", path.parent_path().string(), ec.message()));
      }
    }
  }
  int flags = SQLite::OPEN_READWRITE | SQLite::OPEN_NOFOLLOW;
  if (mode == Mode::create) {
    flags |= SQLite::OPEN_CREATE;
  }
  try {
    m_db = std::make_unique<SQLite::Database>(path.string(), flags, k_busy_timeout_ms);
    m_sql = sql::sqlite_connection(*m_db);
    configure();
    check_identity(mode);
    migrate();
  } catch (const SQLite::Exception& e) {
    rethrow_sqlite(m_path, e, e.getExtendedErrorCode());
  }
}

Database::~Database() = default;

void Database::configure() {
  m_db->exec("PRAGMA foreign_keys = ON");
  // Reading the schema first turns "file is not a database" into an error here.
  m_db->execAndGet("PRAGMA schema_version");
}

void Database::check_identity(Mode mode) {
  const int app_id = m_db->execAndGet("PRAGMA application_id").getInt();
  const int tables =
    m_db->execAndGet("SELECT count(*) FROM sqlite_schema WHERE type = 'table'").getInt();
  if (app_id == k_application_id) {
    return;
  }
  if (app_id != 0 || tables > 0) {
    throw DatabaseError(
      fmt::format("{} is a SQLite database of another application, not a campaign database",
                  m_path.string()));
  }
  if (mode == Mode::open_existing && m_path != ":memory:") {
    // An empty file: only init makes it a campaign database.
    throw DatabaseError(fmt::format(
      "{} holds no campaign database yet; create one there with 'campaign init'", m_path.string()));
  }
}

int Database::latest_schema_version() {
  return migrations().back().version;
}

int Database::schema_version() const {
  if (m_pg) {
    return m_pg->schema_version();
  }
  return m_db->execAndGet("PRAGMA user_version").getInt();
}

SQLite::Database& Database::sqlite(std::string_view what) {
  if (!m_db) {
    throw DatabaseError(fmt::format("{} works on a SQLite database file only; {} is on a PostgreSQL server", what,
                                    m_path.string()));
  }
  return *m_db;
}

void Database::migrate() {
  const int current = schema_version();
  const int latest = latest_schema_version();
  if (current > latest) {
    throw DatabaseError(fmt::format(
      "{} has schema version {}, newer than this campaign understands ({}); use a newer campaign",
      m_path.string(), current, latest));
  }
  if (current == latest) {
    return;
  }
  if (current == 0 && m_path != ":memory:") {
    // WAL lets readers go on while an import writes. It is a property of the file.
    m_db->exec("PRAGMA journal_mode = WAL");
  }
  for (const Migration& step : migrations()) {
    if (step.version <= current) {
      continue;
    }
    spdlog::debug("applying schema migration {} ({})", step.version, step.name);
    SQLite::Transaction transaction(*m_db);
    if (step.version == 1) {
      m_db->exec(fmt::format("PRAGMA application_id = {}", k_application_id));
      m_db->exec("CREATE TABLE schema_migrations (version INTEGER PRIMARY KEY, name TEXT NOT NULL, "
                 "applied_at TEXT NOT NULL)");
    }
    m_db->exec(std::string(step.sql));
    SQLite::Statement record(*m_db,
                             "INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)");
    record.bind(1, step.version);
    record.bind(2, std::string(step.name));
    record.bind(3, now_iso());
    record.exec();
    m_db->exec(fmt::format("PRAGMA user_version = {}", step.version));
    transaction.commit();
  }
}

void Database::write(const std::function<void()>& work) {
  if (m_write_depth > 0) {
    // Nested: a savepoint, so that a caught inner failure undoes only its own part.
    m_sql->exec("SAVEPOINT nested_write");
    ++m_write_depth;
    try {
      work();
    } catch (...) {
      --m_write_depth;
      m_sql->exec("ROLLBACK TO nested_write");
      m_sql->exec("RELEASE nested_write");
      throw;
    }
    --m_write_depth;
    m_sql->exec("RELEASE nested_write");
    return;
  }
  if (m_pg) {
    write_postgresql(work);
    return;
  }
  const auto translate = [&](const std::exception& e, int code) {
    rethrow_sqlite(m_path, e, code, sqlite3_system_errno(m_db->getHandle()));
  };
  try {
    std::optional<SQLite::Transaction> begun;
    for (int attempt = 1; !begun; ++attempt) {
      try {
        begun.emplace(*m_db, SQLite::TransactionBehavior::IMMEDIATE);
      } catch (const SQLite::Exception& e) {
        const int code = e.getErrorCode() & 0xff;
        if ((code != SQLITE_BUSY && code != SQLITE_LOCKED) || attempt >= k_write_begin_attempts) {
          throw;
        }
        spdlog::info("{} is locked by another process; waiting again (attempt {} of {})", m_path.string(),
                     attempt + 1, k_write_begin_attempts);
      }
    }
    SQLite::Transaction& transaction = *begun;
    ++m_write_depth;
    try {
      work();
      --m_write_depth;
      transaction.commit();
    } catch (const SQLite::Exception& e) {
      m_write_depth = 0;
      // Translated before the rollback, which would clear the system error (EFBIG, ENOSPC).
      translate(e, e.getExtendedErrorCode());
    } catch (const sql::Exception& e) {
      m_write_depth = 0;
      translate(e, e.getExtendedErrorCode());
    } catch (...) {
      m_write_depth = 0;
      throw;
    }
  } catch (const SQLite::Exception& e) {
    translate(e, e.getExtendedErrorCode());
  }
}

// BEGIN and COMMIT as on SQLite; a failure rolls back (a lost connection
// leaves nothing to roll back: the server ends the transaction itself).
void Database::write_postgresql(const std::function<void()>& work) {
  try {
    m_sql->exec("BEGIN");
    ++m_write_depth;
    work();
    --m_write_depth;
    m_sql->exec("COMMIT");
  } catch (...) {
    m_write_depth = 0;
    try {
      m_sql->exec("ROLLBACK");
    } catch (const std::exception&) { // NOLINT(bugprone-empty-catch): the first failure is the one to report
    }
    try {
      throw;
    } catch (const sql::Exception& e) {
      rethrow_sqlite(m_path, e, e.getExtendedErrorCode());
    }
  }
}

Database::Cached::~Cached() {
  try {
    m_statement.reset();
    m_statement.clearBindings();
  } catch (...) { // NOLINT(bugprone-empty-catch): a failed step already reported its error
  }
}

Database::Cached Database::cached(const std::string& sql) {
  auto it = m_statements.find(sql);
  if (it == m_statements.end()) {
    it = m_statements.emplace(sql, std::make_unique<sql::Statement>(*m_sql, sql)).first;
  }
  return Cached(*it->second);
}

void Database::write_resolved(const std::function<void()>& work) {
  if (m_write_depth > 0 || m_pg) {
    write(work);
    return;
  }
  // PRAGMA foreign_keys is a no-op inside a transaction, so it is set around it.
  m_db->exec("PRAGMA foreign_keys = OFF");
  try {
    write(work);
  } catch (...) {
    m_db->exec("PRAGMA foreign_keys = ON");
    throw;
  }
  m_db->exec("PRAGMA foreign_keys = ON");
}

} // namespace campaign::store
