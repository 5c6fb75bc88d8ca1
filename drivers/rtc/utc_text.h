// The UTC calendar from a count of seconds since the Unix epoch, and the
// text /dev/rtc gives: "YYYY-MM-DDTHH:MM:SSZ\n" (ISO 8601). Header-only and
// freestanding, so the driver and its host test (tests/host/utc_text_test.cc)
// share it.
#pragma once

#include <cstddef>
#include <cstdint>

namespace rtc {

struct UtcTime {
  uint64_t year;
  uint32_t month;  // 1..12
  uint32_t day;    // 1..31
  uint32_t hour, minute, second;
};

constexpr bool is_leap_year(uint64_t year) { return year % 4 == 0 && (year % 100 != 0 || year % 400 == 0); }

constexpr uint32_t days_in_month(uint64_t year, uint32_t month) {
  constexpr uint8_t kDays[12] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  return month == 2 && is_leap_year(year) ? 29 : kDays[month - 1];
}

// The Gregorian calendar repeats every 400 years, which hold a whole number
// of days; so whole cycles are skipped at once and the rest walked, at most
// 399 years and 11 months.
constexpr UtcTime utc_from_unix_seconds(uint64_t seconds) {
  constexpr uint64_t kSecondsPerDay = 86400;
  constexpr uint64_t kDaysPer400Years = 400 * 365 + 97;
  uint64_t days = seconds / kSecondsPerDay;
  const uint32_t in_day = uint32_t(seconds % kSecondsPerDay);
  UtcTime t{1970 + 400 * (days / kDaysPer400Years), 1, 1, in_day / 3600, in_day / 60 % 60, in_day % 60};
  days %= kDaysPer400Years;
  for (uint64_t length = 365 + is_leap_year(t.year); days >= length; length = 365 + is_leap_year(t.year)) {
    days -= length;
    ++t.year;
  }
  while (days >= days_in_month(t.year, t.month)) days -= days_in_month(t.year, t.month++);
  t.day = uint32_t(days) + 1;
  return t;
}

// "YYYY-MM-DDTHH:MM:SSZ\n": years after 9999 do not fit (a 64-bit count of
// nanoseconds ends in 2554).
constexpr size_t kUtcTextLength = 21;

constexpr void format_utc(const UtcTime& t, char (&out)[kUtcTextLength]) {
  auto put = [&out](size_t at, uint64_t value, size_t digits) {
    for (size_t i = digits; i-- > 0; value /= 10) out[at + i] = char('0' + value % 10);
  };
  put(0, t.year, 4);
  put(5, t.month, 2);
  put(8, t.day, 2);
  put(11, t.hour, 2);
  put(14, t.minute, 2);
  put(17, t.second, 2);
  out[4] = out[7] = '-';
  out[10] = 'T';
  out[13] = out[16] = ':';
  out[19] = 'Z';
  out[20] = '\n';
}

}  // namespace rtc
