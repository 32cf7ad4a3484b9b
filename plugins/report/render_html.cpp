#include "renderers.hpp"

#include "templates.hpp"

namespace campaign::report {

std::string render_html(const Document& document, const std::string& template_text) {
  return render_template(document, template_text,
                         [](const std::string& value) { return html_escape(value); });
}

} // namespace campaign::report
