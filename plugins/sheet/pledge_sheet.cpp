// Pledge sheets: one row a target of a pledge ("giao ước thi đua"), the
// pledge (campaign, period, signatory, signing date) given on every row or by
// constants. Rows that name the same pledge share it: the pledge goes to the
// sink once, labelled, and each target refers to it by that label, as in the
// exchange format. The core validates both (docs/formats.md).
#include "sheet/sheet.hpp"

#include <algorithm>
#include <array>

namespace sdk = campaign::sdk;

namespace campaign_sheet {

namespace {

// Header spellings (as header_key() folds them) and the field of a pledge
// sheet each names. A table laid out by hand:
// clang-format off
const std::map<std::string, std::string, std::less<>> k_pledge_headers = {
  {"campaign", "campaign"},           {"phong trào", "campaign"},        {"mã phong trào", "campaign"},
  {"period", "period"},               {"kỳ", "period"},                  {"giai đoạn", "period"},
  {"kỳ giao ước", "period"},          {"signatory", "signatory"},        {"unit", "signatory"},
  {"unit code", "signatory"},         {"đơn vị", "signatory"},           {"mã đơn vị", "signatory"},
  {"tên đơn vị", "signatory"},        {"đơn vị ký", "signatory"},        {"đơn vị ký giao ước", "signatory"},
  {"signed on", "signed_on"},         {"signed", "signed_on"},           {"ngày ký", "signed_on"},
  {"counterpart", "counterpart"},     {"ký với", "counterpart"},         {"đơn vị ký với", "counterpart"},
  {"document", "document"},           {"văn bản", "document"},           {"indicator", "indicator"},
  {"indicator code", "indicator"},    {"chỉ tiêu", "indicator"},         {"mã chỉ tiêu", "indicator"},
  {"tên chỉ tiêu", "indicator"},      {"comparator", "comparator"},      {"so sánh", "comparator"},
  {"điều kiện", "comparator"},        {"target", "target"},              {"target value", "target"},
  {"mục tiêu", "target"},             {"mức giao", "target"},            {"chỉ tiêu giao", "target"},
  {"unit of measure", "measure_unit"}, {"measure unit", "measure_unit"}, {"đơn vị tính", "measure_unit"},
  {"đvt", "measure_unit"},            {"max points", "max_points"},      {"maximum points", "max_points"},
  {"điểm tối đa", "max_points"},      {"điểm chuẩn", "max_points"},      {"thang điểm", "max_points"},
  {"scoring", "scoring"},             {"scoring mode", "scoring"},       {"cách chấm", "scoring"},
  {"cách chấm điểm", "scoring"},      {"criterion", "criterion"},        {"tiêu chí", "criterion"},
  {"self points", "self_points"},     {"self assessed", "self_points"},  {"điểm tự chấm", "self_points"},
  {"tự chấm", "self_points"},         {"awarded points", "awarded_points"}, {"điểm thẩm định", "awarded_points"},
  {"điểm được chấm", "awarded_points"}, {"note", "note"},               {"ghi chú", "note"},
};
// clang-format on

// The fields that name the pledge; the others belong to the target.
constexpr std::array<std::string_view, 6> k_pledge_fields = {"campaign",  "period",      "signatory",
                                                             "signed_on", "counterpart", "document"};

bool is_pledge_field(std::string_view field) {
  return std::find(k_pledge_fields.begin(), k_pledge_fields.end(), field) != k_pledge_fields.end();
}

// "≥" and "≤" as typed in office documents, and words for the scoring modes.
std::string normalise_cell(const std::string& field, const std::string& cell) {
  std::string text = cell;
  while (!text.empty() && text.front() == ' ') {
    text.erase(0, 1);
  }
  while (!text.empty() && text.back() == ' ') {
    text.pop_back();
  }
  if (field == "comparator") {
    if (text == "\xE2\x89\xA5" || text == "=>") {
      return ">=";
    }
    if (text == "\xE2\x89\xA4" || text == "=<") {
      return "<=";
    }
    if (text == "==") {
      return "=";
    }
  } else if (field == "scoring") {
    const std::string key = header_key(text);
    if (key == "all or nothing" || key == "đạt không đạt" || key == "đạt/không đạt" ||
        key == "cả hoặc không") {
      return "all_or_nothing";
    }
    if (key == "theo tỷ lệ" || key == "tỷ lệ" || key == "tỉ lệ" || key == "theo tỉ lệ") {
      return "proportional";
    }
  } else if (is_date_field(field)) {
    return normalise_date(text);
  }
  return text;
}

} // namespace

bool is_pledge_header(const std::vector<std::string>& cells) {
  return std::any_of(cells.begin(), cells.end(), [](const std::string& cell) {
    const std::string key = header_key(cell);
    const auto found = k_pledge_headers.find(key);
    if (found == k_pledge_headers.end()) {
      return false;
    }
    // Columns a figure sheet may have too (unit, indicator, period, unit of measure, ...) tell nothing.
    const std::string& field = found->second;
    return field == "comparator" || field == "target" || field == "max_points" || field == "signed_on" ||
           field == "scoring" || field == "criterion" || field == "self_points" || field == "awarded_points" ||
           key == "signatory" || key == "đơn vị ký" || key == "đơn vị ký giao ước";
  });
}

void Rows::pledge_header(const std::vector<std::string>& cells, std::uint64_t line) {
  m_had_header = true;
  m_kind = SheetKind::pledges;
  m_columns.assign(cells.size(), "");
  m_values.assign(cells.size(), "");
  for (std::size_t i = 0; i < cells.size(); ++i) {
    const auto known = k_pledge_headers.find(header_key(cells[i]));
    if (known == k_pledge_headers.end()) {
      continue;
    }
    const std::string& field = known->second;
    if (has_column(field)) {
      throw RowError(line, "two columns are read as " + field + " (the second is '" + cells[i] + "')");
    }
    m_has_column[field] = true;
    m_columns[i] = field;
  }
  std::string missing;
  for (const char* field : {"campaign", "period", "signatory"}) {
    if (!has_column(field) && m_mapping.constants.count(field) == 0) {
      missing += std::string(missing.empty() ? "" : ", ") + field;
    }
  }
  if (!has_column("indicator") && !has_column("criterion")) {
    missing += std::string(missing.empty() ? "" : ", ") + "indicator (or criterion)";
  }
  if (!missing.empty()) {
    throw RowError(line, "the pledge sheet has no column for " + missing +
                           " (name them in Vietnamese or English, or give -O campaign=CODE)");
  }
}

void Rows::add_target(const std::vector<std::string>& cells, std::uint64_t line, const char* place,
                      const char* excerpt) {
  const std::size_t count = std::min(cells.size(), m_columns.size());
  std::vector<campaign_field> pledge;
  m_fields.clear();
  std::string key;
  for (std::size_t i = 0; i < count; ++i) {
    const std::string& field = m_columns[i];
    if (field.empty()) {
      continue;
    }
    m_values[i] = normalise_cell(field, cells[i]);
    if (m_values[i].empty()) {
      continue;
    }
    if (is_pledge_field(field)) {
      pledge.push_back({field.c_str(), m_values[i].c_str()});
    } else {
      m_fields.push_back({field.c_str(), m_values[i].c_str()});
    }
  }
  for (const auto& [field, value] : m_mapping.constants) {
    if (is_pledge_field(field) && !has_column(field)) {
      pledge.push_back({field.c_str(), value.c_str()});
    }
  }
  std::sort(pledge.begin(), pledge.end(), [](const campaign_field& a, const campaign_field& b) {
    return std::string_view(a.name) < b.name;
  });
  for (const campaign_field& field : pledge) {
    key.append(field.name).append("=").append(field.value).push_back('\x1f');
  }
  auto found = m_pledge_labels.find(key);
  if (found == m_pledge_labels.end()) {
    const std::string label = "pledge-row-" + std::to_string(line);
    pledge.push_back({"ref", label.c_str()});
    m_sink.add("pledge", pledge.data(), pledge.size(), line, place, excerpt);
    found = m_pledge_labels.emplace(key, "@" + label).first;
  }
  const bool has_indicator = std::any_of(m_fields.begin(), m_fields.end(), [](const campaign_field& field) {
    return std::string_view(field.name) == "indicator";
  });
  const bool has_criterion = std::any_of(m_fields.begin(), m_fields.end(), [](const campaign_field& field) {
    return std::string_view(field.name) == "criterion";
  });
  if (has_criterion && !has_indicator) {
    m_fields.push_back({"kind", "qualitative"});
  }
  m_fields.push_back({"pledge", found->second.c_str()});
  ++m_count;
  m_sink.add("target", m_fields.data(), m_fields.size(), line, place, excerpt);
}

} // namespace campaign_sheet
