#include "store/postgresql.hpp"

#include "store/location.hpp"
#include "store/migrations.hpp"
#include "util/error.hpp"
#include "util/text.hpp"

#include <fmt/format.h>
#include <pqxx/except>
#include <pqxx/nontransaction>
#include <pqxx/transaction>
#include <spdlog/spdlog.h>

#include <cstdlib>
#include <sstream>
#include <vector>

namespace campaign::store {

namespace {

// What marks the schema_migrations table of a campaign database.
constexpr std::string_view k_identity = "campaign database";

// Seconds to wait for a server that does not answer, unless the URL or
// PGCONNECT_TIMEOUT says otherwise: libpq alone would wait for ever.
constexpr int k_connect_timeout_s = 10;

// The URL with the connection parameters campaign adds when the URL and the
// environment leave them out.
std::string connection_url(const std::string& url) {
  std::string full = url;
  const auto add = [&full](const std::string& item) {
    full += full.find('?') == std::string::npos ? '?' : '&';
    full += item;
  };
  const char* timeout = std::getenv("PGCONNECT_TIMEOUT");
  if (url.find("connect_timeout=") == std::string::npos && (timeout == nullptr || *timeout == '\0')) {
    add(fmt::format("connect_timeout={}", k_connect_timeout_s));
  }
  if (url.find("application_name=") == std::string::npos) {
    add("fallback_application_name=campaign");
  }
  return full;
}

// libpq's messages, on one line, without the "FATAL:" and "ERROR:" prefixes.
std::string tidy(const std::string& message) {
  std::istringstream words(message);
  std::vector<std::string> kept;
  for (std::string word; words >> word;) {
    if (word != "FATAL:" && word != "ERROR:") {
      kept.push_back(word);
    }
  }
  return util::join(kept, " ");
}

bool mentions(const std::string& text, std::string_view what) {
  return text.find(what) != std::string::npos;
}

} // namespace

PgDatabase::PgDatabase(const std::string& url, Database::Mode mode)
  : m_url(url), m_display(display_location(url)) {
  try {
    m_connection = std::make_unique<pqxx::connection>(connection_url(url));
  } catch (const std::exception& e) {
    const std::string why = tidy(scrub_password(e.what(), url));
    std::string hint;
    if (mentions(why, "password authentication failed") || mentions(why, "no password supplied")) {
      hint = "; check the password: campaign reads it from ~/.pgpass (or PGPASSWORD), as psql does";
    } else if (mentions(why, "does not exist")) {
      hint = "; create the database on the server first (createdb)";
    }
    throw DatabaseError(fmt::format("cannot connect to {}: {}{}", m_display, why, hint));
  }
  try {
    pqxx::nontransaction session(*m_connection);
    // In one round trip: reals out in full (shortest exact), dates and
    // times in UTC, and no JIT compilation: campaign's statements are short,
    // and the figure sums' trigger, planned once for an import's groups of
    // thousands of rows, would be compiled again (a third of a second) for
    // every later statement, such as each row of a write retried one by one.
    session.exec(
      "SET extra_float_digits = 3; SET TIME ZONE 'UTC'; SET DateStyle = 'ISO, YMD'; SET jit = off");
  } catch (const std::exception& e) {
    rethrow(e, "setting up the connection");
  }
  check_identity(mode);
  migrate();
}

PgDatabase::~PgDatabase() = default;

void PgDatabase::rethrow(const std::exception& error, const std::string& doing) const {
  const std::string why = tidy(scrub_password(error.what(), m_url));
  if (dynamic_cast<const pqxx::in_doubt_error*>(&error) != nullptr) {
    throw DatabaseError(fmt::format("{}: the connection was lost while {} was being committed; the server "
                                    "may or may not have kept it: {}",
                                    m_display, doing, why));
  }
  const bool lost = !m_connection || !m_connection->is_open() ||
                    mentions(why, "server closed the connection") ||
                    mentions(why, "terminating connection") || mentions(why, "no connection to the server");
  if (lost || dynamic_cast<const pqxx::broken_connection*>(&error) != nullptr) {
    throw DatabaseError(fmt::format("{}: the connection to the server was lost while {}; nothing of it was "
                                    "written, and it can be run again: {}",
                                    m_display, doing, why));
  }
  if (const auto* sql = dynamic_cast<const pqxx::sql_error*>(&error); sql != nullptr) {
    const std::string state = sql->sqlstate();
    if (state.starts_with("23") || state == "22P02" || state == "22003") {
      throw InvalidInput(fmt::format("{}: refused by the database while {}: {}", m_display, doing, why));
    }
    if (state.starts_with("08") || state.starts_with("57P")) {
      throw DatabaseError(fmt::format("{}: the connection to the server was lost while {}; nothing of it "
                                      "was written, and it can be run again: {}",
                                      m_display, doing, why));
    }
    if (state == "42501") {
      throw DatabaseError(fmt::format("{}: permission denied while {}: {}", m_display, doing, why));
    }
  }
  throw DatabaseError(fmt::format("{}: failed while {}: {}", m_display, doing, why));
}

void PgDatabase::check_identity(Database::Mode mode) {
  try {
    pqxx::nontransaction session(*m_connection);
    const pqxx::result ours =
      session.exec("SELECT obj_description(to_regclass('schema_migrations'), 'pg_class')");
    const pqxx::result others =
      session.exec("SELECT count(*) FROM pg_catalog.pg_tables WHERE schemaname = current_schema()");
    const bool has_migrations = !ours[0][0].is_null();
    if (has_migrations && ours[0][0].as<std::string>() == k_identity) {
      return;
    }
    if (has_migrations || others[0][0].as<long>() > 0) {
      throw DatabaseError(fmt::format("{} holds tables of another application, not a campaign database; "
                                      "name an empty database or schema",
                                      m_display));
    }
    if (mode == Database::Mode::open_existing) {
      throw DatabaseError(fmt::format("{} has no campaign database yet; create one there with 'campaign --db "
                                      "URL init', or copy one there with 'campaign migrate --to URL'",
                                      m_display));
    }
  } catch (const Error&) {
    throw;
  } catch (const std::exception& e) {
    rethrow(e, "reading the schema");
  }
}

int PgDatabase::schema_version() {
  try {
    pqxx::nontransaction session(*m_connection);
    if (session.exec("SELECT to_regclass('schema_migrations')")[0][0].is_null()) {
      return 0;
    }
    return session.exec("SELECT coalesce(max(version), 0) FROM schema_migrations")[0][0].as<int>();
  } catch (const std::exception& e) {
    rethrow(e, "reading the schema version");
  }
}

void PgDatabase::migrate() {
  const int latest = Database::latest_schema_version();
  const auto too_new = [&](int current) {
    return DatabaseError(
      fmt::format("{} has schema version {}, newer than this campaign understands ({}); use a newer campaign",
                  m_display, current, latest));
  };
  int current = schema_version();
  if (current > latest) {
    throw too_new(current);
  }
  if (current == latest) {
    return;
  }
  for (const Migration& step : migrations()) {
    if (step.version <= current) {
      continue;
    }
    try {
      pqxx::work work(*m_connection);
      // Another process may be migrating the same database: the lock waits
      // for it, and the version read after it tells whether this step is left.
      work.exec(fmt::format("SELECT pg_advisory_xact_lock({})", k_application_id));
      const bool exists = !work.exec("SELECT to_regclass('schema_migrations')")[0][0].is_null();
      const int now =
        exists ? work.exec("SELECT coalesce(max(version), 0) FROM schema_migrations")[0][0].as<int>() : 0;
      if (now > latest) {
        throw too_new(now);
      }
      if (now >= step.version) {
        work.commit();
        continue;
      }
      spdlog::debug("applying schema migration {} ({}) on {}", step.version, step.name, m_display);
      if (step.version == 1) {
        work.exec("CREATE TABLE schema_migrations (version bigint PRIMARY KEY, name text NOT NULL, "
                  "applied_at text NOT NULL)");
        work.exec(
          fmt::format("COMMENT ON TABLE schema_migrations IS {}", work.quote(std::string(k_identity))));
      }
      work.exec(std::string(step.postgresql));
      work.exec_params("INSERT INTO schema_migrations (version, name, applied_at) "
                       "VALUES ($1, $2, to_char(now() AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS\"Z\"'))",
                       step.version, std::string(step.name));
      work.commit();
    } catch (const Error&) {
      throw;
    } catch (const std::exception& e) {
      rethrow(e, fmt::format("applying schema migration {}", step.version));
    }
    current = step.version;
  }
}

} // namespace campaign::store
