#include "util/interrupt.hpp"

#include <atomic>

namespace campaign::util {

namespace {

std::atomic<bool> g_interrupted{false};
static_assert(std::atomic<bool>::is_always_lock_free, "the flag is set from a signal handler");

extern "C" void on_interrupt(int /*signal*/) {
  g_interrupted.store(true);
}

} // namespace

InterruptGuard::InterruptGuard() {
  g_interrupted.store(false);
  struct sigaction action {};
  action.sa_handler = &on_interrupt;
  sigemptyset(&action.sa_mask);
  // The handler runs once; a second Ctrl-C gets the default action and ends the process.
  action.sa_flags = static_cast<int>(SA_RESETHAND);
  sigaction(SIGINT, &action, &m_previous);
}

InterruptGuard::~InterruptGuard() {
  sigaction(SIGINT, &m_previous, nullptr);
  g_interrupted.store(false);
}

bool interrupt_requested() {
  return g_interrupted.load();
}

} // namespace campaign::util
