#pragma once

#include <iosfwd>

namespace campaign::cli {

// Runs the `campaign` command line and returns the process exit status.
// Results go to `out`, messages to `err`; nothing is thrown.
int run(int argc, const char* const* argv, std::ostream& out, std::ostream& err);

} // namespace campaign::cli
