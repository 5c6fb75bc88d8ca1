// Where the pure formatters (hexdump, uniq, ...) send their text: stdout in
// the utilities, a string in the host tests.
#pragma once

#include <stddef.h>

namespace coreutils {

struct Sink {
  void (*write)(void* context, const char* text, size_t length);
  void* context;

  void put(const char* text, size_t length) const { write(context, text, length); }
};

// A sink on stdout (stdio, so buffered).
Sink stdout_sink();

}  // namespace coreutils
