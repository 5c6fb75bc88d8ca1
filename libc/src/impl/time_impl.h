// Calendar time in UTC (the proleptic Gregorian calendar): conversions
// between seconds since the epoch and struct tm, strftime's body, the
// text /dev/rtc gives, and nanosleep's deadline, as inline code in tessera::libc for time.cc and the
// host tests.
#pragma once

#include <stddef.h>
#include <stdint.h>
#include <time.h>

namespace tessera::libc {

inline constexpr int64_t kSecondsPerDay = 86400;

inline int64_t floor_div(int64_t a, int64_t b) { return a / b - ((a % b != 0) && ((a < 0) != (b < 0))); }

// Days since 1970-01-01. Counts in 400-year eras of 146,097 days, each
// starting on March 1st so that the leap day ends the year.
inline int64_t days_from_civil(int64_t year, int month, int day) {
  year -= month <= 2;
  int64_t era = floor_div(year, 400);
  int64_t year_of_era = year - era * 400;                             // 0..399
  int64_t day_of_year = (153 * ((month + 9) % 12) + 2) / 5 + day - 1;  // from March 1st
  int64_t day_of_era = year_of_era * 365 + year_of_era / 4 - year_of_era / 100 + day_of_year;
  return era * 146097 + day_of_era - 719468;  // 719468: days from 0000-03-01 to 1970-01-01
}

struct Civil {
  int64_t year;
  int month;  // 1..12
  int day;    // 1..31
};

inline Civil civil_from_days(int64_t days) {
  days += 719468;
  int64_t era = floor_div(days, 146097);
  int64_t day_of_era = days - era * 146097;
  int64_t year_of_era = (day_of_era - day_of_era / 1460 + day_of_era / 36524 - day_of_era / 146096) / 365;
  int64_t day_of_year = day_of_era - (365 * year_of_era + year_of_era / 4 - year_of_era / 100);
  int64_t month_from_march = (5 * day_of_year + 2) / 153;
  int day = static_cast<int>(day_of_year - (153 * month_from_march + 2) / 5 + 1);
  int month = static_cast<int>(month_from_march < 10 ? month_from_march + 3 : month_from_march - 9);
  return {year_of_era + era * 400 + (month <= 2), month, day};
}

// False when the year does not fit tm_year.
inline bool utc_from_seconds(int64_t seconds, struct tm* out) {
  int64_t days = floor_div(seconds, kSecondsPerDay);
  int64_t rest = seconds - days * kSecondsPerDay;
  Civil c = civil_from_days(days);
  if (c.year - 1900 > INT32_MAX || c.year - 1900 < INT32_MIN) return false;
  out->tm_year = static_cast<int>(c.year - 1900);
  out->tm_mon = c.month - 1;
  out->tm_mday = c.day;
  out->tm_hour = static_cast<int>(rest / 3600);
  out->tm_min = static_cast<int>(rest / 60 % 60);
  out->tm_sec = static_cast<int>(rest % 60);
  out->tm_wday = static_cast<int>(days + 4 - floor_div(days + 4, 7) * 7);  // 1970-01-01 was a Thursday
  out->tm_yday = static_cast<int>(days - days_from_civil(c.year, 1, 1));
  out->tm_isdst = 0;
  return true;
}

// timegm: fields out of range carry into the larger ones.
inline int64_t seconds_from_utc(const struct tm& t) {
  int64_t month = t.tm_mon;
  int64_t year = t.tm_year + 1900LL + floor_div(month, 12);
  month -= floor_div(month, 12) * 12;
  int64_t days = days_from_civil(year, static_cast<int>(month) + 1, 1) + t.tm_mday - 1;
  return days * kSecondsPerDay + t.tm_hour * 3600LL + t.tm_min * 60LL + t.tm_sec;
}

// "YYYY-MM-DDTHH:MM:SSZ" (then anything, such as the newline /dev/rtc ends with).
inline bool parse_utc_text(const char* text, size_t length, int64_t* seconds) {
  static constexpr char kShape[] = "dddd-dd-ddTdd:dd:ddZ";
  if (length < sizeof kShape - 1) return false;
  for (size_t i = 0; i < sizeof kShape - 1; ++i) {
    bool digit = text[i] >= '0' && text[i] <= '9';
    if (kShape[i] == 'd' ? !digit : text[i] != kShape[i]) return false;
  }
  auto number = [text](int at, int digits) {
    int v = 0;
    for (int i = 0; i < digits; ++i) v = v * 10 + (text[at + i] - '0');
    return v;
  };
  struct tm t = {};
  t.tm_year = number(0, 4) - 1900;
  t.tm_mon = number(5, 2) - 1;
  t.tm_mday = number(8, 2);
  t.tm_hour = number(11, 2);
  t.tm_min = number(14, 2);
  t.tm_sec = number(17, 2);
  if (t.tm_mon > 11 || t.tm_mday < 1 || t.tm_mday > 31 || t.tm_hour > 23 || t.tm_min > 59 || t.tm_sec > 60) {
    return false;
  }
  *seconds = seconds_from_utc(t);
  return true;
}

// The tick nanosleep may wake at: rounded up, so the sleep is never
// shorter than asked; a time past the counter's range (LONG_MAX seconds,
// "forever") saturates instead of wrapping into a short sleep.
inline uint64_t sleep_deadline(uint64_t now, uint64_t ticks_per_second, int64_t seconds, int64_t nanoseconds) {
  constexpr uint64_t kNanosPerSecond = 1000000000;
  uint64_t part = (static_cast<uint64_t>(nanoseconds) * ticks_per_second + kNanosPerSecond - 1) / kNanosPerSecond;
  uint64_t deadline;
  if (__builtin_mul_overflow(static_cast<uint64_t>(seconds), ticks_per_second, &deadline) ||
      __builtin_add_overflow(deadline, part, &deadline) || __builtin_add_overflow(deadline, now, &deadline)) {
    return UINT64_MAX;
  }
  return deadline;
}

namespace time_detail {

inline constexpr const char* kDays[] = {"Sunday", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday"};
inline constexpr const char* kMonths[] = {"January", "February", "March",     "April",   "May",      "June",
                                          "July",    "August",   "September", "October", "November", "December"};

class Output {
 public:
  Output(char* out, size_t capacity) : out_(out), capacity_(capacity) {}
  void put(char c) {
    if (length_ + 1 < capacity_) out_[length_] = c;
    else overflow_ = true;
    ++length_;
  }
  void text(const char* s, size_t limit = SIZE_MAX) {
    for (size_t i = 0; s[i] && i < limit; ++i) put(s[i]);
  }
  void number(int64_t value, int width, char pad = '0') {
    char digits[24];
    int n = 0;
    uint64_t magnitude = value < 0 ? 0 - static_cast<uint64_t>(value) : static_cast<uint64_t>(value);
    do {
      digits[n++] = static_cast<char>('0' + magnitude % 10);
      magnitude /= 10;
    } while (magnitude);
    if (value < 0) put('-');
    for (int i = n + (value < 0); i < width; ++i) put(pad);
    while (n) put(digits[--n]);
  }
  size_t finish() {
    if (overflow_ || capacity_ == 0) return 0;
    out_[length_] = '\0';
    return length_;
  }

 private:
  char* out_;
  size_t capacity_;
  size_t length_ = 0;
  bool overflow_ = false;
};

// ISO 8601 weeks start on Monday; week 1 holds the year's first Thursday.
inline int iso_weeks_in_year(int64_t year) {
  // The weekday of December 31st (0 Sunday).
  auto last_day = [](int64_t y) {
    int64_t n = y + floor_div(y, 4) - floor_div(y, 100) + floor_div(y, 400);
    return n - floor_div(n, 7) * 7;
  };
  return 52 + (last_day(year) == 4 || last_day(year - 1) == 3);
}

inline void iso_week(const struct tm& t, int64_t* year, int* week) {
  *year = t.tm_year + 1900LL;
  int weekday = (t.tm_wday + 6) % 7;  // Monday 0
  *week = (t.tm_yday - weekday + 10) / 7;
  if (*week < 1) {
    --*year;
    *week = iso_weeks_in_year(*year);
  } else if (*week > iso_weeks_in_year(*year)) {
    ++*year;
    *week = 1;
  }
}

inline void format(Output& out, const char* f, const struct tm& t) {
  for (; *f; ++f) {
    if (*f != '%') {
      out.put(*f);
      continue;
    }
    ++f;
    if (*f == 'E' || *f == 'O') ++f;
    int64_t year = t.tm_year + 1900LL;
    int hour12 = t.tm_hour % 12 == 0 ? 12 : t.tm_hour % 12;
    bool day_ok = t.tm_wday >= 0 && t.tm_wday < 7;
    bool month_ok = t.tm_mon >= 0 && t.tm_mon < 12;
    switch (*f) {
      case 'a': out.text(day_ok ? kDays[t.tm_wday] : "?", 3); break;
      case 'A': out.text(day_ok ? kDays[t.tm_wday] : "?"); break;
      case 'b': case 'h': out.text(month_ok ? kMonths[t.tm_mon] : "?", 3); break;
      case 'B': out.text(month_ok ? kMonths[t.tm_mon] : "?"); break;
      case 'c': format(out, "%a %b %e %H:%M:%S %Y", t); break;
      case 'C': out.number(floor_div(year, 100), 2); break;
      case 'd': out.number(t.tm_mday, 2); break;
      case 'D': format(out, "%m/%d/%y", t); break;
      case 'e': out.number(t.tm_mday, 2, ' '); break;
      case 'F': format(out, "%Y-%m-%d", t); break;
      case 'g': case 'G': case 'V': {
        int64_t iso_year;
        int week;
        iso_week(t, &iso_year, &week);
        if (*f == 'V') out.number(week, 2);
        else if (*f == 'g') out.number((iso_year % 100 + 100) % 100, 2);
        else out.number(iso_year, 1);
        break;
      }
      case 'H': out.number(t.tm_hour, 2); break;
      case 'I': out.number(hour12, 2); break;
      case 'j': out.number(t.tm_yday + 1, 3); break;
      case 'm': out.number(t.tm_mon + 1, 2); break;
      case 'M': out.number(t.tm_min, 2); break;
      case 'n': out.put('\n'); break;
      case 'p': out.text(t.tm_hour < 12 ? "AM" : "PM"); break;
      case 'r': format(out, "%I:%M:%S %p", t); break;
      case 'R': format(out, "%H:%M", t); break;
      case 's': out.number(seconds_from_utc(t), 1); break;
      case 'S': out.number(t.tm_sec, 2); break;
      case 't': out.put('\t'); break;
      case 'T': format(out, "%H:%M:%S", t); break;
      case 'u': out.number(t.tm_wday == 0 ? 7 : t.tm_wday, 1); break;
      case 'U': out.number((t.tm_yday + 7 - t.tm_wday) / 7, 2); break;
      case 'w': out.number(t.tm_wday, 1); break;
      case 'W': out.number((t.tm_yday + 7 - (t.tm_wday + 6) % 7) / 7, 2); break;
      case 'x': format(out, "%m/%d/%y", t); break;
      case 'X': format(out, "%H:%M:%S", t); break;
      case 'y': out.number((year % 100 + 100) % 100, 2); break;
      case 'Y': out.number(year, 1); break;
      case 'z': out.text("+0000"); break;
      case 'Z': out.text("UTC"); break;
      case '%': out.put('%'); break;
      case '\0': return;
      default:
        out.put('%');
        out.put(*f);
    }
  }
}

}  // namespace time_detail

inline size_t format_time(char* out, size_t capacity, const char* format, const struct tm& fields) {
  time_detail::Output output(out, capacity);
  time_detail::format(output, format, fields);
  return output.finish();
}

}  // namespace tessera::libc
