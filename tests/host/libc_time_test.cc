// Calendar time (libc/src/impl/time_impl.h) against glibc: gmtime_r,
// timegm and strftime, and the text /dev/rtc gives.
#include "../../libc/src/impl/time_impl.h"

#include <doctest/doctest.h>

#include <cstring>
#include <random>
#include <string>

namespace lib = tessera::libc;

namespace {

bool same_fields(const struct tm& a, const struct tm& b) {
  return a.tm_sec == b.tm_sec && a.tm_min == b.tm_min && a.tm_hour == b.tm_hour && a.tm_mday == b.tm_mday &&
         a.tm_mon == b.tm_mon && a.tm_year == b.tm_year && a.tm_wday == b.tm_wday && a.tm_yday == b.tm_yday &&
         a.tm_isdst == b.tm_isdst;
}

}  // namespace

TEST_CASE("seconds to fields and back agree with glibc's gmtime_r and timegm") {
  std::mt19937_64 random(1);
  int failures = 0;
  for (int i = 0; i < 20000; ++i) {
    // Within ±10,000 years, and a band around the epoch and 2038.
    time_t t = static_cast<time_t>(random() % 631152000000LL) - 315576000000LL;
    if (i % 2) t = static_cast<time_t>(random() % 4000000000LL) - 1000000000LL;
    struct tm ours = {}, theirs = {};
    CHECK(lib::utc_from_seconds(t, &ours));
    gmtime_r(&t, &theirs);
    if (!same_fields(ours, theirs) || lib::seconds_from_utc(ours) != t) ++failures;
  }
  CHECK(failures == 0);
}

TEST_CASE("timegm carries fields that are out of range") {
  std::mt19937_64 random(2);
  for (int i = 0; i < 2000; ++i) {
    struct tm t = {};
    t.tm_year = static_cast<int>(random() % 300);
    t.tm_mon = static_cast<int>(random() % 60) - 30;
    t.tm_mday = static_cast<int>(random() % 100) - 30;
    t.tm_hour = static_cast<int>(random() % 100) - 30;
    t.tm_min = static_cast<int>(random() % 200) - 60;
    t.tm_sec = static_cast<int>(random() % 200) - 60;
    struct tm copy = t;
    CHECK(lib::seconds_from_utc(t) == timegm(&copy));
  }
}

TEST_CASE("strftime matches glibc's in the C locale") {
  const char* formats[] = {"%a %A %b %B %h", "%c", "%C %y %Y %G %g", "%d %e %j %m", "%D %F %x", "%H %I %M %S %p",
                           "%r %R %T %X", "%u %w %U %W %V", "%s", "%z %n%t%%", "plain text", "%Ey %OH %Q"};
  std::mt19937_64 random(3);
  for (int i = 0; i < 3000; ++i) {
    time_t t = static_cast<time_t>(random() % 253402300800LL);  // years 1970..9999
    if (i < 800) t = static_cast<time_t>(random() % (3 * 365 * 86400)) + 1577836800 - 365 * 86400;  // ISO week edges
    struct tm fields;
    gmtime_r(&t, &fields);
    for (const char* format : formats) {
      char ours[200], theirs[200];
      size_t n = lib::format_time(ours, sizeof ours, format, fields);
      size_t m = strftime(theirs, sizeof theirs, format, &fields);
      CHECK_MESSAGE(n == m, format);
      CHECK_MESSAGE(std::string(ours, n) == std::string(theirs, m), format);
    }
  }
}

TEST_CASE("strftime returns 0 when the text and its NUL do not fit") {
  struct tm fields = {};
  fields.tm_year = 126;
  char out[11];
  CHECK(lib::format_time(out, 10, "%Y-%m-%d", fields) == 0);
  CHECK(lib::format_time(out, 11, "%Y-%m-%d", fields) == 10);
  CHECK(std::string(out) == "2026-01-00");
}

TEST_CASE("the RTC's UTC text becomes seconds since the epoch") {
  int64_t seconds = 0;
  CHECK(lib::parse_utc_text("2026-12-07T04:03:00Z\n", 21, &seconds));
  CHECK(seconds == 1796616180);
  CHECK(lib::parse_utc_text("1970-01-01T00:00:00Z", 20, &seconds));
  CHECK(seconds == 0);
  CHECK_FALSE(lib::parse_utc_text("2026-13-07T04:03:00Z", 20, &seconds));
  CHECK_FALSE(lib::parse_utc_text("2026-12-07 04:03:00Z", 20, &seconds));
  CHECK_FALSE(lib::parse_utc_text("2026-12-07T04:03:00", 19, &seconds));
}

TEST_CASE("a sleep's deadline rounds up to whole ticks and saturates instead of wrapping") {
  constexpr uint64_t kRate = 10000000;  // 100 ns ticks
  CHECK(lib::sleep_deadline(5, kRate, 0, 0) == 5);
  CHECK(lib::sleep_deadline(5, kRate, 0, 1) == 6);
  CHECK(lib::sleep_deadline(5, kRate, 0, 100) == 6);
  CHECK(lib::sleep_deadline(5, kRate, 0, 101) == 7);
  CHECK(lib::sleep_deadline(0, kRate, 2, 999999999) == 2 * kRate + kRate);
  CHECK(lib::sleep_deadline(1000, kRate, INT64_MAX, 0) == UINT64_MAX);
  CHECK(lib::sleep_deadline(UINT64_MAX - 10, kRate, 0, 5000) == UINT64_MAX);
}
