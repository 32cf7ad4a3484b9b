#pragma once

#include "util/exit_status.hpp"

#include <exception>
#include <string>
#include <utility>

namespace campaign {

// The project's exceptions. They are thrown where a failure is found, gain
// context on the way up (catch by reference, add_context, `throw;`), and are
// caught once, at the command boundary, which prints `campaign: error: ...`
// and exits with status().
class Error : public std::exception {
public:
  explicit Error(std::string message, ExitStatus status = ExitStatus::failure)
    : m_message(std::move(message)), m_status(status) {}

  const char* what() const noexcept override { return m_message.c_str(); }
  ExitStatus status() const { return m_status; }

  // Prefixes the message with "<context>: ".
  void add_context(const std::string& context) { m_message = context + ": " + m_message; }

private:
  std::string m_message;
  ExitStatus m_status;
};

// The command line is wrong: an unknown option value, a missing argument.
class UsageError : public Error {
public:
  explicit UsageError(std::string message) : Error(std::move(message), ExitStatus::usage) {}
};

// Data was refused: a malformed value, an unknown code, a broken rule.
class InvalidInput : public Error {
public:
  explicit InvalidInput(std::string message)
    : Error(std::move(message), ExitStatus::invalid_data) {}
};

// The database cannot be used: not SQLite, a newer schema, read-only.
class DatabaseError : public Error {
public:
  explicit DatabaseError(std::string message) : Error(std::move(message), ExitStatus::database) {}
};

} // namespace campaign
