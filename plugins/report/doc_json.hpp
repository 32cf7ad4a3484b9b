#pragma once

// Small helpers shared by the analyses: reading fields of the query API's
// JSON answers and writing the blocks of a report document
// (docs/report-document.md).

#include "document.hpp"
#include "text.hpp"

#include <nlohmann/json.hpp>

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace campaign::report {

using Json = nlohmann::json;
using Doc = nlohmann::ordered_json;

// Returns the field as text: a string as it is, another value as JSON, empty when absent or null.
std::string str(const Json& object, const char* key);

// Returns the field when it is a number, as a whole number.
std::optional<std::int64_t> integer(const Json& object, const char* key);

// Returns the field when it is a number, else 0.
double number(const Json& object, const char* key);

// Returns a whole number as a JSON integer (7296, not 7296.0), anything else as it is.
Doc num(double value);

// Returns {"value": ..., "qualifier": ...}.
Doc quantity(const Quantity& q);

// Returns an exact quantity.
Doc exact(double value);

// Returns the text with its braces doubled, so that data text never reads as a paragraph's slots.
std::string brace_escape(const std::string& text);

// Returns the slot "{N}" of a paragraph's value number N.
std::string slot(std::size_t n);

// Returns a paragraph block with slots "{0}", "{1}" for the values.
Doc paragraph(const std::string& text, std::vector<Doc> values);

// Returns a note block.
Doc note(const std::string& text);

// Returns a table column.
Doc column(const std::string& key, const std::string& label, const std::string& type);

// Returns a section without blocks.
Doc section(const std::string& id, const std::string& title);

// Returns the footnote ids as a JSON array.
Doc notes_json(const std::vector<int>& ids);

// How many units a ranking table lists, from the analyses' option "units": a
// whole number above zero, or "all" (nullopt). Throws sdk::Failure (invalid
// input) for anything else.
std::optional<std::size_t> parse_units_listed(std::string_view text);

// Returns how many rows of a ranking table to list, given the rank of each
// row in table order (0 for a row without a rank): the first `limit` rows and
// every later row that shares the last one's rank; every row for nullopt.
std::size_t rows_listed(const std::vector<int>& ranks, std::optional<std::size_t> limit);

// Returns the paragraph that follows a table of units cut short by the option
// "units": how many rows it lists, how many it leaves out, and how to list all.
Doc rows_not_listed(std::size_t listed, std::size_t total, Lang lang);

} // namespace campaign::report
