// Kernel console output (through SBI: the kernel never owns the UART after
// boot; a user-space driver does) and panic.
#pragma once

#include <cstdarg>

namespace kernel {

void kprintf(const char* format, ...) __attribute__((format(printf, 1, 2)));
void vkprintf(const char* format, va_list args);
void console_write(const char* text, unsigned long length);

struct TrapFrame;
// A kernel bug: print the message, the registers if a trap caused it, a
// backtrace, and stop the machine.
[[noreturn]] void panic(const char* format, ...) __attribute__((format(printf, 1, 2)));
[[noreturn]] void panic_trap(const TrapFrame& frame, const char* what);

}  // namespace kernel

#define KASSERT(cond)                                                           \
  do {                                                                          \
    if (!(cond)) ::kernel::panic("assertion failed: %s at %s:%d", #cond, __FILE__, __LINE__); \
  } while (0)
