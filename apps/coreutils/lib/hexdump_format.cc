#include "hexdump_format.h"

#include <stdio.h>
#include <string.h>

namespace coreutils {

size_t HexdumpFormatter::format_line(uint64_t offset, const uint8_t* bytes, size_t count, char* out) {
  static const char kHex[] = "0123456789abcdef";
  size_t n = size_t(snprintf(out, kLineMax, "%08llx  ", static_cast<unsigned long long>(offset)));
  for (size_t i = 0; i < kLineBytes; ++i) {
    if (i < count) {
      out[n++] = kHex[bytes[i] >> 4];
      out[n++] = kHex[bytes[i] & 15];
    } else {
      out[n++] = ' ';
      out[n++] = ' ';
    }
    out[n++] = ' ';
    if (i == 7) out[n++] = ' ';
  }
  out[n++] = ' ';
  out[n++] = '|';
  for (size_t i = 0; i < count; ++i) out[n++] = bytes[i] >= 0x20 && bytes[i] < 0x7f ? char(bytes[i]) : '.';
  out[n++] = '|';
  out[n++] = '\n';
  return n;
}

void HexdumpFormatter::emit_line() {
  bool full = filled_ == kLineBytes;
  if (full && have_previous_ && memcmp(line_, previous_, kLineBytes) == 0) {
    if (!in_repeat_) out_.put("*\n", 2);
    in_repeat_ = true;
  } else {
    char text[kLineMax];
    out_.put(text, format_line(offset_, line_, filled_, text));
    in_repeat_ = false;
  }
  memcpy(previous_, line_, kLineBytes);
  have_previous_ = full;
  offset_ += filled_;
  filled_ = 0;
}

void HexdumpFormatter::feed(const uint8_t* bytes, size_t count) {
  while (count > 0) {
    size_t take = kLineBytes - filled_ < count ? kLineBytes - filled_ : count;
    memcpy(line_ + filled_, bytes, take);
    filled_ += take;
    bytes += take;
    count -= take;
    if (filled_ == kLineBytes) emit_line();
  }
}

void HexdumpFormatter::finish() {
  if (filled_ > 0) emit_line();
  if (offset_ == 0) return;
  char text[24];
  int n = snprintf(text, sizeof text, "%08llx\n", static_cast<unsigned long long>(offset_));
  out_.put(text, size_t(n));
}

}  // namespace coreutils
