// Fuzz target for parse_period(), the period expressions of every command and
// importer. InvalidInput is the parser refusing the text as it should; a
// crash, a sanitizer finding or another exception is a bug. What it gives back
// is checked too:
//   - the span starts no later than it ends, inside years 1..9999;
//   - a named period comes back with its own name and dates;
//   - the label of any other period reads back as the same period (the
//     canonical form is a period expression itself).
//
// The first byte picks whether the campaign defines named periods.
//
//   ninja -C build-fuzz run_fuzz_period      (configured with -DCAMPAIGN_FUZZ=ON, clang)
#include "domain/date.hpp"
#include "domain/period_expr.hpp"
#include "util/error.hpp"

#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string_view>
#include <vector>

namespace {

using campaign::domain::Date;
using campaign::domain::DateSpan;
using campaign::domain::NamedPeriod;

const std::vector<NamedPeriod>& named_periods() {
  static const std::vector<NamedPeriod> periods = {
    {"2018-2023", DateSpan{Date::from_ymd(2018, 1, 1), Date::from_ymd(2023, 8, 11)}},
    {"Đợt 1", DateSpan{Date::from_ymd(2023, 3, 26), Date::from_ymd(2023, 9, 2)}},
    {"nhiệm kỳ", DateSpan{Date::from_ymd(2020, 10, 1), Date::from_ymd(2025, 9, 30)}},
  };
  return periods;
}

void check(bool condition) {
  if (!condition) {
    std::abort();
  }
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size == 0) {
    return 0;
  }
  static const std::vector<NamedPeriod> none;
  const std::vector<NamedPeriod>& named = (data[0] & 1u) != 0 ? named_periods() : none;
  const std::string_view text(reinterpret_cast<const char*>(data) + 1, size - 1);
  try {
    const auto period = campaign::domain::parse_period(text, named);
    check(period.span.from <= period.span.to);
    check(period.span.from.year() >= 1 && period.span.to.year() <= 9999);
    check(!period.label.empty());
    if (period.named) {
      bool found = false;
      for (const NamedPeriod& candidate : named) {
        found = found || (candidate.name == period.label && candidate.span == period.span);
      }
      check(found);
    } else {
      const auto again = campaign::domain::parse_period(period.label, named);
      check(again == period);
    }
  } catch (const campaign::InvalidInput&) {
  }
  return 0;
}
