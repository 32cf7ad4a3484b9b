#pragma once

namespace campaign {

// Every exit code the `campaign` executable can return. docs/cli.md lists them.
enum class ExitStatus : int {
  success = 0,
  failure = 1,      // a command failed for a reason not covered below
  usage = 2,        // the command line is wrong
  invalid_data = 3, // input data (a value, a file, a code) was refused
  database = 4,     // the database cannot be used (not SQLite, newer schema, read-only, locked)
  interrupted = 130,
};

} // namespace campaign
