#include "proc_text.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

namespace coreutils {

namespace {
bool is_blank(char c) { return c == ' ' || c == '\t'; }
}

bool proc_field(const char* text, const char* key, char* out, size_t capacity) {
  size_t key_length = strlen(key);
  for (const char* line = text; *line;) {
    const char* end = strchr(line, '\n');
    if (!end) end = line + strlen(line);
    if (size_t(end - line) > key_length && memcmp(line, key, key_length) == 0 && line[key_length] == ':') {
      const char* value = line + key_length + 1;
      while (value < end && is_blank(*value)) ++value;
      const char* value_end = end;
      while (value_end > value && is_blank(value_end[-1])) --value_end;
      size_t n = size_t(value_end - value);
      if (n >= capacity) n = capacity - 1;
      memcpy(out, value, n);
      out[n] = '\0';
      return true;
    }
    line = *end ? end + 1 : end;
  }
  return false;
}

bool proc_number(const char* text, const char* key, uint64_t& out) {
  char value[64];
  if (!proc_field(text, key, value, sizeof value)) return false;
  if (value[0] < '0' || value[0] > '9') return false;
  out = 0;
  for (const char* p = value; *p >= '0' && *p <= '9'; ++p) out = out * 10 + uint64_t(*p - '0');
  return true;
}

bool parse_uptime_seconds(const char* text, uint64_t& seconds) {
  if (text[0] < '0' || text[0] > '9') return false;
  seconds = 0;
  for (const char* p = text; *p >= '0' && *p <= '9'; ++p) seconds = seconds * 10 + uint64_t(*p - '0');
  return true;
}

size_t format_uptime(uint64_t seconds, char* out, size_t capacity) {
  uint64_t days = seconds / 86400;
  unsigned hours = unsigned(seconds / 3600 % 24);
  unsigned minutes = unsigned(seconds / 60 % 60);
  unsigned secs = unsigned(seconds % 60);
  int n;
  if (days == 0) {
    n = snprintf(out, capacity, "up %u:%02u:%02u", hours, minutes, secs);
  } else {
    n = snprintf(out, capacity, "up %llu day%s, %u:%02u:%02u", static_cast<unsigned long long>(days),
                 days == 1 ? "" : "s", hours, minutes, secs);
  }
  return size_t(n);
}

bool read_small_file(const char* path, char* out, size_t capacity) {
  int fd = open(path, O_RDONLY);
  if (fd < 0) return false;
  size_t used = 0;
  for (;;) {
    ssize_t n = read(fd, out + used, capacity - 1 - used);
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) {
      int error = errno;
      close(fd);
      errno = error;
      return false;
    }
    if (n == 0 || (used += size_t(n)) == capacity - 1) break;
  }
  close(fd);
  out[used] = '\0';
  return true;
}

}  // namespace coreutils
