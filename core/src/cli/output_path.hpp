#pragma once

// Output file names built from a pattern and values taken from the data
// (unit codes, period names): `campaign report --each unit -o PATTERN`.

#include <map>
#include <string>

namespace campaign::cli {

// Returns a value made safe to stand for one part of a file name: '/', '\',
// control characters and ".." become '_', a leading '.' becomes '_', and an
// empty value becomes "_". A value from the data can thus never name a
// folder above or beside the one the pattern names.
std::string safe_file_part(const std::string& value);

// Returns `pattern` with each {NAME} replaced by safe_file_part(values[NAME]).
// Throws UsageError for a {NAME} not in `values` or a '{' without its '}'.
std::string fill_output_path(const std::string& pattern, const std::map<std::string, std::string>& values);

// Creates the folder `path` is in, when it has one and it is missing; throws Error when it cannot.
void ensure_parent_folder(const std::string& path);

} // namespace campaign::cli
