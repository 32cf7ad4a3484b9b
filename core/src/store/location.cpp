#include "store/location.hpp"

#include <cctype>

namespace campaign::store {

namespace {

constexpr std::string_view k_hidden = "****";

// The scheme's end ("://") and the end of the authority part (user:password@host:port).
struct Authority {
  std::size_t begin = std::string_view::npos;
  std::size_t end = std::string_view::npos;
};

Authority authority_of(std::string_view url) {
  const std::size_t scheme = url.find("://");
  if (scheme == std::string_view::npos) {
    return {};
  }
  const std::size_t begin = scheme + 3;
  std::size_t end = url.find_first_of("/?", begin);
  if (end == std::string_view::npos) {
    end = url.size();
  }
  return {begin, end};
}

// The password's place in the URL, [first, last), if it has one; each place
// may hold one. `from` starts the search after an earlier one.
struct Span {
  std::size_t first = std::string_view::npos;
  std::size_t last = std::string_view::npos;
  bool found() const { return first != std::string_view::npos; }
};

Span user_password(std::string_view url) {
  const Authority auth = authority_of(url);
  if (auth.begin == std::string_view::npos) {
    return {};
  }
  const std::string_view part = url.substr(auth.begin, auth.end - auth.begin);
  const std::size_t at = part.rfind('@');
  if (at == std::string_view::npos) {
    return {};
  }
  const std::size_t colon = part.substr(0, at).find(':');
  if (colon == std::string_view::npos) {
    return {};
  }
  return {auth.begin + colon + 1, auth.begin + at};
}

// The value of a password=... parameter after `from`.
Span query_password(std::string_view url, std::size_t from) {
  const std::size_t query = url.find('?');
  if (query == std::string_view::npos) {
    return {};
  }
  std::size_t pos = std::max(query + 1, from);
  while (pos < url.size()) {
    std::size_t end = url.find('&', pos);
    if (end == std::string_view::npos) {
      end = url.size();
    }
    const std::string_view item = url.substr(pos, end - pos);
    if (item.starts_with("password=")) {
      return {pos + 9, end};
    }
    pos = end + 1;
  }
  return {};
}

int hex_digit(char c) {
  if (c >= '0' && c <= '9') {
    return c - '0';
  }
  c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return c >= 'a' && c <= 'f' ? c - 'a' + 10 : -1;
}

std::string percent_decoded(std::string_view text) {
  std::string out;
  for (std::size_t i = 0; i < text.size(); ++i) {
    if (text[i] == '%' && i + 2 < text.size() && hex_digit(text[i + 1]) >= 0 && hex_digit(text[i + 2]) >= 0) {
      out += static_cast<char>(hex_digit(text[i + 1]) * 16 + hex_digit(text[i + 2]));
      i += 2;
    } else {
      out += text[i];
    }
  }
  return out;
}

void replace_all(std::string& text, std::string_view secret) {
  if (secret.empty()) {
    return;
  }
  for (std::size_t at = text.find(secret); at != std::string::npos;
       at = text.find(secret, at + k_hidden.size())) {
    text.replace(at, secret.size(), k_hidden);
  }
}

} // namespace

bool is_postgresql_url(std::string_view location) {
  return location.starts_with("postgresql://") || location.starts_with("postgres://");
}

bool url_has_password(std::string_view url) {
  return is_postgresql_url(url) && (user_password(url).found() || query_password(url, 0).found());
}

std::string display_location(std::string_view location) {
  std::string shown(location);
  if (!is_postgresql_url(location)) {
    return shown;
  }
  // Query first: replacing it does not move the user part before it.
  for (Span span = query_password(shown, 0); span.found();
       span = query_password(shown, span.first + k_hidden.size())) {
    shown.replace(span.first, span.last - span.first, k_hidden);
  }
  if (const Span span = user_password(shown); span.found()) {
    shown.replace(span.first, span.last - span.first, k_hidden);
  }
  return shown;
}

std::string scrub_password(std::string text, std::string_view url) {
  if (!is_postgresql_url(url)) {
    return text;
  }
  if (const Span span = user_password(url); span.found()) {
    const std::string_view raw = url.substr(span.first, span.last - span.first);
    replace_all(text, raw);
    replace_all(text, percent_decoded(raw));
  }
  for (Span span = query_password(url, 0); span.found(); span = query_password(url, span.last)) {
    const std::string_view raw = url.substr(span.first, span.last - span.first);
    replace_all(text, raw);
    replace_all(text, percent_decoded(raw));
  }
  return text;
}

} // namespace campaign::store
