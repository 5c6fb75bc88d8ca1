// The scanf family over the engine in scan.cc: sscanf reads a string,
// fscanf a stream through fgetc and ungetc only.
#include <stdarg.h>
#include <stdio.h>

#include "scan.h"

namespace {

class StringInput final : public tessera::libc::ScanInput {
 public:
  explicit StringInput(const char* s) : s_(s) {}
  int get() override { return *s_ ? static_cast<unsigned char>(*s_++) : -1; }
  void unget(int) override { --s_; }

 private:
  const char* s_;
};

class StreamInput final : public tessera::libc::ScanInput {
 public:
  explicit StreamInput(FILE* file) : file_(file) {}
  int get() override { return fgetc(file_); }
  void unget(int c) override { ungetc(c, file_); }

 private:
  FILE* file_;
};

}  // namespace

extern "C" {

int vsscanf(const char* s, const char* format, va_list args) {
  StringInput input(s);
  return tessera::libc::vscan(input, format, args);
}

int sscanf(const char* s, const char* format, ...) {
  va_list args;
  va_start(args, format);
  int n = vsscanf(s, format, args);
  va_end(args);
  return n;
}

int vfscanf(FILE* file, const char* format, va_list args) {
  StreamInput input(file);
  return tessera::libc::vscan(input, format, args);
}

int fscanf(FILE* file, const char* format, ...) {
  va_list args;
  va_start(args, format);
  int n = vfscanf(file, format, args);
  va_end(args);
  return n;
}

int vscanf(const char* format, va_list args) { return vfscanf(stdin, format, args); }

int scanf(const char* format, ...) {
  va_list args;
  va_start(args, format);
  int n = vfscanf(stdin, format, args);
  va_end(args);
  return n;
}

}  // extern "C"
