// Console output. Until the console server exists, output goes through the
// kernel's debug console, one syscall per line (or per full buffer).
#include <stdio.h>
#include <string.h>

#include "ipc/syscall.h"
#include "lib/format.h"

namespace {

class ConsoleSink final : public fmt::Sink {
 public:
  void put(char c) override {
    buffer_[length_++] = c;
    if (c == '\n' || length_ == sizeof buffer_) flush();
  }
  void flush() {
    if (length_) sys::debug_write(buffer_, length_);
    length_ = 0;
  }

 private:
  char buffer_[256];
  size_t length_ = 0;
};

}  // namespace

extern "C" {

int vprintf(const char* format, va_list args) {
  ConsoleSink sink;
  size_t n = fmt::vformat(sink, format, args);
  sink.flush();
  return static_cast<int>(n);
}

int printf(const char* format, ...) {
  va_list args;
  va_start(args, format);
  int n = vprintf(format, args);
  va_end(args);
  return n;
}

int vsnprintf(char* buffer, size_t capacity, const char* format, va_list args) {
  return fmt::vsnprintf(buffer, capacity, format, args);
}

int snprintf(char* buffer, size_t capacity, const char* format, ...) {
  va_list args;
  va_start(args, format);
  int n = fmt::vsnprintf(buffer, capacity, format, args);
  va_end(args);
  return n;
}

int puts(const char* s) {
  size_t n = strlen(s);
  sys::debug_write(s, n);
  sys::debug_write("\n", 1);
  return static_cast<int>(n + 1);
}

int putchar(int c) {
  char ch = static_cast<char>(c);
  sys::debug_write(&ch, 1);
  return c;
}

}  // extern "C"
