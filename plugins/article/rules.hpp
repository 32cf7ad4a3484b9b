#pragma once

#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

namespace campaign::article {

// How a reported value relates to the true one, as the core's figure field "qualifier" names it.
enum class Qualifier { exact, at_least, at_most, about };

// Returns "exact", "at_least", "at_most" or "about".
std::string_view qualifier_code(Qualifier qualifier);

// Words compared by their keys (word_key()): "tin báo, tố giác" is {"tin", "báo", "tố", "giác"}.
using Phrase = std::vector<std::string>;

// One way of naming an indicator after a number: the phrase, and when `context` is not empty, one of
// the context phrases must also occur in the sentence ("đối tượng" counts AN07 only near "cảm hóa").
struct PhraseRule {
  std::string text; // as the rule file wrote it, for messages
  Phrase phrase;
  std::vector<Phrase> context;
};

struct IndicatorRule {
  std::string code;
  std::optional<std::string> parent; // a figure after "trong đó" is part of this indicator's figure
  std::vector<PhraseRule> phrases;
};

struct QualifierWord {
  Phrase phrase;
  Qualifier qualifier = Qualifier::exact;
};

// What the article importer knows of the language of reports (docs/formats.md describes the file).
struct Rules {
  std::vector<IndicatorRule> indicators;
  std::vector<QualifierWord> qualifiers;
  std::vector<Phrase> subset_markers; // "trong đó": the next figure is part of an earlier one
  std::vector<Phrase> change_words;   // "tăng", "giảm": the next number is a change, not a total
};

// Thrown for a rule file that cannot be used; the message names the entry and field at fault.
class RulesError : public std::runtime_error {
public:
  using std::runtime_error::runtime_error;
};

// Returns the rules in `json`, the text of a rule file. Throws RulesError for text that is not JSON
// (with the parser's line and column), for a file of another format or version, and for a missing,
// misspelt or mistyped key, an empty phrase, a phrase with digits, a repeated indicator code or an
// unknown qualifier.
Rules parse_rules(std::string_view json);

// Returns the words of `text` as a phrase (punctuation dropped); throws RulesError when it has no word
// or has digits.
Phrase make_phrase(std::string_view text);

} // namespace campaign::article
