#include "store/database.hpp"
#include "test_backend.hpp"
#include "store/migrations.hpp"
#include "util/error.hpp"

#include <SQLiteCpp/Database.h>
#include <pqxx/pqxx>
#include <catch2/catch.hpp>

#include <filesystem>
#include <fstream>
#include <unistd.h>

namespace fs = std::filesystem;
using campaign::store::Database;

namespace {

// A fresh folder under the system temp folder, removed at the end of the test.
struct TempDir {
  fs::path path;
  TempDir() {
    path = fs::temp_directory_path() / ("campaign-test-" + std::to_string(::getpid()) + "-" +
                                        std::to_string(counter()++));
    fs::remove_all(path);
    fs::create_directories(path);
  }
  ~TempDir() { fs::remove_all(path); }
  static int& counter() {
    static int n = 0;
    return n;
  }
};

} // namespace

TEST_CASE("store::Database migrations") {
  TempDir dir;
  const fs::path file = dir.path / "c.db";

  SECTION("create applies every migration and records it") {
    Database db(file, Database::Mode::create);
    CHECK(db.schema_version() == Database::latest_schema_version());
    const auto applied = db.sqlite("test").execAndGet("SELECT count(*) FROM schema_migrations").getInt();
    CHECK(applied == static_cast<int>(campaign::store::migrations().size()));
    CHECK(db.sqlite("test").execAndGet("PRAGMA foreign_keys").getInt() == 1);
    CHECK(db.sqlite("test").execAndGet("PRAGMA journal_mode").getString() == "wal");
    CHECK(db.sqlite("test").execAndGet("PRAGMA application_id").getInt() == campaign::store::k_application_id);
  }

  SECTION("reopening an up-to-date database changes nothing") {
    { Database db(file, Database::Mode::create); }
    Database db(file, Database::Mode::open_existing);
    CHECK(db.sqlite("test").execAndGet("SELECT count(*) FROM schema_migrations").getInt() ==
          static_cast<int>(campaign::store::migrations().size()));
  }

  SECTION("a missing file is refused unless asked to create it") {
    REQUIRE_THROWS_AS(Database(file, Database::Mode::open_existing), campaign::DatabaseError);
    REQUIRE_THROWS_WITH(Database(file, Database::Mode::open_existing), Catch::Contains("campaign init"));
    CHECK_FALSE(fs::exists(file));
  }

  SECTION("a newer schema is refused and left alone") {
    {
      Database db(file, Database::Mode::create);
      db.sqlite("test").exec("PRAGMA user_version = 99");
    }
    REQUIRE_THROWS_WITH(Database(file, Database::Mode::open_existing), Catch::Contains("schema version 99"));
    SQLite::Database raw(file.string());
    CHECK(raw.execAndGet("PRAGMA user_version").getInt() == 99);
  }

  SECTION("a file that is not SQLite is refused") {
    std::ofstream(file) << "name,value\nST,7296\n";
    REQUIRE_THROWS_WITH(Database(file, Database::Mode::open_existing), Catch::Contains("not a SQLite database"));
  }

  SECTION("another application's SQLite database is refused") {
    {
      SQLite::Database other(file.string(), SQLite::OPEN_READWRITE | SQLite::OPEN_CREATE);
      other.exec("CREATE TABLE t (x)");
    }
    REQUIRE_THROWS_WITH(Database(file, Database::Mode::create), Catch::Contains("another application"));
    SQLite::Database raw(file.string());
    CHECK_FALSE(raw.tableExists("units"));
  }

  SECTION("a directory is refused") {
    REQUIRE_THROWS_WITH(Database(dir.path, Database::Mode::create), Catch::Contains("is a directory"));
  }
}

TEST_CASE("store::Database migrations on either engine", "[backend]") {
  // A file on SQLite (an in-memory database cannot be opened twice), a new
  // database of the test cluster on PostgreSQL.
  TempDir dir;
  std::string location = campaign::test::test_database();
  const bool server = location != ":memory:";
  if (!server) {
    location = (dir.path / "c.db").string();
  }
  // SQL straight to the engine, past the store.
  auto raw = [&](const std::string& sql) {
    if (server) {
      pqxx::connection connection(location);
      pqxx::nontransaction(connection).exec(sql);
    } else {
      SQLite::Database(location, SQLite::OPEN_READWRITE | SQLite::OPEN_CREATE).exec(sql);
    }
  };
  auto migrations_recorded = [](Database& db) {
    return db.sql().execAndGetInt64("SELECT count(*) FROM schema_migrations");
  };
  const auto steps = static_cast<std::int64_t>(campaign::store::migrations().size());

  SECTION("create applies every migration, each recorded once, and reopening adds none") {
    {
      Database db(location, Database::Mode::create);
      CHECK(db.schema_version() == Database::latest_schema_version());
      CHECK(migrations_recorded(db) == steps);
    }
    Database db(location, Database::Mode::open_existing);
    CHECK(db.schema_version() == Database::latest_schema_version());
    CHECK(migrations_recorded(db) == steps);
  }

  SECTION("an empty database is refused unless asked to create it") {
    if (!server) {
      raw("VACUUM"); // an empty SQLite file
    }
    REQUIRE_THROWS_WITH(Database(location, Database::Mode::open_existing), Catch::Contains("init"));
    Database db(location, Database::Mode::create);
    CHECK(db.schema_version() == Database::latest_schema_version());
  }

  SECTION("a newer schema is refused and left alone") {
    { Database db(location, Database::Mode::create); }
    raw(server ? "INSERT INTO schema_migrations (version, name, applied_at) VALUES (99, 'later', '')"
               : "PRAGMA user_version = 99");
    REQUIRE_THROWS_WITH(Database(location, Database::Mode::open_existing), Catch::Contains("schema version 99"));
    REQUIRE_THROWS_WITH(Database(location, Database::Mode::create), Catch::Contains("schema version 99"));
    if (server) {
      pqxx::connection connection(location);
      CHECK(pqxx::nontransaction(connection).exec("SELECT max(version) FROM schema_migrations")[0][0].as<int>() ==
            99);
    } else {
      CHECK(SQLite::Database(location).execAndGet("PRAGMA user_version").getInt() == 99);
    }
  }

  SECTION("another application's tables are refused and left alone") {
    raw("CREATE TABLE t (x integer)");
    REQUIRE_THROWS_WITH(Database(location, Database::Mode::create), Catch::Contains("another application"));
    REQUIRE_THROWS_WITH(Database(location, Database::Mode::open_existing), Catch::Contains("another application"));
    if (server) {
      pqxx::connection connection(location);
      CHECK(pqxx::nontransaction(connection).exec("SELECT to_regclass('units')")[0][0].is_null());
    } else {
      CHECK_FALSE(SQLite::Database(location).tableExists("units"));
    }
  }
}

TEST_CASE("store::Database::write", "[backend]") {
  Database db(campaign::test::test_database(), Database::Mode::create);
  auto units = [&] { return db.sql().execAndGetInt64("SELECT count(*) FROM units"); };

  SECTION("a failing write leaves nothing behind") {
    REQUIRE_THROWS_AS(db.write([&] {
      db.sql().exec("INSERT INTO units (code, name, kind) VALUES ('A', 'a', 'province')");
      throw campaign::InvalidInput("refused");
    }),
                      campaign::InvalidInput);
    CHECK(units() == 0);
  }

  SECTION("a caught failure inside a nested write undoes only the inner part") {
    db.write([&] {
      db.sql().exec("INSERT INTO units (code, name, kind) VALUES ('A', 'a', 'province')");
      try {
        db.write([&] {
          db.sql().exec("INSERT INTO units (code, name, kind) VALUES ('B', 'b', 'province')");
          throw campaign::InvalidInput("inner");
        });
      } catch (const campaign::InvalidInput&) {
      }
    });
    CHECK(units() == 1);
    CHECK(db.sql().execAndGetString("SELECT code FROM units") == "A");
  }

  SECTION("a constraint failure becomes InvalidInput") {
    REQUIRE_THROWS_AS(db.write([&] {
      db.sql().exec("INSERT INTO units (code, name, kind, valid_from, valid_to) "
                    "VALUES ('A', 'a', 'province', '2020-01-01', '2019-01-01')");
    }),
                      campaign::InvalidInput);
    CHECK(units() == 0);
  }
}
