#include "cli/commands.hpp"

#include "store/catalogue.hpp"
#include "util/paths.hpp"

#include <spdlog/spdlog.h>

#include <ostream>

namespace campaign::cli {

void add_init_command(CLI::App& app, Context& context) {
  auto* command = app.add_subcommand(
    "init", "Create the database (or bring an existing one up to date) and load the indicator catalogue");
  auto catalogue = std::make_shared<std::string>();
  auto no_catalogue = std::make_shared<bool>(false);
  command->add_option("--catalogue", *catalogue, "indicator catalogue to load (default: data/indicators.json)");
  command->add_flag("--no-catalogue", *no_catalogue, "create the database without loading any indicator");
  command->callback([&context, catalogue, no_catalogue] {
    context.action = [&context, catalogue, no_catalogue] {
      // The catalogue is read and checked before the database is created or touched.
      std::vector<store::CatalogueEntry> entries;
      std::filesystem::path file;
      if (!*no_catalogue) {
        file = catalogue->empty() ? util::data_dir() / "indicators.json" : std::filesystem::path(*catalogue);
        entries = store::read_indicator_catalogue(file);
      }
      store::Database& db = context.database(store::Database::Mode::create);
      context.out() << "database " << db.path().string() << " at schema version " << db.schema_version()
                    << '\n';
      if (*no_catalogue) {
        return;
      }
      const auto result = store::load_indicator_catalogue(db, entries);
      spdlog::info("catalogue {} loaded", file.string());
      context.out() << "indicators: " << result.added << " added, " << result.kept << " already present\n";
    };
  });
}

} // namespace campaign::cli
