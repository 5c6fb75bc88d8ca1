#include "debug/console.h"

#include <cstdint>

#include "arch/csr.h"
#include "arch/sbi.h"
#include "arch/trap_frame.h"
#include "format.h"

extern "C" char __kernel_start[], __text_end[];

namespace kernel {

namespace {

class SbiSink final : public fmt::Sink {
 public:
  // No '\r' added here: OpenSBI's console putchar already sends '\n' as "\r\n".
  void put(char c) override { sbi::console_putchar(c); }
};

bool in_text(uint64_t address) {
  return address >= reinterpret_cast<uint64_t>(__kernel_start) && address < reinterpret_cast<uint64_t>(__text_end);
}

bool in_kernel(uint64_t address) { return address >= reinterpret_cast<uint64_t>(__kernel_start) && (address & 7) == 0; }

// Walks frame pointers (the kernel is built with -fno-omit-frame-pointer):
// fp[-1] is the return address and fp[-2] the caller's fp, except in a leaf
// function, which saves only the caller's fp, at fp[-1].
void backtrace(uint64_t fp) {
  kprintf("backtrace:\n");
  int shown = 0;
  for (int steps = 0; steps < 64 && shown < 32 && in_kernel(fp); ++steps) {
    uint64_t* frame = reinterpret_cast<uint64_t*>(fp);
    if (!in_text(frame[-1])) {
      fp = frame[-1];  // a leaf: its caller's frame is next
      continue;
    }
    kprintf("  #%d %#lx\n", shown++, frame[-1]);
    fp = frame[-2];
  }
}

[[noreturn]] void halt() {
  kprintf("kernel panic: halting\n");
  sbi::shutdown();
}

}  // namespace

void vkprintf(const char* format, va_list args) {
  SbiSink sink;
  fmt::vformat(sink, format, args);
}

void kprintf(const char* format, ...) {
  va_list args;
  va_start(args, format);
  vkprintf(format, args);
  va_end(args);
}

void console_write(const char* text, unsigned long length) {
  SbiSink sink;
  for (unsigned long i = 0; i < length; ++i) sink.put(text[i]);
}

void panic(const char* format, ...) {
  csr::interrupts_off();
  kprintf("\nPANIC: ");
  va_list args;
  va_start(args, format);
  vkprintf(format, args);
  va_end(args);
  kprintf("\n");
  backtrace(reinterpret_cast<uint64_t>(__builtin_frame_address(0)));
  halt();
}

void panic_trap(const TrapFrame& frame, const char* what) {
  csr::interrupts_off();
  kprintf("\nPANIC: %s in the kernel: scause=%#lx stval=%#lx sepc=%#lx\n", what, csr::read_scause(),
          csr::read_stval(), frame.sepc);
  static const char* const names[32] = {"zero", "ra", "sp", "gp", "tp", "t0", "t1", "t2", "s0", "s1", "a0",
                                        "a1",   "a2", "a3", "a4", "a5", "a6", "a7", "s2", "s3", "s4", "s5",
                                        "s6",   "s7", "s8", "s9", "s10", "s11", "t3", "t4", "t5", "t6"};
  for (int i = 1; i < 32; ++i) kprintf("%4s=%016lx%s", names[i], frame.x[i], i % 4 == 3 ? "\n" : " ");
  kprintf("\n");
  kprintf("  #-1 %#lx (faulting pc)\n", frame.sepc);
  backtrace(frame.x[8]);
  halt();
}

}  // namespace kernel
