// A third-party importer for "ACME" sheets: one figure per line, fields as
// key=value pairs separated by ';'. Lines starting with '#' are comments; a
// line "campaign=CODE" sets the campaign for the lines after it.
//
//   campaign=ANTQ-ST
//   unit=ST-KS;indicator=AN01;from=2024-01-01;to=2024-01-31;value=12
#include <campaign/plugin.hpp>

#include <fstream>
#include <map>
#include <string>

namespace sdk = campaign::sdk;

namespace {

std::map<std::string, std::string> parse_pairs(const std::string& line) {
  std::map<std::string, std::string> pairs;
  std::size_t start = 0;
  while (start <= line.size()) {
    std::size_t end = line.find(';', start);
    if (end == std::string::npos) {
      end = line.size();
    }
    const std::string item = line.substr(start, end - start);
    const std::size_t equals = item.find('=');
    if (equals != std::string::npos) {
      pairs[item.substr(0, equals)] = item.substr(equals + 1);
    } else if (!item.empty()) {
      throw sdk::Failure("'" + item + "' is not key=value", CAMPAIGN_INVALID_INPUT);
    }
    start = end + 1;
  }
  return pairs;
}

class AcmeImporter : public sdk::Importer {
public:
  AcmeImporter()
    : Importer("acme", "ACME sheets: key=value pairs, one figure per line",
               {{"qualifier", "string", "qualifier for values that give none", std::string("exact")}}) {}

  void run(sdk::Call& call, const std::string& path, const sdk::Options& options, sdk::Sink& sink) override {
    std::ifstream in(path);
    if (!in) {
      throw sdk::Failure("cannot open " + path);
    }
    sink.set_number_style("en");
    std::string campaign;
    std::string line;
    std::uint64_t number = 0;
    int figures = 0;
    while (std::getline(in, line)) {
      ++number;
      if (line.empty() || line[0] == '#') {
        continue;
      }
      std::map<std::string, std::string> pairs;
      try {
        pairs = parse_pairs(line);
      } catch (const sdk::Failure& e) {
        throw sdk::Failure(path + ":" + std::to_string(number) + ": " + e.what(), CAMPAIGN_INVALID_INPUT);
      }
      if (pairs.size() == 1 && pairs.count("campaign") == 1) {
        campaign = pairs["campaign"];
        continue;
      }
      sink.add("figure",
               {{"campaign", campaign},
                {"unit", pairs["unit"]},
                {"indicator", pairs["indicator"]},
                {"span_from", pairs["from"]},
                {"span_to", pairs["to"]},
                {"value", pairs["value"]},
                {"qualifier", pairs.count("qualifier") ? pairs["qualifier"] : options.get_or("qualifier", "exact")}},
               {number, "", line});
      ++figures;
    }
    call.info("acme: " + std::to_string(figures) + " figures read");
  }
};

} // namespace

CAMPAIGN_PLUGIN("acme", "1.0.0", "Importers of ACME Corp.", AcmeImporter)
