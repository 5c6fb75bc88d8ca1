// The scanf engine: C11 7.21.6.2 over any character source, so that
// sscanf reads a string and fscanf a FILE through its get-char interface
// (fgetc/ungetc) whatever lies under the stream. Conversions: d i u o x X
// p c s [ n % and the floating a e f g (also upper case), with '*'
// suppression, widths and the length modifiers hh h l ll j z t L.
#pragma once

#include <stdarg.h>

namespace tessera::libc {

class ScanInput {
 public:
  // The next character, or -1 at the end of input (or on an error).
  virtual int get() = 0;
  // Pushes back c, the character get() last returned (never -1).
  virtual void unget(int c) = 0;

 protected:
  ~ScanInput() = default;
};

// Returns the number of fields assigned, or -1 (EOF) when the input ends
// before the first conversion.
int vscan(ScanInput& input, const char* format, va_list args);

}  // namespace tessera::libc
