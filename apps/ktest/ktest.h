// ktest: kernel behaviour checked from user mode. Each test prints
// "PASS <name>" or "FAIL <name>: why" and returns the number of failures;
// the QEMU tests (tests/qemu/kernel_test.py) run them through init.
#pragma once

#include <stdio.h>

#include "abi/syscall.h"
#include "ipc/syscall.h"
#include "ipc/time.h"

namespace ktest {

inline bool check(bool ok, const char* test, const char* why) {
  if (!ok) printf("FAIL %s: %s\n", test, why);
  return ok;
}

inline bool check_error(int64_t result, abi::Error expected, const char* test, const char* what) {
  if (result == static_cast<int64_t>(expected)) return true;
  printf("FAIL %s: %s returned %ld, expected %s\n", test, what, long(result), abi::error_name(expected));
  return false;
}

inline uint64_t ms(uint64_t n) { return ipc::ticks_from_ms(n); }  // the timebase from auxv
inline uint64_t deadline_in(uint64_t ticks) { return sys::read_time() + ticks; }

// How many harts run: thread_pin fails past the last (it leaves the
// caller pinned to that one).
inline int hart_count() {
  int harts = 0;
  while (harts < 64 && sys::thread_pin(harts) == 0) ++harts;
  return harts;
}

// Kills, unstarted processes and handle cycles (lifecycle.cc).
int test_kill();
int test_unstarted();
int test_cycles();
int test_chains();
int spinner(int argc, char** argv);
// TLB shootdown across harts (shootdown.cc).
int test_shootdown();
int shootdown_child(int argc, char** argv);
// Running out of each kernel resource (exhaust.cc).
int test_exhaust(const char* resource);
int hog(int argc, char** argv);
// Charged memory: the top of the main thread's stack, membufs (charge.cc).
int test_stack_charge();
int stack_user(int argc, char** argv);
int test_membuf_charge();
int membuf_user(int argc, char** argv);
int echo(int argc, char** argv);
// The debug console capability (console.cc).
int test_debug_console();
int test_no_debug_console();
// membuf_map_at: fixed, shared, executable mappings (map_at.cc).
int test_map_at();
// Instruction-cache coherence of code mapped executable (icache.cc).
int test_icache();
// Thread interrupts (interrupt.cc).
int test_interrupt();
int test_interrupt_frame();
int test_interrupt_kill();
int test_interrupt_call();
int interruptee(int argc, char** argv);

}  // namespace ktest
