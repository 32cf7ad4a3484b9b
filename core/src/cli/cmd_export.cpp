#include "cli/commands.hpp"

#include "store/exchange.hpp"
#include "util/error.hpp"

#include <fmt/format.h>

#include <fstream>
#include <ostream>

namespace campaign::cli {

void add_export_command(CLI::App& app, Context& context) {
  struct Values {
    std::string format;
    std::string campaign;
    std::string output;
  };
  auto values = std::make_shared<Values>();
  auto* command = app.add_subcommand(
    "export", "Write the database, or one campaign, in the exchange format (read back with 'campaign import json')");
  command->add_option("format", values->format, "json: the exchange format of docs/formats.md")
    ->required()
    ->check(CLI::IsMember({"json"}));
  command->add_option("--campaign", values->campaign, "only this campaign (with all units and indicators)");
  command->add_option("-o,--output", values->output, "write to this file instead of stdout");
  command->callback([&context, values] {
    context.action = [&context, values] {
      const auto document = store::export_exchange(
        context.database(), values->campaign.empty() ? std::nullopt : std::optional<std::string>(values->campaign));
      if (values->output.empty()) {
        context.out() << document.dump(2) << '\n';
        return;
      }
      std::ofstream file(values->output, std::ios::binary | std::ios::trunc);
      file << document.dump(2) << '\n';
      file.close();
      if (!file) {
        throw Error(fmt::format("cannot write {}", values->output));
      }
    };
  });
}

} // namespace campaign::cli
