#pragma once

#include "util/error.hpp"

#include <csignal>

namespace campaign {

// The user interrupted a command (Ctrl-C); the work was undone.
class Interrupted : public Error {
public:
  explicit Interrupted(std::string message) : Error(std::move(message), ExitStatus::interrupted) {}
};

namespace util {

// While one lives, SIGINT only records that it came (interrupt_requested()),
// so that long work can stop at a safe point and roll back; a second SIGINT
// ends the process the usual way. The previous handling is restored when it
// is destroyed. Not nestable.
class InterruptGuard {
public:
  InterruptGuard();
  ~InterruptGuard();
  InterruptGuard(const InterruptGuard&) = delete;
  InterruptGuard& operator=(const InterruptGuard&) = delete;

private:
  struct sigaction m_previous {};
};

// True once SIGINT came while an InterruptGuard lived.
bool interrupt_requested();

} // namespace util
} // namespace campaign
