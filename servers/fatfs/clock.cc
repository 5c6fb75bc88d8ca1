// Unix time to FAT date and time.
#include "clock.h"

namespace fatfs {

FatTime fat_time(uint64_t t) {
  constexpr uint64_t k1980 = 315532800;  // 1980-01-01T00:00:00Z
  constexpr uint64_t k2107 = 4354819199; // 2107-12-31T23:59:59Z, the last FAT can hold
  if (t < k1980) t = k1980;
  if (t > k2107) t = k2107;
  uint64_t days = t / 86400, secs = t % 86400;
  // Civil date from days since 1970 (Howard Hinnant's algorithm).
  int64_t z = int64_t(days) + 719468;
  int64_t era = z / 146097;
  int64_t doe = z - era * 146097;
  int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  int64_t mp = (5 * doy + 2) / 153;
  int64_t day = doy - (153 * mp + 2) / 5 + 1;
  int64_t month = mp < 10 ? mp + 3 : mp - 9;
  int64_t year = yoe + era * 400 + (month <= 2);
  FatTime out;
  out.date = uint16_t((year - 1980) << 9 | month << 5 | day);
  out.time = uint16_t((secs / 3600) << 11 | (secs / 60 % 60) << 5 | (secs % 60) / 2);
  return out;
}

}  // namespace fatfs
