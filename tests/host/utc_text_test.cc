// Host tests of /dev/rtc's calendar (drivers/rtc/utc_text.h): known dates
// around leap years and the ends of the range, and a walk over 500 years
// of days in which each day must follow the one before.
#include <doctest/doctest.h>

#include <cstdint>
#include <string>

#include "../../drivers/rtc/utc_text.h"

namespace {

std::string text_of(uint64_t seconds) {
  char out[rtc::kUtcTextLength];
  rtc::format_utc(rtc::utc_from_unix_seconds(seconds), out);
  return std::string(out, sizeof out);
}

}  // namespace

TEST_CASE("known instants") {
  CHECK(text_of(0) == "1970-01-01T00:00:00Z\n");
  CHECK(text_of(946684799) == "1999-12-31T23:59:59Z\n");
  CHECK(text_of(951782400) == "2000-02-29T00:00:00Z\n");  // 2000 is a leap year (divisible by 400)
  CHECK(text_of(951868800) == "2000-03-01T00:00:00Z\n");
  CHECK(text_of(1234567890) == "2009-02-13T23:31:30Z\n");
  CHECK(text_of(1796616900) == "2026-12-07T04:15:00Z\n");
  CHECK(text_of(2147483648) == "2038-01-19T03:14:08Z\n");  // past 32-bit time_t
  CHECK(text_of(4107456000) == "2100-02-28T00:00:00Z\n");  // 2100 is not (divisible by 100)
  CHECK(text_of(4107542400) == "2100-03-01T00:00:00Z\n");
  CHECK(text_of(UINT64_MAX / 1'000'000'000) == "2554-07-21T23:34:33Z\n");  // the goldfish counter's end
}

TEST_CASE("leap years") {
  CHECK((rtc::is_leap_year(2024) && rtc::is_leap_year(2000) && rtc::is_leap_year(2400)));
  CHECK_FALSE((rtc::is_leap_year(2026) || rtc::is_leap_year(1900) || rtc::is_leap_year(2100)));
  CHECK((rtc::days_in_month(2024, 2) == 29 && rtc::days_in_month(2026, 2) == 28 && rtc::days_in_month(2026, 12) == 31));
}

TEST_CASE("every day for 500 years follows the one before") {
  constexpr uint64_t kDay = 86400;
  rtc::UtcTime before = rtc::utc_from_unix_seconds(0);
  uint64_t leap_days = 0;
  for (uint64_t day = 1; day < 500 * 366; ++day) {
    const rtc::UtcTime t = rtc::utc_from_unix_seconds(day * kDay + kDay - 1);
    REQUIRE((t.hour == 23 && t.minute == 59 && t.second == 59));
    const bool month_ends = before.day == rtc::days_in_month(before.year, before.month);
    const bool year_ends = month_ends && before.month == 12;
    REQUIRE(t.year == before.year + year_ends);
    REQUIRE(t.month == (year_ends ? 1 : before.month + month_ends));
    REQUIRE(t.day == (month_ends ? 1 : before.day + 1));
    leap_days += t.month == 2 && t.day == 29;
    before = t;
  }
  CHECK((before.year == 2471 && before.month == 1 && before.day == 13));
  CHECK(leap_days == 122);  // 1972..2468 by fours, less 2100, 2200 and 2300
}
