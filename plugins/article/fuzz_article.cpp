// libFuzzer target for parse_article(): any bytes, read with the shipped rule file. An ArticleError is
// the parser refusing the input as it should; anything else (a crash, a sanitizer finding, another
// exception) is a bug.
//
// Build and run (the corpus grows in build-fuzz/plugins/article/fuzz-article-corpus):
//
//   CC=clang CXX=clang++ cmake -S . -B build-fuzz -G Ninja -DCAMPAIGN_FUZZ=ON
//   ninja -C build-fuzz run_fuzz_article
#include "parser.hpp"
#include "rules.hpp"

#include <cstddef>
#include <cstdint>
#include <fstream>
#include <iterator>
#include <string>
#include <string_view>

namespace {

const campaign::article::Rules& shipped_rules() {
  static const campaign::article::Rules rules = [] {
    std::ifstream in(CAMPAIGN_ARTICLE_SOURCE_RULES, std::ios::binary);
    const std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    return campaign::article::parse_rules(text);
  }();
  return rules;
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  // The first byte picks what the caller knows, so both the settings' and the text's paths are fuzzed.
  campaign::article::ParseSettings settings;
  if (size > 0 && (data[0] & 1u) != 0) {
    settings.year = 2023;
  }
  if (size > 0 && (data[0] & 2u) != 0) {
    settings.default_period = "2018-2023";
  }
  try {
    const auto found = campaign::article::parse_article(text, shipped_rules(), settings);
    for (const auto& figure : found.figures) {
      if (figure.parent && *figure.parent >= found.figures.size()) {
        __builtin_trap();
      }
      if (figure.integer.empty() || figure.period.empty()) {
        __builtin_trap();
      }
    }
  } catch (const campaign::article::ArticleError&) {}
  return 0;
}
