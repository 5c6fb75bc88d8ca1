// printf-style formatting into any sink, shared by the kernel console and
// libc's printf family (one implementation for both). Freestanding.
// Conversions: %d %i %u %x %X %o %c %s %p %%, with flags '-' '0' ' ' '+' '#',
// width and precision (also '*'), and length modifiers hh h l ll z t j;
// floating conversions through a FloatFormatter.
#pragma once

#include <cstdarg>
#include <cstddef>

namespace fmt {

class Sink {
 public:
  virtual void put(char c) = 0;

 protected:
  ~Sink() = default;
};

// Writes into a bounded buffer, always NUL-terminated if capacity > 0;
// counts every character the full output would have, as snprintf does.
class BufferSink final : public Sink {
 public:
  BufferSink(char* buffer, size_t capacity) : buffer_(buffer), capacity_(capacity) {}
  void put(char c) override;
  void finish();
  size_t count() const { return count_; }

 private:
  char* buffer_;
  size_t capacity_;
  size_t count_ = 0;
};

struct Spec;
class Writer;

// Formats one %f %F %e %E %g %G %a %A conversion (long_double: the L
// modifier), taking its argument from args. The kernel has no floating
// point, so the engine knows no float code of its own: user space passes
// format_floating (format_float.h); without one these conversions print as
// written and take no argument.
using FloatFormatter = void (*)(Writer& out, const Spec& spec, char conversion, bool long_double, va_list* args);

// Returns the number of characters produced.
size_t vformat(Sink& sink, const char* format, va_list args, FloatFormatter floats = nullptr);
size_t format(Sink& sink, const char* format, ...) __attribute__((format(printf, 2, 3)));

int vsnprintf(char* buffer, size_t capacity, const char* format, va_list args, FloatFormatter floats = nullptr);
int snprintf(char* buffer, size_t capacity, const char* format, ...) __attribute__((format(printf, 3, 4)));

}  // namespace fmt
