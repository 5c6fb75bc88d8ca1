// <time.h>: clocks, sleeping, and calendar time in UTC (there are no time
// zones: localtime is gmtime). CLOCK_MONOTONIC counts from boot on the
// timer (the timebase from auxv). CLOCK_REALTIME is the time /dev/rtc gave
// when a clock was first read, plus the monotonic time since; without an
// RTC it starts at the epoch at boot, as a machine without one does.
#pragma once

#include <stddef.h>

#include <bits/timespec.h>

#ifdef __cplusplus
extern "C" {
#endif

typedef int clockid_t;
typedef long clock_t;

#define CLOCK_REALTIME 0
#define CLOCK_MONOTONIC 1
#define CLOCKS_PER_SEC 1000000L
#define TIME_UTC 1

struct tm {
  int tm_sec;
  int tm_min;
  int tm_hour;
  int tm_mday;
  int tm_mon;
  int tm_year;
  int tm_wday;
  int tm_yday;
  int tm_isdst;
  long tm_gmtoff;       // always 0 (UTC)
  const char* tm_zone;  // always "UTC"
};

// 0, or -1 with errno EINVAL for an unknown clock.
int clock_gettime(clockid_t clock, struct timespec* now);
// The timer's resolution (one tick of the timebase).
int clock_getres(clockid_t clock, struct timespec* resolution);
time_t time(time_t* out);
// The monotonic time, in CLOCKS_PER_SEC units (there is no per-process CPU time).
clock_t clock(void);
// Sleeps at least the time asked (rounded up to timer ticks); never
// interrupted, so remaining (if given) is set to zero. EINVAL for a
// nanosecond field outside 0..999,999,999 or a negative time.
int nanosleep(const struct timespec* duration, struct timespec* remaining);

struct tm* gmtime_r(const time_t* seconds, struct tm* out);
struct tm* gmtime(const time_t* seconds);
struct tm* localtime_r(const time_t* seconds, struct tm* out);
struct tm* localtime(const time_t* seconds);
// Inverses of gmtime: normalize the fields (and set tm_wday, tm_yday).
time_t timegm(struct tm* fields);
time_t mktime(struct tm* fields);
double difftime(time_t end, time_t start);
// The C locale's conversions and POSIX's (%a..%Z, %C %D %e %F %g %G %h %n
// %r %R %s %t %T %u %V), E and O modifiers ignored; 0 if the result and
// its NUL do not fit.
size_t strftime(char* out, size_t capacity, const char* format, const struct tm* fields);

#ifdef __cplusplus
}
#endif
