#include "rules.hpp"

#include "text.hpp"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <initializer_list>
#include <set>

namespace campaign::article {

namespace {

using Json = nlohmann::json;

constexpr std::string_view k_format = "campaign-article-rules";
constexpr int k_version = 1;

[[noreturn]] void refuse(const std::string& where, const std::string& what) {
  throw RulesError(where.empty() ? what : where + ": " + what);
}

void check_keys(const Json& object, std::initializer_list<std::string_view> known, const std::string& where) {
  for (const auto& [key, value] : object.items()) {
    if (std::find(known.begin(), known.end(), key) == known.end()) {
      std::string message = "unknown key \"" + key + "\" (expected ";
      for (auto name = known.begin(); name != known.end(); ++name) {
        message += name == known.begin() ? "" : ", ";
        message += *name;
      }
      refuse(where, message + ")");
    }
  }
}

const std::string& string_at(const Json& value, const std::string& where) {
  if (!value.is_string()) {
    refuse(where, "must be a string");
  }
  return value.get_ref<const std::string&>();
}

Phrase phrase_at(const Json& value, const std::string& where) {
  try {
    return make_phrase(string_at(value, where));
  } catch (const RulesError& e) {
    refuse(where, e.what());
  }
}

std::vector<Phrase> phrases_at(const Json& value, const std::string& where) {
  if (!value.is_array() || value.empty()) {
    refuse(where, "must be a non-empty array of strings");
  }
  std::vector<Phrase> phrases;
  for (std::size_t i = 0; i < value.size(); ++i) {
    phrases.push_back(phrase_at(value[i], where + "[" + std::to_string(i) + "]"));
  }
  return phrases;
}

Qualifier qualifier_named(const std::string& code, const std::string& where) {
  for (Qualifier q : {Qualifier::exact, Qualifier::at_least, Qualifier::at_most, Qualifier::about}) {
    if (code == qualifier_code(q)) {
      return q;
    }
  }
  refuse(where, "'" + code + "' is not a qualifier (expected exact, at_least, at_most or about)");
}

PhraseRule phrase_rule_at(const Json& value, const std::string& where) {
  PhraseRule rule;
  if (value.is_string()) {
    rule.text = value.get<std::string>();
    rule.phrase = phrase_at(value, where);
    return rule;
  }
  if (!value.is_object()) {
    refuse(where, "must be a string or an object {\"phrase\": ..., \"context\": [...]}");
  }
  check_keys(value, {"phrase", "context"}, where);
  if (!value.contains("phrase")) {
    refuse(where, "\"phrase\" is missing");
  }
  rule.text = string_at(value["phrase"], where + ".phrase");
  rule.phrase = phrase_at(value["phrase"], where + ".phrase");
  if (value.contains("context")) {
    rule.context = phrases_at(value["context"], where + ".context");
  }
  return rule;
}

IndicatorRule indicator_at(const Json& value, const std::string& index) {
  if (!value.is_object()) {
    refuse(index, "must be an object");
  }
  std::string where = index;
  if (value.contains("code") && value["code"].is_string()) {
    where += " (" + value["code"].get<std::string>() + ")";
  }
  check_keys(value, {"code", "name", "parent", "phrases"}, where);
  IndicatorRule rule;
  if (!value.contains("code")) {
    refuse(where, "\"code\" is missing");
  }
  rule.code = string_at(value["code"], where + ": code");
  if (rule.code.empty()) {
    refuse(where, "code: must not be empty");
  }
  if (value.contains("name")) {
    string_at(value["name"], where + ": name");
  }
  if (value.contains("parent")) {
    rule.parent = string_at(value["parent"], where + ": parent");
    if (rule.parent->empty() || *rule.parent == rule.code) {
      refuse(where, "parent: must name another indicator");
    }
  }
  if (!value.contains("phrases")) {
    refuse(where, "\"phrases\" is missing");
  }
  const Json& phrases = value["phrases"];
  if (!phrases.is_array() || phrases.empty()) {
    refuse(where, "phrases: must be a non-empty array");
  }
  for (std::size_t i = 0; i < phrases.size(); ++i) {
    rule.phrases.push_back(phrase_rule_at(phrases[i], where + ": phrases[" + std::to_string(i) + "]"));
  }
  return rule;
}

std::vector<Phrase> default_phrases(std::initializer_list<std::string_view> texts) {
  std::vector<Phrase> phrases;
  for (std::string_view text : texts) {
    phrases.push_back(make_phrase(text));
  }
  return phrases;
}

} // namespace

std::string_view qualifier_code(Qualifier qualifier) {
  switch (qualifier) {
  case Qualifier::at_least:
    return "at_least";
  case Qualifier::at_most:
    return "at_most";
  case Qualifier::about:
    return "about";
  case Qualifier::exact:
    break;
  }
  return "exact";
}

Phrase make_phrase(std::string_view text) {
  if (auto bad = find_bad_utf8(text)) {
    throw RulesError("'" + std::string(text) + "': " + bad->what);
  }
  Phrase phrase;
  for (const Token& token : tokenize(to_nfc(text))) {
    if (token.kind == TokenKind::number) {
      throw RulesError("'" + std::string(text) + "' has digits; a phrase is what follows the number");
    }
    if (token.kind == TokenKind::word) {
      phrase.push_back(token.key);
    }
  }
  if (phrase.empty()) {
    throw RulesError("'" + std::string(text) + "' has no word");
  }
  return phrase;
}

Rules parse_rules(std::string_view json) {
  Json root;
  try {
    root = Json::parse(json.begin(), json.end());
  } catch (const Json::exception& e) {
    throw RulesError(std::string("not valid JSON: ") + e.what());
  }
  if (!root.is_object()) {
    refuse("", "expected a JSON object with \"format\": \"campaign-article-rules\"");
  }
  check_keys(root, {"format", "version", "qualifiers", "subset_markers", "change_words", "indicators"}, "");
  if (!root.contains("format") || root["format"] != k_format) {
    refuse("", "not an article rule file: \"format\" must be \"" + std::string(k_format) + "\"");
  }
  if (!root.contains("version") || root["version"] != k_version) {
    refuse("", "\"version\" must be " + std::to_string(k_version) + ", the version this importer reads");
  }

  Rules rules;
  if (root.contains("qualifiers")) {
    const Json& qualifiers = root["qualifiers"];
    if (!qualifiers.is_object() || qualifiers.empty()) {
      refuse("qualifiers", "must be a non-empty object of \"word\": \"qualifier\"");
    }
    for (const auto& [word, code] : qualifiers.items()) {
      const std::string where = "qualifiers: \"" + word + "\"";
      Phrase phrase;
      try {
        phrase = make_phrase(word);
      } catch (const RulesError& e) {
        refuse("qualifiers", e.what());
      }
      rules.qualifiers.push_back({std::move(phrase), qualifier_named(string_at(code, where), where)});
    }
  } else {
    const std::pair<std::string_view, Qualifier> defaults[] = {
      {"trên", Qualifier::at_least}, {"hơn", Qualifier::at_least}, {"gần", Qualifier::at_most},
      {"khoảng", Qualifier::about},  {"ước", Qualifier::about},
    };
    for (const auto& [word, qualifier] : defaults) {
      rules.qualifiers.push_back({make_phrase(word), qualifier});
    }
  }
  rules.subset_markers = root.contains("subset_markers")
                           ? phrases_at(root["subset_markers"], "subset_markers")
                           : default_phrases({"trong đó", "trong số đó"});
  rules.change_words = root.contains("change_words") ? phrases_at(root["change_words"], "change_words")
                                                     : default_phrases({"tăng", "giảm"});

  if (!root.contains("indicators")) {
    refuse("", "\"indicators\" is missing");
  }
  const Json& indicators = root["indicators"];
  if (!indicators.is_array() || indicators.empty()) {
    refuse("indicators", "must be a non-empty array");
  }
  std::set<std::string> codes;
  for (std::size_t i = 0; i < indicators.size(); ++i) {
    IndicatorRule rule = indicator_at(indicators[i], "indicators[" + std::to_string(i) + "]");
    if (!codes.insert(rule.code).second) {
      refuse("indicators[" + std::to_string(i) + "] (" + rule.code + ")",
             "code: a second entry for this indicator; put all its phrases in one entry");
    }
    rules.indicators.push_back(std::move(rule));
  }
  return rules;
}

} // namespace campaign::article
