#pragma once

#include "store/sql.hpp"

#include <SQLiteCpp/Database.h>

#include <filesystem>
#include <functional>
#include <map>
#include <memory>
#include <set>
#include <string>

namespace campaign::store {

// Identifies a campaign database among SQLite files (PRAGMA application_id, "CAMP").
inline constexpr int k_application_id = 0x43414D50;

class PgDatabase;

// An open campaign database with the schema of this build: a SQLite file, or
// a database on a PostgreSQL server when the location is a postgresql:// URL
// (location.hpp). All SQL of the project lives behind this class and the
// other files of store/.
class Database {
public:
  enum class Mode {
    open_existing, // the file must exist and be a campaign database
    create,        // create the file if missing, initialise it if empty
  };

  // Opens `path` (":memory:" for an in-memory database, or a PostgreSQL
  // URL) and brings its schema up to date. Throws DatabaseError when the file
  // is missing (open_existing), not SQLite, another application's database,
  // from a newer schema, or cannot be written while a migration is due; on a
  // server, also when it cannot be reached or refuses the login.
  Database(const std::filesystem::path& path, Mode mode);
  ~Database();
  Database(const Database&) = delete;
  Database& operator=(const Database&) = delete;

  // The file, or the server's URL without its password.
  const std::filesystem::path& path() const { return m_path; }

  sql::Engine engine() const { return m_sql->engine(); }

  // The schema version recorded in the file after opening.
  int schema_version() const;

  // The newest schema version this build knows.
  static int latest_schema_version();

  // Runs `work` in one transaction: committed if it returns, rolled back if it
  // throws (the exception passes through). A write inside a write is a
  // savepoint of the outer transaction. SQLite failures come out as
  // DatabaseError (read-only file, locked, full disk) or InvalidInput (a
  // constraint failed), with the database unchanged.
  void write(const std::function<void()>& work);

  // write() for a bulk import whose code resolves every reference it stores
  // (units, indicators, campaigns, sources, parents, its own batch) by reading
  // them in the same transaction: SQLite's row-by-row foreign-key checks would
  // only repeat those reads, so they are off for this transaction and back on
  // after it, whatever happens. Inside another write it is a plain write().
  void write_resolved(const std::function<void()>& work);

  // The connection, for the store's own query code.
  sql::Connection& sql() { return *m_sql; }

  // The SQLite connection, for code written for SQLite only (backup, the
  // import's virtual table); throws DatabaseError on a server, naming `what`.
  SQLite::Database& sqlite(std::string_view what);

  // A statement prepared once per connection and kept: the same SQL text
  // asked for again comes back reset, with its bindings cleared, instead of
  // being prepared again (a batch of reports runs the same queries a hundred
  // times). The caller must be done stepping it before asking for the same
  // text again; Statement::reset() ends its read at once.
  class Cached {
  public:
    explicit Cached(sql::Statement& statement) : m_statement(statement) {}
    ~Cached();
    Cached(const Cached&) = delete;
    Cached& operator=(const Cached&) = delete;
    sql::Statement& operator*() { return m_statement; }
    sql::Statement* operator->() { return &m_statement; }

  private:
    sql::Statement& m_statement;
  };
  Cached cached(const std::string& sql);

  // True the first time it is asked about `key` on this connection: for
  // set-up that must happen once per connection (a module, a function).
  bool first_time(const std::string& key) { return m_once.insert(key).second; }

private:
  void configure();
  void check_identity(Mode mode);
  void migrate();

  void write_postgresql(const std::function<void()>& work);

  std::filesystem::path m_path;
  std::unique_ptr<SQLite::Database> m_db; // SQLite
  std::unique_ptr<PgDatabase> m_pg;       // or PostgreSQL
  std::unique_ptr<sql::Connection> m_sql; // either
  int m_write_depth = 0;
  std::set<std::string> m_once;
  // Declared after the connections: the statements are finalised before they close.
  std::map<std::string, std::unique_ptr<sql::Statement>, std::less<>> m_statements;
};

// Translates a SQLite failure into the project's error types, naming `path`.
// `system_errno` (sqlite3_system_errno) explains a failed read or write: a
// full disk, a file size limit.
[[noreturn]] void rethrow_sqlite(const std::filesystem::path& path, const std::exception& error,
                                 int extended_code, int system_errno = 0);

} // namespace campaign::store
