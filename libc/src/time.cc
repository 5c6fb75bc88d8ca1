// Clocks and sleeping on the timer (ipc/time.h), the wall clock from
// /dev/rtc, and calendar time over impl/time_impl.h.
#include <errno.h>
#include <sys/time.h>
#include <time.h>
#include <unistd.h>

#include "fs.idl.h"
#include "impl/time_impl.h"
#include "ipc/open_flags.h"
#include "ipc/startup.h"
#include "ipc/time.h"
#include "ipc/transport.h"
#include "posix/signal_delivery.h"
#include "vfs.idl.h"

namespace lib = tessera::libc;

namespace {

constexpr int64_t kNanosPerSecond = 1000000000;

timespec from_ticks(uint64_t ticks) {
  uint64_t rate = ipc::ticks_per_second();
  return {static_cast<time_t>(ticks / rate), static_cast<long>((ticks % rate) * kNanosPerSecond / rate)};
}

// The seconds since the epoch /dev/rtc gives, read through this process's
// Vfs session (startup handle 0, as procmgr starts every program); false
// without a session or an RTC. The deadline bounds the wait should handle
// 0 be something else (a service that init started with other handles).
bool read_rtc(int64_t* seconds) {
  auto handles = ipc::startup_handles();
  if (handles.empty()) return false;
  constexpr uint64_t kRtcTimeoutMs = 2000;
  ipc::ChannelTransport session(handles[0], ipc::deadline_in_ms(kRtcTimeoutMs));
  ipc::Handle file = ipc::kInvalidHandle;
  idl::fs::Stat stat;
  if (!idl::vfs::VfsClient<ipc::ChannelTransport>(session).open("/dev/rtc", ipc::open_flags::kReadOnly, 0, file, stat)) {
    return false;
  }
  ipc::ChannelTransport transport(file, ipc::deadline_in_ms(kRtcTimeoutMs));
  idl::Data text;
  bool ok = idl::fs::FileClient<ipc::ChannelTransport>(transport).read(0, 64, text) &&
            lib::parse_utc_text(reinterpret_cast<const char*>(text.data), text.size, seconds);
  (void)ipc::close(file);
  return ok;
}

// The wall clock as (seconds at a tick count): read from the RTC once;
// two threads that race here read the same clock and store the same values.
struct WallClock {
  bool known = false;
  int64_t seconds = 0;  // at `ticks`
  uint64_t ticks = 0;
};
WallClock wall_clock;

timespec realtime() {
  if (!wall_clock.known) {
    int64_t seconds = 0;
    uint64_t ticks = sys::read_time();
    // Without an RTC the clock starts at the epoch at boot (tick 0).
    if (!read_rtc(&seconds)) ticks = 0;
    wall_clock = {true, seconds, ticks};
  }
  timespec since = from_ticks(sys::read_time() - wall_clock.ticks);
  since.tv_sec += wall_clock.seconds;
  return since;
}

}  // namespace

extern "C" {

int clock_gettime(clockid_t clock, timespec* now) {
  if (clock == CLOCK_MONOTONIC) {
    *now = from_ticks(sys::read_time());
  } else if (clock == CLOCK_REALTIME) {
    *now = realtime();
  } else {
    errno = EINVAL;
    return -1;
  }
  return 0;
}

int clock_getres(clockid_t clock, timespec* resolution) {
  if (clock != CLOCK_MONOTONIC && clock != CLOCK_REALTIME) {
    errno = EINVAL;
    return -1;
  }
  if (resolution) {
    uint64_t rate = ipc::ticks_per_second();
    *resolution = {0, static_cast<long>((kNanosPerSecond + rate - 1) / rate)};
  }
  return 0;
}

time_t time(time_t* out) {
  time_t now = realtime().tv_sec;
  if (out) *out = now;
  return now;
}

clock_t clock(void) {
  timespec now = from_ticks(sys::read_time());
  return now.tv_sec * CLOCKS_PER_SEC + now.tv_nsec / (kNanosPerSecond / CLOCKS_PER_SEC);
}

int gettimeofday(timeval* now, void*) {
  timespec t = realtime();
  *now = {t.tv_sec, t.tv_nsec / 1000};
  return 0;
}

int nanosleep(const timespec* duration, timespec* remaining) {
  if (duration->tv_sec < 0 || duration->tv_nsec < 0 || duration->tv_nsec >= kNanosPerSecond) {
    errno = EINVAL;
    return -1;
  }
  // The kernel wakes a sleeper at or after its deadline.
  uint64_t deadline =
      lib::sleep_deadline(sys::read_time(), ipc::ticks_per_second(), duration->tv_sec, duration->tv_nsec);
  bool interrupted = tessera::posix::wait_for_signal(deadline);
  uint64_t now = sys::read_time();
  if (remaining) *remaining = interrupted && now < deadline ? from_ticks(deadline - now) : timespec{0, 0};
  if (!interrupted) return 0;
  errno = EINTR;
  return -1;
}

unsigned int sleep(unsigned int seconds) {
  timespec duration = {static_cast<time_t>(seconds), 0};
  timespec left = {0, 0};
  if (nanosleep(&duration, &left) == 0) return 0;
  return static_cast<unsigned int>(left.tv_sec + (left.tv_nsec > 0));
}

int usleep(useconds_t microseconds) {
  if (microseconds >= 1000000) {
    errno = EINVAL;
    return -1;
  }
  timespec duration = {0, static_cast<long>(microseconds) * 1000};
  return nanosleep(&duration, nullptr);
}

tm* gmtime_r(const time_t* seconds, tm* out) {
  if (!lib::utc_from_seconds(*seconds, out)) {
    errno = EOVERFLOW;
    return nullptr;
  }
  out->tm_gmtoff = 0;
  out->tm_zone = "UTC";
  return out;
}

tm* gmtime(const time_t* seconds) {
  static tm fields;
  return gmtime_r(seconds, &fields);
}

tm* localtime_r(const time_t* seconds, tm* out) { return gmtime_r(seconds, out); }

tm* localtime(const time_t* seconds) { return gmtime(seconds); }

time_t timegm(tm* fields) {
  time_t seconds = lib::seconds_from_utc(*fields);
  return gmtime_r(&seconds, fields) ? seconds : -1;
}

time_t mktime(tm* fields) { return timegm(fields); }

double difftime(time_t end, time_t start) { return static_cast<double>(end - start); }

size_t strftime(char* out, size_t capacity, const char* format, const tm* fields) {
  return lib::format_time(out, capacity, format, *fields);
}

}  // extern "C"
