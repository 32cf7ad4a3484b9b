#pragma once

// The Mustache templates of the Markdown and HTML renderers: where the
// default ones are, and the view of a document they are rendered with
// (docs/report-document.md, "Templates", lists its names).

#include "document.hpp"

#include <filesystem>
#include <functional>
#include <string>
#include <string_view>
#include <vector>

namespace campaign::report {

// Returns the folders searched for the default templates, in order:
// $CAMPAIGN_DATA_DIR/templates, the installed share/campaign/templates
// found from this library's own location, and the source tree's
// data/templates when the plugin runs from its build tree.
std::vector<std::filesystem::path> template_folders();

// Returns the text of the template file `chosen`, or, when it is empty, of
// `default_name` in the first folder of template_folders() that has it.
// Throws sdk::Failure (invalid input) naming the file when it cannot be read,
// and naming the folders searched when no default is found.
std::string load_template(const std::string& chosen, std::string_view default_name);

// Returns the document rendered through the Mustache template text; every
// {{name}} is passed through `escape`, {{{name}}} is not. Throws sdk::Failure
// (invalid input) with the parser's message for a template that does not parse.
std::string render_template(const Document& document, const std::string& template_text,
                            const std::function<std::string(const std::string&)>& escape);

} // namespace campaign::report
