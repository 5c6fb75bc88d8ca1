// Reading /proc's text files (ps, free, uptime): `Key:<blanks>value` lines
// as in /proc/<pid>/status and /proc/meminfo, and /proc/uptime's seconds.
// Tessera's procfs writes them as Linux does, so the host tests read Linux's.
#pragma once

#include <stddef.h>
#include <stdint.h>

namespace coreutils {

// The value of the line `key:` in text (blanks around it dropped, up to the
// end of the line), copied into out. False if there is no such line.
bool proc_field(const char* text, const char* key, char* out, size_t capacity);

// The leading unsigned number of a field's value ("1024 kB" is 1024).
bool proc_number(const char* text, const char* key, uint64_t& out);

// The first number of /proc/uptime ("12345.67 ..."), in whole seconds.
bool parse_uptime_seconds(const char* text, uint64_t& seconds);

// "up 3:04:05" or "up 2 days, 3:04:05" (uptime's line).
size_t format_uptime(uint64_t seconds, char* out, size_t capacity);

// The whole of a small file (/proc's) into out, NUL-terminated; false with
// errno on failure.
bool read_small_file(const char* path, char* out, size_t capacity);

}  // namespace coreutils
