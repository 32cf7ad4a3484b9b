// The "csv" importer: figures from office spreadsheets saved as CSV.
//
// Columns are recognised by their Vietnamese or English headers ("Mã đơn vị",
// "Chỉ tiêu", "Kỳ", "Giá trị", "unit", "indicator", "period", "value", ...)
// or named by a mapping file (-O mapping=FILE, docs/formats.md). Each data row
// becomes one figure; the core validates it and commits the whole file or
// nothing. Cells keep Vietnamese report conventions: "trên 7.296" carries its
// qualifier, dates may be written 11/08/2023, and the number style of the
// source is declared with -O number-style=vi|en.
#include "csv_reader.hpp"

#include <campaign/plugin.hpp>
#include <nlohmann/json.hpp>

#include <array>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <map>
#include <memory>
#include <optional>

namespace sdk = campaign::sdk;

namespace {

// Header spellings (as header_key() folds them) and the figure field each names.
const std::map<std::string, std::string, std::less<>> k_headers = {
  {"campaign", "campaign"},       {"phong trào", "campaign"},    {"mã phong trào", "campaign"},
  {"unit", "unit"},               {"unit code", "unit"},         {"đơn vị", "unit"},
  {"mã đơn vị", "unit"},          {"tên đơn vị", "unit"},        {"indicator", "indicator"},
  {"indicator code", "indicator"}, {"chỉ tiêu", "indicator"},    {"mã chỉ tiêu", "indicator"},
  {"tên chỉ tiêu", "indicator"},  {"from", "span_from"},         {"span from", "span_from"},
  {"từ ngày", "span_from"},       {"to", "span_to"},             {"span to", "span_to"},
  {"đến ngày", "span_to"},        {"period", "period"},          {"kỳ", "period"},
  {"kỳ báo cáo", "period"},       {"giai đoạn", "period"},       {"tháng", "period"},
  {"month", "period"},            {"năm", "period"},             {"year", "period"},
  {"value", "value"},             {"giá trị", "value"},          {"số liệu", "value"},
  {"kết quả", "value"},           {"số lượng", "value"},         {"qualifier", "qualifier"},
  {"ước lượng", "qualifier"},     {"source", "source"},          {"nguồn", "source"},
  {"source number", "source_number"}, {"số văn bản", "source_number"}, {"source date", "source_date"},
  {"ngày văn bản", "source_date"}, {"note", "note"},             {"ghi chú", "note"},
};

const std::array<std::string_view, 13> k_fields = {
  "campaign", "unit", "indicator", "span_from", "span_to", "period", "value",
  "qualifier", "source", "source_number", "source_date", "locator", "note",
};

bool is_field(std::string_view name) {
  for (const std::string_view field : k_fields) {
    if (field == name) {
      return true;
    }
  }
  return false;
}

// What a mapping file says; see docs/formats.md.
struct Mapping {
  std::map<std::string, std::string> columns;   // header as written → field
  std::map<std::string, std::string> constants; // field → value for every row
  std::optional<std::string> number_style;
  std::optional<std::string> encoding;
  std::optional<std::string> delimiter;
};

Mapping read_mapping(const std::string& path) {
  std::ifstream in(path);
  if (!in) {
    throw sdk::Failure("cannot read the mapping file " + path, CAMPAIGN_INVALID_INPUT);
  }
  nlohmann::json j;
  try {
    j = nlohmann::json::parse(in);
  } catch (const nlohmann::json::exception& e) {
    throw sdk::Failure(path + ": not valid JSON: " + e.what(), CAMPAIGN_INVALID_INPUT);
  }
  if (!j.is_object() || j.value("format", "") != "campaign-csv-mapping" || j.value("version", 0) != 1) {
    throw sdk::Failure(path + ": not a mapping file (expected \"format\": \"campaign-csv-mapping\", \"version\": 1)",
                       CAMPAIGN_INVALID_INPUT);
  }
  Mapping mapping;
  auto strings = [&](const char* key, std::map<std::string, std::string>& into, bool values_are_fields) {
    if (!j.contains(key)) {
      return;
    }
    if (!j[key].is_object()) {
      throw sdk::Failure(path + ": \"" + key + "\" must be an object of strings", CAMPAIGN_INVALID_INPUT);
    }
    for (const auto& [name, value] : j[key].items()) {
      if (!value.is_string()) {
        throw sdk::Failure(path + ": " + key + "." + name + " must be a string", CAMPAIGN_INVALID_INPUT);
      }
      const std::string field = values_are_fields ? value.get<std::string>() : name;
      if (!is_field(field)) {
        throw sdk::Failure(path + ": " + key + "." + name + ": '" + field + "' is not a figure field",
                           CAMPAIGN_INVALID_INPUT);
      }
      into[name] = value.get<std::string>();
    }
  };
  strings("columns", mapping.columns, true);
  strings("constants", mapping.constants, false);
  for (const auto& [key, member] : {std::pair{"number_style", &mapping.number_style},
                                    std::pair{"encoding", &mapping.encoding}, std::pair{"delimiter", &mapping.delimiter}}) {
    if (j.contains(key)) {
      if (!j[key].is_string()) {
        throw sdk::Failure(path + ": \"" + key + "\" must be a string", CAMPAIGN_INVALID_INPUT);
      }
      *member = j[key].get<std::string>();
    }
  }
  return mapping;
}

class CsvImporter : public sdk::Importer {
public:
  CsvImporter()
    : Importer("csv", "Figures from CSV sheets (Vietnamese or English headers, or a mapping file)",
               {{"campaign", "string", "campaign code for every row (when there is no campaign column)", std::nullopt},
                {"mapping", "path", "mapping file: columns, constants, number style, encoding", std::nullopt},
                {"number-style", "string", "vi (7.296,5) or en (7,296.5); unset: ambiguous numbers refused",
                 std::nullopt},
                {"encoding", "string", "auto (UTF-8, or UTF-16 by its BOM), utf-8, utf-16, cp1258, tcvn, ...",
                 std::string("auto")},
                {"delimiter", "string", "cell separator: , ; or tab", std::string(",")},
                {"source", "string", "source document of the figures (default: the file's name)", std::nullopt}}) {}

  void run(sdk::Call& call, const std::string& path, const sdk::Options& options, sdk::Sink& sink) override {
    Mapping mapping;
    if (auto file = options.get("mapping")) {
      mapping = read_mapping(std::string(*file));
    }
    const std::string style = options.get("number-style") ? std::string(*options.get("number-style"))
                                                          : mapping.number_style.value_or("");
    if (!style.empty()) {
      sink.set_number_style(style);
    }
    std::string encoding = mapping.encoding.value_or(options.get_or("encoding", "auto"));
    if (options.get("encoding") && *options.get("encoding") != "auto") {
      encoding = std::string(*options.get("encoding"));
    }
    std::string delimiter = mapping.delimiter.value_or(options.get_or("delimiter", ","));
    if (delimiter == "tab" || delimiter == "\\t") {
      delimiter = "\t";
    }
    if (delimiter.size() != 1 || delimiter == "\"" || delimiter == "\n" || delimiter == "\r") {
      throw sdk::Failure("delimiter must be one character other than a quote or a line end",
                         CAMPAIGN_INVALID_INPUT);
    }
    if (auto campaign = options.get("campaign")) {
      mapping.constants["campaign"] = std::string(*campaign);
    }
    if (auto source = options.get("source")) {
      mapping.constants["source"] = std::string(*source);
    }
    if (mapping.constants.count("source") == 0) {
      mapping.constants["source"] = std::filesystem::path(path).filename().string();
    }

    std::unique_ptr<std::FILE, int (*)(std::FILE*)> in(std::fopen(path.c_str(), "rb"), &std::fclose);
    if (!in) {
      throw sdk::Failure("cannot open " + path, CAMPAIGN_INVALID_INPUT);
    }
    std::unique_ptr<campaign_csv::Decoder> decoder;
    try {
      decoder = std::make_unique<campaign_csv::Decoder>(encoding);
    } catch (const std::invalid_argument& e) {
      throw sdk::Failure(e.what(), CAMPAIGN_INVALID_INPUT);
    }
    Rows rows(path, mapping, sink);
    campaign_csv::Reader reader(delimiter[0], [&rows](const campaign_csv::Record& record) { rows.take(record); });
    std::vector<char> chunk(1 << 20);
    std::string text;
    try {
      std::size_t n = 0;
      while ((n = std::fread(chunk.data(), 1, chunk.size(), in.get())) > 0) {
        text.clear();
        decoder->decode(std::string_view(chunk.data(), n), text);
        reader.feed(text);
      }
      if (std::ferror(in.get())) {
        throw sdk::Failure("cannot read " + path);
      }
      text.clear();
      decoder->finish(text);
      reader.feed(text);
      reader.finish();
    } catch (const campaign_csv::ParseError& e) {
      throw sdk::Failure(path + ":" + std::to_string(e.line()) + ": " + e.detail(), CAMPAIGN_INVALID_INPUT);
    } catch (const std::invalid_argument& e) {
      throw sdk::Failure(e.what(), CAMPAIGN_INVALID_INPUT);
    }
    if (!rows.had_header()) {
      throw sdk::Failure(path + " is empty", CAMPAIGN_INVALID_INPUT);
    }
    if (rows.count() == 0) {
      throw sdk::Failure(path + " has a header but no rows", CAMPAIGN_INVALID_INPUT);
    }
    call.info(std::to_string(rows.count()) + " rows read from " + path);
  }

private:
  // Turns records into figures: the header first, then one figure a row.
  class Rows {
  public:
    Rows(std::string path, const Mapping& mapping, sdk::Sink& sink) : m_path(std::move(path)), m_mapping(mapping), m_sink(sink) {}

    bool had_header() const { return m_had_header; }
    std::uint64_t count() const { return m_count; }

    void take(const campaign_csv::Record& record) {
      if (!m_had_header) {
        header(record);
        return;
      }
      if (record.cells.size() != m_columns.size()) {
        throw campaign_csv::ParseError(record.line, std::to_string(record.cells.size()) + " cells, but the header has " +
                                                      std::to_string(m_columns.size()));
      }
      m_fields.clear();
      for (std::size_t i = 0; i < m_columns.size(); ++i) {
        const std::string& field = m_columns[i];
        const std::string& cell = record.cells[i];
        if (field.empty() || cell.empty()) {
          continue;
        }
        std::string& value = m_values[i];
        if (field == "value") {
          campaign_csv::QualifiedNumber number = campaign_csv::split_qualifier(cell);
          value = std::move(number.number);
          if (!number.qualifier.empty() && m_qualifier_column < 0) {
            m_qualifier_cell = std::move(number.qualifier);
            m_fields.push_back({"qualifier", m_qualifier_cell.c_str()});
          }
        } else if (field == "span_from" || field == "span_to" || field == "source_date" || field == "period") {
          value = campaign_csv::normalise_date(cell);
        } else {
          value = cell;
        }
        m_fields.push_back({field.c_str(), value.c_str()});
      }
      for (const auto& [field, value] : m_mapping.constants) {
        if (!m_has_column[field]) {
          m_fields.push_back({field.c_str(), value.c_str()});
        }
      }
      ++m_count;
      m_sink.add("figure", m_fields.data(), m_fields.size(), record.line);
    }

  private:
    void header(const campaign_csv::Record& record) {
      m_had_header = true;
      m_columns.assign(record.cells.size(), "");
      m_values.assign(record.cells.size(), "");
      std::map<std::string, std::string> by_key;
      for (const auto& [header, field] : m_mapping.columns) {
        by_key[campaign_csv::header_key(header)] = field;
      }
      for (std::size_t i = 0; i < record.cells.size(); ++i) {
        const std::string key = campaign_csv::header_key(record.cells[i]);
        std::string field;
        if (auto mapped = by_key.find(key); mapped != by_key.end()) {
          field = mapped->second;
        } else if (auto known = k_headers.find(key); known != k_headers.end() && m_mapping.columns.empty()) {
          field = known->second;
        }
        if (!field.empty() && m_has_column[field]) {
          throw campaign_csv::ParseError(record.line, "two columns are read as " + field + " (the second is '" +
                                                        record.cells[i] + "')");
        }
        if (!field.empty()) {
          m_has_column[field] = true;
          if (field == "qualifier") {
            m_qualifier_column = static_cast<int>(i);
          }
        }
        m_columns[i] = field;
      }
      auto has = [&](const char* field) { return m_has_column[field] || m_mapping.constants.count(field) > 0; };
      std::string missing;
      for (const char* field : {"campaign", "unit", "indicator", "value"}) {
        if (!has(field)) {
          missing += std::string(missing.empty() ? "" : ", ") + field;
        }
      }
      if (!has("period") && !(has("span_from") && has("span_to"))) {
        missing += std::string(missing.empty() ? "" : ", ") + "period (or from and to)";
      }
      if (!missing.empty()) {
        throw campaign_csv::ParseError(record.line, "the header has no column for " + missing +
                                                      " (name them in Vietnamese or English, give -O campaign=CODE, "
                                                      "or use a mapping file)");
      }
    }

    std::string m_path;
    const Mapping& m_mapping;
    sdk::Sink& m_sink;
    bool m_had_header = false;
    std::uint64_t m_count = 0;
    std::vector<std::string> m_columns; // field of each column ("" = ignored)
    std::vector<std::string> m_values;  // converted cell text, kept for the sink call
    std::map<std::string, bool, std::less<>> m_has_column;
    int m_qualifier_column = -1;
    std::string m_qualifier_cell;
    std::vector<campaign_field> m_fields;
  };
};

} // namespace

CAMPAIGN_PLUGIN("csv", "1.0.0", "CSV importer for office spreadsheets", CsvImporter)
