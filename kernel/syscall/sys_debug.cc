// The debug console, power, and the memory figures that leak checks read.
#include "abi/syscall.h"
#include "arch/sbi.h"
#include "debug/console.h"
#include "debug/console_input.h"
#include "debug/thread_dump.h"
#include "mm/frames.h"
#include "object/debug_console.h"
#include "mm/heap.h"
#include "object/power.h"
#include "syscall/handles.h"
#include "syscall/syscall.h"

namespace kernel {

namespace {
constexpr size_t kChunk = 256;
}

// At most one chunk per call: the console is written with interrupts off,
// one SBI call a byte, so an unbounded string would stall the machine.
// Callers loop on the count, as on a partial write(2). Only holders of the
// debug console may hold the kernel even that long.
int64_t sys_debug_write(TrapFrame& f) {
  auto console = get_object<DebugConsole>(f.x[kA0], abi::rights::kWrite);
  if (!console) return error_code(console.error());
  uint64_t text = f.x[kA1];
  uint64_t length = f.x[kA2];
  if (text + length < text) return error_code(Error::BadAddress);
  uint64_t n = length < kChunk ? length : kChunk;
  char chunk[kChunk];
  TRY_CODE(current_process().space().copy_in(chunk, text, n));
  console_write(chunk, n);
  return static_cast<int64_t>(n);
}

// A diagnostic for watchdogs (apps/stress): it holds the kernel for the
// whole dump, which is why it takes the debug console's right.
int64_t sys_debug_threads(TrapFrame& f) {
  auto console = get_object<DebugConsole>(f.x[kA0], abi::rights::kWrite);
  if (!console) return error_code(console.error());
  dump_threads();
  return 0;
}

int64_t sys_debug_read(TrapFrame& f) {
  uint64_t buffer = f.x[kA0];
  uint64_t capacity = f.x[kA1] < kChunk ? f.x[kA1] : kChunk;
  if (capacity == 0) return 0;
  // Check the destination before blocking, so a bad pointer fails at once
  // (the byte written is overwritten by the data: at least one byte comes).
  char probe = 0;
  if (buffer + capacity < buffer || !current_process().space().copy_out(buffer, &probe, 1)) {
    return error_code(Error::BadAddress);
  }
  char chunk[kChunk];
  size_t n = console_read(chunk, capacity);
  Status s = current_process().space().copy_out(buffer, chunk, n);
  return s ? static_cast<int64_t>(n) : status_code(s);
}

int64_t sys_poweroff(TrapFrame& f) {
  auto power = get_object<Power>(f.x[kA0], abi::rights::kWrite);
  if (!power) return error_code(power.error());
  kprintf("[kernel] power off\n");
  sbi::shutdown();
}

int64_t sys_kernel_memory(TrapFrame& f) {
  f.x[kA1] = heap_bytes_in_use();
  return static_cast<int64_t>(frames::free_count());
}

}  // namespace kernel
