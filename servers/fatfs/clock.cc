// Unix time to FAT date and time.
#include "clock.h"

namespace fatfs {

FatTime fat_time(uint64_t t) {
  constexpr uint64_t k1980 = 315532800;   // 1980-01-01T00:00:00Z
  constexpr uint64_t k2107 = 4354819199;  // 2107-12-31T23:59:59Z, the last FAT can hold
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

namespace {

// Days since 1970-01-01 of a civil date (Howard Hinnant's algorithm).
int64_t days_from_civil(int64_t y, int64_t m, int64_t d) {
  y -= m <= 2;
  int64_t era = y / 400;
  int64_t yoe = y - era * 400;
  int64_t doy = (153 * (m > 2 ? m - 3 : m + 9) + 2) / 5 + d - 1;
  int64_t doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + doe - 719468;
}

}  // namespace

uint64_t unix_time(FatTime t) {
  int64_t year = 1980 + (t.date >> 9), month = t.date >> 5 & 15, day = t.date & 31;
  // An entry that never had a date (0) says 1980-01-01, as fat_time's floor.
  if (month < 1 || month > 12) month = 1;
  if (day < 1) day = 1;
  int64_t seconds = (t.time >> 11) * 3600 + (t.time >> 5 & 63) * 60 + (t.time & 31) * 2;
  return uint64_t(days_from_civil(year, month, day) * 86400 + seconds);
}

Result<uint64_t> unix_from_utc_text(const char* text, size_t length) {
  constexpr char kShape[] = "dddd-dd-ddTdd:dd:ddZ";
  if (length < sizeof kShape - 1) return Error::InvalidArgument;
  for (size_t i = 0; i + 1 < sizeof kShape; ++i) {
    bool digit = text[i] >= '0' && text[i] <= '9';
    if (kShape[i] == 'd' ? !digit : text[i] != kShape[i]) return Error::InvalidArgument;
  }
  auto number = [text](size_t at, size_t digits) {
    int64_t v = 0;
    for (size_t i = 0; i < digits; ++i) v = v * 10 + (text[at + i] - '0');
    return v;
  };
  int64_t year = number(0, 4), month = number(5, 2), day = number(8, 2);
  int64_t hour = number(11, 2), minute = number(14, 2), second = number(17, 2);
  if (year < 1970 || month < 1 || month > 12 || day < 1 || day > 31 || hour > 23 || minute > 59 || second > 60)
    return Error::InvalidArgument;
  return uint64_t(days_from_civil(year, month, day) * 86400 + hour * 3600 + minute * 60 + second);
}

}  // namespace fatfs
