// printf-style formatting into any sink, shared by the kernel console and
// libc's printf family (one implementation for both). Freestanding.
// Conversions: %d %i %u %x %X %o %c %s %p %%, with flags '-' '0' ' ' '+' '#',
// width and precision (also '*'), and length modifiers hh h l ll z t j.
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

// Returns the number of characters produced.
size_t vformat(Sink& sink, const char* format, va_list args);
size_t format(Sink& sink, const char* format, ...) __attribute__((format(printf, 2, 3)));

int vsnprintf(char* buffer, size_t capacity, const char* format, va_list args);
int snprintf(char* buffer, size_t capacity, const char* format, ...) __attribute__((format(printf, 3, 4)));

}  // namespace fmt
