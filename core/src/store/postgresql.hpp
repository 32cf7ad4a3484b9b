#pragma once

#include "store/database.hpp"

#include <pqxx/connection>

#include <memory>
#include <string>

namespace campaign::store {

// A campaign database on a PostgreSQL server: a connection to the URL and,
// in the URL's database and schema, the tables of this build's schema
// version (migrations.hpp writes each step for both engines). The first
// connection to an empty database creates them (Mode::create); migrations
// are applied under an advisory lock, so processes that connect at once
// apply each step once.
class PgDatabase {
public:
  // Connects and brings the schema up to date. Throws DatabaseError when the
  // server cannot be reached, refuses the login, holds another
  // application's tables, a schema newer than this build's, or no campaign
  // schema at all (Mode::open_existing). Messages show the URL without its
  // password.
  PgDatabase(const std::string& url, Database::Mode mode);
  ~PgDatabase();
  PgDatabase(const PgDatabase&) = delete;
  PgDatabase& operator=(const PgDatabase&) = delete;

  const std::string& url() const { return m_url; }

  // The URL without its password, for every message.
  const std::string& display() const { return m_display; }

  int schema_version();

  pqxx::connection& connection() { return *m_connection; }

  // Translates a failure of libpqxx or the server during `doing` ("copying
  // figures") into the project's errors: a refused row is InvalidInput, a
  // lost connection or any other failure DatabaseError. Never echoes the
  // password.
  [[noreturn]] void rethrow(const std::exception& error, const std::string& doing) const;

private:
  void check_identity(Database::Mode mode);
  void migrate();

  std::string m_url;
  std::string m_display;
  std::unique_ptr<pqxx::connection> m_connection;
};

} // namespace campaign::store
