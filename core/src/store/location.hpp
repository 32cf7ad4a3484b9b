#pragma once

#include <string>
#include <string_view>

namespace campaign::store {

// Where a database lives: a SQLite file (a path, the default) or a
// PostgreSQL server, named by a libpq connection URL
// (postgresql://user@host:port/dbname?sslmode=require). Whatever the URL
// leaves out comes from libpq's own defaults: PGHOST, PGPORT, PGUSER,
// PGDATABASE, PGSSLMODE, the password from ~/.pgpass (or PGPASSWORD).

// True for a postgresql:// or postgres:// URL.
bool is_postgresql_url(std::string_view location);

// True when the URL carries a password (user:password@ or ?password=).
bool url_has_password(std::string_view url);

// The location for messages and logs: a URL's password, in either place,
// replaced by "****"; a path unchanged. Nothing the program prints about a
// database goes through anything but this.
std::string display_location(std::string_view location);

// `text` with every occurrence of the URL's password replaced by "****": for
// messages that come from libpq or the server, which should never echo it,
// in case one does.
std::string scrub_password(std::string text, std::string_view url);

} // namespace campaign::store
