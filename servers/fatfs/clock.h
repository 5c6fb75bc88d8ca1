// fatfs::Clock: where timestamps come from. The caller supplies it: the
// server reads /dev/rtc, host tests use a fixed time. FAT stores local
// date and time in two-second steps; Tessera's clock is UTC, and so is
// what fatfs writes.
#pragma once

#include <cstddef>
#include <cstdint>

#include "result.h"

namespace fatfs {

class Clock {
 public:
  virtual ~Clock() = default;
  // Seconds since 1970-01-01 UTC; 0 when the time is unknown.
  virtual uint64_t now() = 0;
};

struct FatTime {
  uint16_t date;  // (year - 1980) << 9 | month << 5 | day
  uint16_t time;  // hour << 11 | minute << 5 | second / 2
};

// The FAT date and time of a Unix time; before 1980 (or unknown) is
// 1980-01-01 00:00, the first moment FAT can tell.
FatTime fat_time(uint64_t unix_seconds);

// The Unix time of a FAT date and time (an entry's own: no checks beyond
// keeping a zero date at 1980-01-01).
uint64_t unix_time(FatTime t);

// The Unix time of /dev/rtc's text, "YYYY-MM-DDTHH:MM:SSZ" (what follows is
// ignored); InvalidArgument for anything else.
Result<uint64_t> unix_from_utc_text(const char* text, size_t length);

}  // namespace fatfs
