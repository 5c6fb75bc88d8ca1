#include "date_time.h"

#include <stdint.h>

namespace coreutils {

namespace {

// Days since 1970-01-01 of a civil date (Howard Hinnant's algorithm).
int64_t days_from_civil(int64_t y, int64_t m, int64_t d) {
  y -= m <= 2;
  int64_t era = (y >= 0 ? y : y - 399) / 400;
  int64_t yoe = y - era * 400;
  int64_t doy = (153 * (m > 2 ? m - 3 : m + 9) + 2) / 5 + d - 1;
  int64_t doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + doe - 719468;
}

// digits decimal digits at p, moving p past them; false if there are not.
bool number(const char*& p, int digits, int& out) {
  out = 0;
  for (int i = 0; i < digits; ++i, ++p) {
    if (*p < '0' || *p > '9') return false;
    out = out * 10 + (*p - '0');
  }
  return true;
}

bool expect(const char*& p, char c) { return *p++ == c; }

}  // namespace

bool parse_date_time(const char* text, struct timespec& out) {
  const char* p = text;
  int year, month, day, hour, minute, second;
  if (!number(p, 4, year) || !expect(p, '-') || !number(p, 2, month) || !expect(p, '-') || !number(p, 2, day))
    return false;
  if (*p != 'T' && *p != ' ') return false;
  ++p;
  if (!number(p, 2, hour) || !expect(p, ':') || !number(p, 2, minute) || !expect(p, ':') || !number(p, 2, second))
    return false;
  long nanoseconds = 0;
  if (*p == '.' || *p == ',') {
    ++p;
    long scale = 100000000;
    if (*p < '0' || *p > '9') return false;
    for (; *p >= '0' && *p <= '9'; ++p, scale /= 10) nanoseconds += (*p - '0') * scale;
  }
  bool utc = *p == 'Z';
  if (utc) ++p;
  if (*p != '\0') return false;
  if (month < 1 || month > 12 || day < 1 || day > 31 || hour > 23 || minute > 59 || second > 60) return false;
  if (utc) {
    out.tv_sec = time_t(days_from_civil(year, month, day) * 86400 + hour * 3600 + minute * 60 + second);
  } else {
    struct tm fields {};
    fields.tm_year = year - 1900;
    fields.tm_mon = month - 1;
    fields.tm_mday = day;
    fields.tm_hour = hour;
    fields.tm_min = minute;
    fields.tm_sec = second;
    fields.tm_isdst = -1;
    out.tv_sec = mktime(&fields);
  }
  out.tv_nsec = nanoseconds;
  return true;
}

}  // namespace coreutils
