#include "cli/commands.hpp"

#include "util/error.hpp"
#include "util/exit_status.hpp"

#include <fmt/format.h>

#include <fstream>
#include <iostream>
#include <set>
#include <sstream>

namespace campaign::cli {

namespace {

// Splits one line of a batch file into words as a POSIX shell would for
// plain words and quotes: blanks separate words; '...' keeps everything
// literally; "..." keeps everything but \" and \\; a backslash outside
// quotes keeps the next character. Throws InvalidInput for an open quote.
std::vector<std::string> split_words(const std::string& line) {
  std::vector<std::string> words;
  std::string word;
  bool in_word = false;
  for (std::size_t i = 0; i < line.size(); ++i) {
    const char c = line[i];
    if (c == ' ' || c == '\t' || c == '\r') {
      if (in_word) {
        words.push_back(std::move(word));
        word.clear();
        in_word = false;
      }
      continue;
    }
    in_word = true;
    if (c == '\'') {
      const std::size_t end = line.find('\'', i + 1);
      if (end == std::string::npos) {
        throw InvalidInput("a ' is not closed");
      }
      word += line.substr(i + 1, end - i - 1);
      i = end;
    } else if (c == '"') {
      std::size_t j = i + 1;
      for (; j < line.size() && line[j] != '"'; ++j) {
        if (line[j] == '\\' && j + 1 < line.size() && (line[j + 1] == '"' || line[j + 1] == '\\')) {
          ++j;
        }
        word += line[j];
      }
      if (j >= line.size()) {
        throw InvalidInput("a \" is not closed");
      }
      i = j;
    } else if (c == '\\' && i + 1 < line.size()) {
      word += line[++i];
    } else {
      word += c;
    }
  }
  if (in_word) {
    words.push_back(std::move(word));
  }
  return words;
}

// Prefixes every line of `text` with `place`.
void report_failure(std::ostream& err, const std::string& place, const std::string& text) {
  std::istringstream lines(text);
  std::string line;
  while (std::getline(lines, line)) {
    err << place << ": " << line << '\n';
  }
}

} // namespace

void add_batch_command(CLI::App& app, Context& context) {
  struct Values {
    std::string file;
    bool keep_going = false;
  };
  auto values = std::make_shared<Values>();
  auto* command = app.add_subcommand(
    "batch", "Run campaign command lines from a file (one per line, '-' for stdin) in one process");
  command->add_option("FILE", values->file, "the file of command lines")->required();
  command->add_flag("-k,--keep-going", values->keep_going, "go on after a command fails");
  command->callback([&context, values] {
    context.action = [&context, values] {
      if (context.shared()) {
        throw UsageError("batch: a batch file cannot run another batch");
      }
      std::ifstream file;
      if (values->file != "-") {
        file.open(values->file);
        if (!file) {
          throw InvalidInput(fmt::format("{}: cannot read it", values->file));
        }
      }
      std::istream& in = values->file == "-" ? std::cin : file;
      const std::string name = values->file == "-" ? "stdin" : values->file;
      std::string line;
      std::size_t number = 0;
      std::size_t commands = 0;
      std::size_t failed = 0;
      int first_status = 0;
      while (std::getline(in, line)) {
        ++number;
        const std::string place = fmt::format("{}:{}", name, number);
        std::vector<std::string> words;
        int status = 0;
        std::ostringstream errors;
        try {
          words = split_words(line);
          if (words.empty() || words.front().starts_with("#")) {
            continue;
          }
          // The program's name may lead the line ("campaign report ..."); the
          // record noun "campaign" is followed by one of its verbs instead.
          static const std::set<std::string, std::less<>> k_campaign_verbs = {"add", "list", "show", "edit",
                                                                               "remove"};
          if (words.front() == "campaign" && (words.size() == 1 || k_campaign_verbs.count(words[1]) == 0)) {
            words.erase(words.begin());
          }
          for (const std::string& word : words) {
            if (word == "--db" || word.starts_with("--db=") || word == "--plugin-dir" ||
                word.starts_with("--plugin-dir=")) {
              throw UsageError(fmt::format("{} is set once, on the batch command line", word.substr(0, word.find('='))));
            }
          }
        } catch (const Error& e) {
          errors << "campaign: error: " << e.what() << '\n';
          status = static_cast<int>(e.status());
        }
        ++commands;
        if (status == 0) {
          Context line_context(context.out(), errors);
          line_context.options = context.options;
          line_context.share(context);
          std::vector<const char*> argv{"campaign"};
          for (const std::string& word : words) {
            argv.push_back(word.c_str());
          }
          status = run_in(line_context, static_cast<int>(argv.size()), argv.data());
        }
        if (status != 0) {
          ++failed;
          if (first_status == 0) {
            first_status = status;
          }
          report_failure(context.err(), place, errors.str());
          if (!values->keep_going) {
            break;
          }
        } else if (!errors.str().empty()) {
          context.err() << errors.str();
        }
      }
      if (failed > 0) {
        throw Error(fmt::format("{}: {} of {} commands failed", name, failed, commands),
                    static_cast<ExitStatus>(first_status));
      }
    };
  });
}

} // namespace campaign::cli
