#include "sheet/sheet.hpp"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <array>
#include <filesystem>
#include <fstream>

namespace sdk = campaign::sdk;

namespace campaign_sheet {

namespace {

// Header spellings (as header_key() folds them) and the figure field each names.
// A table laid out by hand:
// clang-format off
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
// clang-format on

bool starts_with(std::string_view text, std::string_view prefix) {
  return text.substr(0, prefix.size()) == prefix;
}

} // namespace

bool is_field(std::string_view name) {
  return std::find(k_fields.begin(), k_fields.end(), name) != k_fields.end();
}

bool is_date_field(std::string_view field) {
  return field == "span_from" || field == "span_to" || field == "source_date" || field == "signed_on";
}

bool is_number_field(std::string_view field) {
  return field == "value" || field == "target" || field == "max_points" || field == "self_points" ||
         field == "awarded_points";
}

std::optional<SheetKind> parse_sheet_kind(std::string_view word) {
  if (word == "figures") {
    return SheetKind::figures;
  }
  if (word == "pledges") {
    return SheetKind::pledges;
  }
  if (word == "auto") {
    return std::nullopt;
  }
  throw sdk::Failure("kind: '" + std::string(word) + "' is not one of auto, figures, pledges",
                     CAMPAIGN_INVALID_INPUT);
}

void apply_options(Mapping& mapping, const sdk::Options& options, const std::string& path) {
  if (auto campaign = options.get("campaign")) {
    mapping.constants["campaign"] = std::string(*campaign);
  }
  if (auto kind = options.get("kind")) {
    mapping.sheet = parse_sheet_kind(*kind);
  }
  if (auto source = options.get("source")) {
    mapping.constants["source"] = std::string(*source);
  }
  if (mapping.constants.count("source") == 0) {
    mapping.constants["source"] = std::filesystem::path(path).filename().string();
  }
}

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
    throw sdk::Failure(
      path + ": not a mapping file (expected \"format\": \"campaign-csv-mapping\", \"version\": 1)",
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
  for (const auto& [key, member] :
       {std::pair{"number_style", &mapping.number_style}, std::pair{"encoding", &mapping.encoding},
        std::pair{"delimiter", &mapping.delimiter}}) {
    if (j.contains(key)) {
      if (!j[key].is_string()) {
        throw sdk::Failure(path + ": \"" + key + "\" must be a string", CAMPAIGN_INVALID_INPUT);
      }
      *member = j[key].get<std::string>();
    }
  }
  return mapping;
}

// ---- Rows

Rows::Rows(const Mapping& mapping, sdk::Sink& sink) : m_mapping(mapping), m_sink(sink) {
}

bool Rows::has_column(std::string_view field) const {
  const auto found = m_has_column.find(field);
  return found != m_has_column.end() && found->second;
}

const std::string& Rows::field(std::size_t column) const {
  static const std::string none;
  return column < m_columns.size() ? m_columns[column] : none;
}

void Rows::header(const std::vector<std::string>& cells, std::uint64_t line) {
  const bool pledges = m_mapping.sheet ? *m_mapping.sheet == SheetKind::pledges
                                       : m_mapping.columns.empty() && is_pledge_header(cells);
  if (pledges) {
    pledge_header(cells, line);
    return;
  }
  m_had_header = true;
  m_columns.assign(cells.size(), "");
  m_values.assign(cells.size(), "");
  std::map<std::string, std::string> by_key;
  for (const auto& [header, field] : m_mapping.columns) {
    by_key[header_key(header)] = field;
  }
  for (std::size_t i = 0; i < cells.size(); ++i) {
    const std::string key = header_key(cells[i]);
    std::string field;
    if (auto mapped = by_key.find(key); mapped != by_key.end()) {
      field = mapped->second;
    } else if (auto known = k_headers.find(key); known != k_headers.end() && m_mapping.columns.empty()) {
      field = known->second;
    }
    if (!field.empty() && has_column(field)) {
      throw RowError(line, "two columns are read as " + field + " (the second is '" + cells[i] + "')");
    }
    if (!field.empty()) {
      m_has_column[field] = true;
      if (field == "qualifier") {
        m_qualifier_column = static_cast<int>(i);
      }
    }
    m_columns[i] = field;
  }
  auto has = [&](const char* field) { return has_column(field) || m_mapping.constants.count(field) > 0; };
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
    throw RowError(line,
                   "the header has no column for " + missing +
                     " (name them in Vietnamese or English, give -O campaign=CODE, or use a mapping file)");
  }
}

void Rows::add(const std::vector<std::string>& cells, std::uint64_t line, const char* place,
               const char* excerpt) {
  if (m_kind == SheetKind::pledges) {
    add_target(cells, line, place, excerpt);
    return;
  }
  m_fields.clear();
  const std::size_t count = std::min(cells.size(), m_columns.size());
  for (std::size_t i = 0; i < count; ++i) {
    const std::string& field = m_columns[i];
    const std::string& cell = cells[i];
    if (field.empty() || cell.empty()) {
      continue;
    }
    std::string& value = m_values[i];
    if (field == "value") {
      QualifiedNumber number = split_qualifier(cell);
      value = std::move(number.number);
      if (!number.qualifier.empty() && m_qualifier_column < 0) {
        m_qualifier_cell = std::move(number.qualifier);
        m_fields.push_back({"qualifier", m_qualifier_cell.c_str()});
      }
    } else if (is_date_field(field) || field == "period") {
      value = normalise_date(cell);
    } else {
      value = cell;
    }
    m_fields.push_back({field.c_str(), value.c_str()});
  }
  for (const auto& [field, value] : m_mapping.constants) {
    if (!has_column(field)) {
      m_fields.push_back({field.c_str(), value.c_str()});
    }
  }
  ++m_count;
  m_sink.add("figure", m_fields.data(), m_fields.size(), line, place, excerpt);
}

// ---- cells

QualifiedNumber split_qualifier(std::string_view cell) {
  static const std::array<std::string_view, 14> k_words = {
    "trên",      "hơn",      "gần",    "khoảng", "ước tính",      "ước",     "over",
    "more than", "at least", "nearly", "about",  "approximately", "at most", "~",
  };
  std::string_view text = cell;
  while (!text.empty() && text.front() == ' ') {
    text.remove_prefix(1);
  }
  for (const std::string_view word : k_words) {
    if (text.size() > word.size() && starts_with(text, word) && (text[word.size()] == ' ' || word == "~")) {
      std::string_view rest = text.substr(word.size());
      while (!rest.empty() && rest.front() == ' ') {
        rest.remove_prefix(1);
      }
      return {std::string(word), std::string(rest)};
    }
  }
  return {"", std::string(cell)};
}

std::string normalise_date(std::string_view cell) {
  auto digits = [](std::string_view part) {
    if (part.empty()) {
      return false;
    }
    for (const char c : part) {
      if (c < '0' || c > '9') {
        return false;
      }
    }
    return true;
  };
  auto pad = [](std::string_view part) {
    return part.size() == 1 ? "0" + std::string(part) : std::string(part);
  };
  const std::size_t first = cell.find('/');
  if (first == std::string_view::npos) {
    return std::string(cell);
  }
  const std::size_t second = cell.find('/', first + 1);
  if (second == std::string_view::npos) {
    const std::string_view month = cell.substr(0, first);
    const std::string_view year = cell.substr(first + 1);
    if (digits(month) && month.size() <= 2 && digits(year) && year.size() == 4) {
      return std::string(year) + "-" + pad(month);
    }
    return std::string(cell);
  }
  const std::string_view day = cell.substr(0, first);
  const std::string_view month = cell.substr(first + 1, second - first - 1);
  const std::string_view year = cell.substr(second + 1);
  if (digits(day) && day.size() <= 2 && digits(month) && month.size() <= 2 && digits(year) &&
      year.size() == 4) {
    return std::string(year) + "-" + pad(month) + "-" + pad(day);
  }
  return std::string(cell);
}

std::string header_key(std::string_view header) {
  std::string key;
  bool space = false;
  for (std::size_t i = 0; i < header.size(); ++i) {
    char c = header[i];
    if (c == ' ' || c == '_' || c == '-' || c == '\t') {
      space = !key.empty();
      continue;
    }
    if (space) {
      key.push_back(' ');
      space = false;
    }
    if (c >= 'A' && c <= 'Z') {
      c = static_cast<char>(c - 'A' + 'a');
    }
    // "Đ" (U+0110, C4 90) → "đ" (U+0111, C4 91)
    if (c == '\xC4' && i + 1 < header.size() && header[i + 1] == '\x90') {
      key += "\xC4\x91";
      ++i;
      continue;
    }
    key.push_back(c);
  }
  return key;
}

} // namespace campaign_sheet
