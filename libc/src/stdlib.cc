// <stdlib.h>: process exit and the C functions over the shared bodies in
// impl/ (the environment is environment.cc's).
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "impl/stdlib_impl.h"
#include "internal.h"
#include "ipc/startup.h"
#include "ipc/syscall.h"

namespace lib = tessera::libc;

namespace {

using Finalizer = void (*)();
extern "C" Finalizer __fini_array_start[] __attribute__((weak));
extern "C" Finalizer __fini_array_end[] __attribute__((weak));

struct ExitHandler {
  void (*function)(void*);
  void* argument;
};

constexpr int kMaxExitHandlers = 64;
ExitHandler exit_handlers[kMaxExitHandlers];
int exit_handler_count;

void call_plain(void* function) { reinterpret_cast<void (*)()>(function)(); }

}  // namespace

namespace tessera {

bool at_exit(void (*handler)(void*), void* argument) {
  if (exit_handler_count == kMaxExitHandlers) return false;
  exit_handlers[exit_handler_count++] = {handler, argument};
  return true;
}

void fatal(const char* message) {
  flush_all_streams();
  // On the kernel's console if this program may write it, else on stderr
  // (programs procmgr starts have no debug console: docs/abi.md).
  if (ipc::Handle console = ipc::debug_console()) {
    sys::debug_write(console, message, strlen(message));
    sys::debug_write(console, "\n", 1);
  } else {
    (void)write(2, message, strlen(message));
    (void)write(2, "\n", 1);
  }
  abort();
}

}  // namespace tessera

extern "C" {

void exit(int status) {
  // Each handler leaves the table before it runs, so one that registers
  // another (or calls exit) cannot make this loop forever.
  while (exit_handler_count > 0) {
    ExitHandler h = exit_handlers[--exit_handler_count];
    h.function(h.argument);
  }
  for (Finalizer* f = __fini_array_end; f > __fini_array_start;) (*--f)();
  tessera::flush_all_streams();
  sys::process_exit(status);
}

void abort(void) { sys::process_exit(134); }

int atexit(void (*handler)(void)) {
  return tessera::at_exit(call_plain, reinterpret_cast<void*>(handler)) ? 0 : -1;
}

int abs(int x) { return x < 0 ? -x : x; }
long labs(long x) { return x < 0 ? -x : x; }
long long llabs(long long x) { return x < 0 ? -x : x; }

long strtol(const char* s, char** end, int base) { return lib::parse_signed<long>(s, end, base); }
unsigned long strtoul(const char* s, char** end, int base) { return lib::parse_unsigned<unsigned long>(s, end, base); }
long long strtoll(const char* s, char** end, int base) { return lib::parse_signed<long long>(s, end, base); }
unsigned long long strtoull(const char* s, char** end, int base) {
  return lib::parse_unsigned<unsigned long long>(s, end, base);
}
intmax_t strtoimax(const char* s, char** end, int base) { return lib::parse_signed<intmax_t>(s, end, base); }
uintmax_t strtoumax(const char* s, char** end, int base) { return lib::parse_unsigned<uintmax_t>(s, end, base); }
intmax_t imaxabs(intmax_t x) { return x < 0 ? -x : x; }
imaxdiv_t imaxdiv(intmax_t numerator, intmax_t denominator) {
  return {numerator / denominator, numerator % denominator};
}
int atoi(const char* s) { return static_cast<int>(strtol(s, nullptr, 10)); }
long atol(const char* s) { return strtol(s, nullptr, 10); }
long long atoll(const char* s) { return strtoll(s, nullptr, 10); }

void qsort(void* base, size_t count, size_t size, int (*compare)(const void*, const void*)) {
  lib::qsort(base, count, size, compare);
}

void* bsearch(const void* key, const void* base, size_t count, size_t size,
              int (*compare)(const void*, const void*)) {
  return lib::bsearch(key, base, count, size, compare);
}

}  // extern "C"
