#include "renderers.hpp"

#include "templates.hpp"

namespace campaign::report {

std::string render_markdown(const Document& document, const std::string& template_text) {
  std::string text =
    render_template(document, template_text, [](const std::string& value) { return markdown_escape(value); });
  // Templates leave blank lines where optional parts are absent; Markdown needs at most one.
  std::string out;
  std::size_t newlines = 2; // no blank lines at the start either
  for (const char c : text) {
    if (c == '\n') {
      if (++newlines > 2) {
        continue;
      }
    } else {
      newlines = 0;
    }
    out += c;
  }
  while (out.size() > 1 && out.ends_with("\n\n")) {
    out.pop_back();
  }
  return out;
}

} // namespace campaign::report
