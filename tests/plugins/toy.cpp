// A small, well-behaved plugin with all three capabilities, for the host's tests.
#include <campaign/plugin.hpp>

#include <algorithm>
#include <cctype>
#include <fstream>
#include <sstream>

namespace sdk = campaign::sdk;

namespace {

// Reads lines "UNIT INDICATOR FROM TO VALUE [QUALIFIER]" into figures of --option campaign=CODE.
class ToyImporter : public sdk::Importer {
public:
  ToyImporter()
    : Importer("toy", "Figures from whitespace-separated lines",
               {{"campaign", "string", "campaign code", std::nullopt},
                {"number-style", "string", "vi or en", std::string("en")}}) {}

  void run(sdk::Call& call, const std::string& path, const sdk::Options& options, sdk::Sink& sink) override {
    const auto campaign = options.get("campaign");
    if (!campaign) {
      throw sdk::Failure("the toy importer needs -O campaign=CODE", CAMPAIGN_INVALID_INPUT);
    }
    sink.set_number_style(options.get_or("number-style", "en"));
    std::ifstream in(path);
    if (!in) {
      throw sdk::Failure("cannot open " + path);
    }
    std::string line;
    std::uint64_t number = 0;
    while (std::getline(in, line)) {
      ++number;
      std::istringstream words(line);
      std::string unit, indicator, from, to, value, qualifier = "exact";
      if (!(words >> unit)) {
        continue;
      }
      words >> indicator >> from >> to >> value >> qualifier;
      sink.add("figure",
               {{"campaign", std::string(*campaign)}, {"unit", unit}, {"indicator", indicator},
                {"span_from", from}, {"span_to", to}, {"value", value}, {"qualifier", qualifier}},
               {number, "line", line});
    }
    call.info("read " + std::to_string(number) + " lines");
  }
};

// Always throws, to show that a throwing plugin does not take the host down.
class ThrowingImporter : public sdk::Importer {
public:
  ThrowingImporter() : Importer("toy-throw", "Throws std::runtime_error") {}
  void run(sdk::Call&, const std::string&, const sdk::Options&, sdk::Sink&) override {
    throw std::runtime_error("toy-throw always throws");
  }
};

// Counts the figures of a campaign through the query API.
class CountAnalysis : public sdk::Analysis {
public:
  CountAnalysis() : Analysis("toy-count", "Counts figures", {{"campaign", "string", "campaign code", std::nullopt}}) {}
  void run(sdk::Call&, const sdk::Options& options, sdk::Query& query, sdk::Writer& document) override {
    std::string filters;
    if (auto campaign = options.get("campaign")) {
      filters = "\"campaign\": \"" + std::string(*campaign) + "\"";
    }
    const std::string answer = query.ask("{\"list\": \"figure\", \"filters\": {" + filters + "}}");
    const auto count = std::count(answer.begin(), answer.end(), '{');
    document.write("{\"title\": \"toy count\", \"figures\": " + std::to_string(count) + "}\n");
  }
};

// Upper-cases the document.
class UpperRenderer : public sdk::Renderer {
public:
  UpperRenderer() : Renderer("toy-upper", "txt", "The document in capitals", {{"prefix", "string", "text before", std::string("")}}) {}
  void render(sdk::Call&, std::string_view document, const sdk::Options& options, sdk::Writer& out) override {
    std::string text = options.get_or("prefix", "") + std::string(document);
    std::transform(text.begin(), text.end(), text.begin(),
                   [](unsigned char c) { return static_cast<char>(std::toupper(c)); });
    out.write(text);
  }
};

} // namespace

CAMPAIGN_PLUGIN("toy", "1.2.3", "Toy plugin for the host's tests", ToyImporter, ThrowingImporter, CountAnalysis,
                UpperRenderer)
