// libctest clock and sleep: CLOCK_REALTIME against /dev/rtc read here
// directly (fopen is not ours yet: through the Vfs session), the
// monotonic clock, and sleeps measured on it.
#include <errno.h>
#include <stdio.h>
#include <time.h>
#include <unistd.h>
#include <sys/time.h>

#include "fs.idl.h"
#include "ipc/open_flags.h"
#include "ipc/startup.h"
#include "ipc/transport.h"
#include "libctest.h"
#include "vfs.idl.h"

namespace libctest {

namespace {

using Transport = ipc::ChannelTransport;

bool rtc_text(char* out, size_t capacity) {
  auto handles = ipc::startup_handles();
  if (handles.empty()) return false;
  Transport session(handles[0]);
  ipc::Handle h = ipc::kInvalidHandle;
  idl::fs::Stat stat;
  if (!idl::vfs::VfsClient<Transport>(session).open("/dev/rtc", ipc::open_flags::kReadOnly, 0, h, stat)) return false;
  Transport transport(h);
  idl::Data text;
  bool ok = idl::fs::FileClient<Transport>(transport).read(0, 64, text) && text.size + 1 <= capacity;
  if (ok) snprintf(out, capacity, "%.*s", int(text.size), reinterpret_cast<const char*>(text.data));
  (void)ipc::close(h);
  return ok;
}

int64_t nanos(const timespec& t) { return t.tv_sec * 1000000000LL + t.tv_nsec; }

int64_t monotonic_nanos() {
  timespec t;
  clock_gettime(CLOCK_MONOTONIC, &t);
  return nanos(t);
}

}  // namespace

int test_clock() {
  const char* name = "clock";
  timespec now;
  if (!check(clock_gettime(CLOCK_REALTIME, &now) == 0, name, "clock_gettime(CLOCK_REALTIME)")) return 1;
  char rtc[64];
  if (!check(rtc_text(rtc, sizeof rtc), name, "cannot read /dev/rtc")) return 1;
  // What the RTC says, as the same text strftime makes of the clock.
  struct tm fields;
  char mine[64];
  strftime(mine, sizeof mine, "%Y-%m-%dT%H:%M:%SZ\n", gmtime_r(&now.tv_sec, &fields));
  printf("realtime: %s", mine);
  printf("rtc: %s", rtc);
  timespec after;
  clock_gettime(CLOCK_REALTIME, &after);
  // The RTC counts whole seconds: the two readings bracket it within one.
  struct tm rtc_fields = {};
  bool parsed = sscanf(rtc, "%d-%d-%dT%d:%d:%dZ", &rtc_fields.tm_year, &rtc_fields.tm_mon, &rtc_fields.tm_mday,
                       &rtc_fields.tm_hour, &rtc_fields.tm_min, &rtc_fields.tm_sec) == 6;
  rtc_fields.tm_year -= 1900;
  rtc_fields.tm_mon -= 1;
  time_t rtc_seconds = timegm(&rtc_fields);
  bool ok = check(parsed, name, "the RTC's text does not scan") &&
            check(rtc_seconds >= now.tv_sec - 1 && rtc_seconds <= after.tv_sec + 1, name,
                  "CLOCK_REALTIME and /dev/rtc disagree") &&
            check(time(nullptr) >= now.tv_sec, name, "time() is behind clock_gettime");
  timeval tv;
  ok = ok && check(gettimeofday(&tv, nullptr) == 0 && tv.tv_sec >= now.tv_sec && tv.tv_usec < 1000000, name,
                   "gettimeofday");
  int64_t previous = monotonic_nanos();
  for (int i = 0; ok && i < 1000; ++i) {
    int64_t next = monotonic_nanos();
    ok = check(next >= previous, name, "CLOCK_MONOTONIC went back");
    previous = next;
  }
  timespec resolution;
  ok = ok && check(clock_getres(CLOCK_MONOTONIC, &resolution) == 0 && resolution.tv_sec == 0 &&
                       resolution.tv_nsec > 0 && resolution.tv_nsec <= 1000,
                   name, "clock_getres: not the timebase's tick");
  errno = 0;
  ok = ok && check(clock_gettime(99, &now) == -1 && errno == EINVAL, name, "unknown clock accepted");
  return ok ? 0 : 1;
}

int test_sleep() {
  const char* name = "sleep";
  bool ok = true;
  static const long kAsked[] = {1000000, 30000000, 250000000};
  for (long asked : kAsked) {
    timespec duration = {0, asked}, remaining = {5, 5};
    int64_t start = monotonic_nanos();
    int result = nanosleep(&duration, &remaining);
    int64_t slept = monotonic_nanos() - start;
    printf("nanosleep %ld ns: slept %lld ns\n", asked, static_cast<long long>(slept));
    ok = ok && check(result == 0 && remaining.tv_sec == 0 && remaining.tv_nsec == 0, name, "nanosleep failed") &&
         check(slept >= asked, name, "nanosleep returned early");
  }
  int64_t start = monotonic_nanos();
  ok = ok && check(usleep(20000) == 0 && monotonic_nanos() - start >= 20000000, name, "usleep returned early");
  start = monotonic_nanos();
  ok = ok && check(sleep(1) == 0 && monotonic_nanos() - start >= 1000000000, name, "sleep returned early");
  timespec bad = {0, 1000000000};
  errno = 0;
  ok = ok && check(nanosleep(&bad, nullptr) == -1 && errno == EINVAL, name, "tv_nsec of 10^9 accepted");
  bad = {-1, 0};
  errno = 0;
  ok = ok && check(nanosleep(&bad, nullptr) == -1 && errno == EINVAL, name, "a negative time accepted");
  return ok ? 0 : 1;
}

}  // namespace libctest
