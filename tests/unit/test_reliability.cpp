#include "store/backup.hpp"
#include "store/check.hpp"
#include "store/database.hpp"
#include "util/error.hpp"
#include "util/interrupt.hpp"
#include "util/text.hpp"
#include "test_backend.hpp"

#include <SQLiteCpp/Database.h>
#include <catch2/catch.hpp>

#include <csignal>
#include <filesystem>
#include <unistd.h>

namespace fs = std::filesystem;
using campaign::store::Database;

namespace {

struct TempDir {
  fs::path path;
  TempDir() {
    static int counter = 0;
    path = fs::temp_directory_path() /
           ("campaign-reliability-" + std::to_string(::getpid()) + "-" + std::to_string(counter++));
    fs::remove_all(path);
    fs::create_directories(path);
  }
  ~TempDir() { fs::remove_all(path); }
};

// A database with one unit, one campaign and a figure with an exact subset.
void seed(Database& db) {
  db.sql().exec(R"sql(
    INSERT INTO indicators (id, code, name_vi, name_en, measure_unit) VALUES (1, 'T', 'T', 'T', 'tin');
    INSERT INTO indicators (id, code, name_vi, name_en, measure_unit, parent_id) VALUES (2, 'V', 'V', 'V', 'tin', 1);
    INSERT INTO units (id, code, name, kind, valid_from) VALUES (1, 'U', 'U', 'commune', '2020-01-01');
    INSERT INTO campaigns (id, code, name, start_date, end_date) VALUES (1, 'K', 'K', '2020-01-01', '2025-12-31');
    INSERT INTO periods (campaign_id, name, start_date, end_date) VALUES (1, 'P', '2021-01-01', '2021-12-31');
    INSERT INTO figures (id, campaign_id, unit_id, indicator_id, span_from, span_to, value)
      VALUES (1, 1, 1, 1, '2021-01-01', '2021-12-31', 100);
    INSERT INTO figures (id, campaign_id, unit_id, indicator_id, span_from, span_to, value, parent_id)
      VALUES (2, 1, 1, 2, '2021-01-01', '2021-12-31', 40, 1);
  )sql");
}

std::vector<std::string> rules_broken(const campaign::store::CheckReport& report) {
  std::vector<std::string> rules;
  for (const auto& problem : report.problems) {
    rules.push_back(problem.rule);
  }
  return rules;
}

} // namespace

TEST_CASE("store::check_database", "[backend]") {
  Database db(campaign::test::test_database(), Database::Mode::create);
  const bool server = db.engine() == campaign::store::sql::Engine::postgresql;
  seed(db);

  SECTION("a clean database has no problem, and every rule ran") {
    const auto report = campaign::store::check_database(db);
    CHECK_FALSE(report.damaged);
    CHECK(report.problems.empty());
    CHECK(report.problem_count == 0);
    CHECK(report.rules_checked.size() == 16);
  }

  SECTION("an exact subset above its exact parent") {
    db.sql().exec("UPDATE figures SET value = 101 WHERE id = 2");
    const auto report = campaign::store::check_database(db);
    REQUIRE(rules_broken(report) == std::vector<std::string>{"subset_above_parent"});
    CHECK(report.problems[0].table == "figures");
    CHECK(report.problems[0].row == 2);
    CHECK(report.problems[0].message ==
          "figure 2 (V, exact 101) is above its parent figure 1 (T, exact 100)");
  }

  SECTION("a bound is no exact value, so it may exceed its parent") {
    db.sql().exec("UPDATE figures SET value = 101, qualifier = 'about' WHERE id = 2");
    CHECK(campaign::store::check_database(db).problems.empty());
  }

  SECTION("figures before their unit existed, outside their campaign") {
    db.sql().exec("UPDATE units SET valid_from = '2021-06-01'");
    db.sql().exec("UPDATE campaigns SET end_date = '2021-06-30'");
    const auto report = campaign::store::check_database(db);
    CHECK(rules_broken(report) ==
          std::vector<std::string>{"figure_outside_unit_validity", "figure_outside_unit_validity",
                                   "figure_outside_campaign", "figure_outside_campaign",
                                   "period_outside_campaign"});
    CHECK(report.problem_count == 5);
  }

  SECTION("a foreign key and a target on a missing indicator") {
    // References switched off, as a restore without them would leave them.
    db.sql().exec(server ? "SET session_replication_role = replica" : "PRAGMA foreign_keys = OFF");
    db.sql().exec("INSERT INTO pledges (id, campaign_id, period_id, signatory_id) VALUES (1, 1, 1, 1)");
    db.sql().exec(
      "INSERT INTO pledge_targets (pledge_id, indicator_id, comparator, target) VALUES (1, 9, '>=', 1)");
    const auto report = campaign::store::check_database(db);
    CHECK(rules_broken(report) == std::vector<std::string>{"foreign_key", "target_without_indicator"});
    REQUIRE(report.problems.size() == 2);
    CHECK(report.problems[0].table == "pledge_targets");
    CHECK(report.problems[0].message == "pledge_targets row 1 refers to a missing row of indicators");
  }
}

TEST_CASE("store::backup_database and restore_database") {
  TempDir dir;
  const fs::path live = dir.path / "live.db";
  const fs::path copy = dir.path / "copy.db";
  {
    Database db(live, Database::Mode::create);
    seed(db);
    const auto info = campaign::store::backup_database(db, copy);
    CHECK(info.schema_version == Database::latest_schema_version());
    CHECK(info.pages > 0);
    CHECK_THROWS_AS(campaign::store::backup_database(db, copy), campaign::UsageError);
    db.sqlite("test").exec("DELETE FROM figures");
  }
  CHECK(campaign::store::check_backup_file(copy) == Database::latest_schema_version());
  campaign::store::restore_database(copy, live);
  Database db(live, Database::Mode::open_existing);
  CHECK(db.sqlite("test").execAndGet("SELECT count(*) FROM figures").getInt() == 2);

  SECTION("a newer schema is refused") {
    { SQLite::Database(copy.string(), SQLite::OPEN_READWRITE).exec("PRAGMA user_version = 999"); }
    CHECK_THROWS_WITH(campaign::store::check_backup_file(copy), Catch::Contains("newer than this campaign"));
  }
  SECTION("another application's file is refused") {
    { SQLite::Database(copy.string(), SQLite::OPEN_READWRITE).exec("PRAGMA application_id = 7"); }
    CHECK_THROWS_WITH(campaign::store::check_backup_file(copy), Catch::Contains("not a campaign database"));
  }
}

TEST_CASE("util::InterruptGuard") {
  CHECK_FALSE(campaign::util::interrupt_requested());
  {
    campaign::util::InterruptGuard guard;
    CHECK_FALSE(campaign::util::interrupt_requested());
    std::raise(SIGINT);
    CHECK(campaign::util::interrupt_requested());
  }
  // Gone with the guard; the process's own handling is back.
  CHECK_FALSE(campaign::util::interrupt_requested());
  struct sigaction now {};
  sigaction(SIGINT, nullptr, &now);
  CHECK(now.sa_handler != nullptr);
}

TEST_CASE("util::find_control and require_clean_text") {
  using campaign::util::find_control;
  CHECK_FALSE(find_control("Xã Ấp 1 ‏RTL", false));
  CHECK(find_control("a\x01"
                     "b",
                     false) == 1u);
  CHECK(find_control("a\tb", false) == 1u);
  CHECK_FALSE(find_control("a\tb\r\nc", true));
  CHECK(find_control("ab\x1b[2J", true) == 2u);
  CHECK(find_control("x\x7f", true) == 1u);
  CHECK(find_control("x\xc2\x9by", true) == 1u);
  CHECK_FALSE(find_control("\xc2\xa0", false)); // a no-break space is printable
  CHECK_THROWS_WITH(
    campaign::util::require_clean_text("a\nb", "name", false),
    "name: control character U+000A at byte 1; this text must be one line of printable characters");
  CHECK_THROWS_WITH(campaign::util::require_clean_text("a\x9b", "note", true),
                    "note: invalid UTF-8 at byte 1");
}
