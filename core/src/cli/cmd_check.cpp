#include "cli/commands.hpp"

#include "store/check.hpp"
#include "util/error.hpp"

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include <ostream>

namespace campaign::cli {

void add_check_command(CLI::App& app, Context& context) {
  auto* command = app.add_subcommand(
    "check",
    "Check the database: SQLite integrity and foreign keys, then the domain's rules; exit 3 when a rule "
    "is broken, 4 when the file is damaged");
  command->callback([&context] {
    context.action = [&context] {
      store::Database& db = context.database();
      const store::CheckReport report = store::check_database(db);
      const std::size_t problems = report.problem_count;
      if (context.format() == OutputFormat::json) {
        nlohmann::ordered_json list = nlohmann::ordered_json::array();
        for (const auto& problem : report.problems) {
          list.push_back({{"rule", problem.rule},
                          {"table", problem.table},
                          {"row", problem.row},
                          {"message", problem.message}});
        }
        context.out() << nlohmann::ordered_json{{"database", db.path().string()},
                                                {"ok", report.problems.empty()},
                                                {"damaged", report.damaged},
                                                {"rules", report.rules_checked},
                                                {"problems", list}}
                           .dump()
                      << '\n';
      } else {
        for (const auto& problem : report.problems) {
          context.out() << problem.rule << ": " << problem.message << '\n';
        }
        if (report.problems.empty()) {
          context.out() << db.path().string() << ": ok (" << report.rules_checked.size() << " checks)\n";
        }
      }
      if (report.damaged) {
        throw DatabaseError(
          fmt::format("{} is damaged: SQLite's integrity check failed", db.path().string()));
      }
      if (!report.problems.empty()) {
        throw InvalidInput(
          fmt::format("{}: {} problem{} found", db.path().string(), problems, problems == 1 ? "" : "s"));
      }
    };
  });
}

} // namespace campaign::cli
