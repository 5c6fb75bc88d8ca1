// Where a FILE's bytes go and come from (C++ only). libc starts the standard
// streams on the debug console; the POSIX layer replaces the backend to
// route them through file descriptors.
#pragma once

#include <stddef.h>
#include <stdio.h>

namespace tessera {

struct FileBackend {
  // Writes up to length bytes; returns how many (at least 1), or a
  // negative value on error.
  long (*write)(void* cookie, const char* data, size_t length);
  // Reads up to capacity bytes, waiting for at least one; returns how
  // many, 0 at end of file, or a negative value on error.
  long (*read)(void* cookie, char* data, size_t capacity);
  void* cookie;
};

// Flushes file, drops its unread input, and makes it use backend.
void set_file_backend(FILE* file, const FileBackend& backend);

}  // namespace tessera
