// How ls -l and stat show a file: its mode as ls writes it ("drwxr-xr-x"),
// its type in words, and a time.
#pragma once

#include <stddef.h>
#include <sys/types.h>
#include <time.h>

namespace coreutils {

// Ten characters and a NUL: the type letter and rwx three times, with
// s/S and t/T for set-id and sticky bits.
void mode_string(mode_t mode, char out[11]);

// "regular file", "directory", ...
const char* file_type_name(mode_t mode);

// The local time as `format` (strftime) shows it; returns the length.
size_t format_time(time_t when, const char* format, char* out, size_t capacity);

}  // namespace coreutils
