// ktest's own tests and its command line (ktest.h says what it is).
#include <stdio.h>
#include <string.h>

#include <initializer_list>

#include "ipc/process.h"
#include "ipc/startup.h"
#include "ktest.h"

namespace {

using ktest::check;
using ktest::check_error;
using ktest::ms;

constexpr size_t kStackSize = 64 * 1024;

int64_t spawn_thread(void (*entry)(uint64_t), uint64_t argument, unsigned priority) {
  int64_t stack = sys::mem_map(kStackSize, abi::kProtRead | abi::kProtWrite);
  if (sys::failed(stack)) return stack;
  return sys::thread_create(entry, uint64_t(stack) + kStackSize, argument, priority);
}

// --- preempt: two CPU-bound threads that never yield both make progress.
volatile uint64_t counters[2];

void spin(uint64_t index) {
  for (;;) counters[index] = counters[index] + 1;
}

int test_preempt() {
  spawn_thread(spin, 0, 16);
  spawn_thread(spin, 1, 16);
  sys::sleep_until(sys::read_time() + ms(300));
  uint64_t a = counters[0], b = counters[1];
  printf("preempt: counters %lu %lu\n", a, b);
  if (!check(a > 0 && b > 0, "preempt", "a spinning thread never ran")) return 1;
  printf("PASS preempt\n");
  return 0;
}

// --- priority: of two ready threads the higher-priority one runs first.
char order[4];
volatile int order_length;

void record(uint64_t tag) {
  order[order_length] = char(tag);
  order_length = order_length + 1;
  sys::thread_exit();
}

int test_priority() {
  // On one hart: with several, both would simply run at once elsewhere.
  // The threads inherit the pin.
  if (!check(sys::thread_pin(0) == 0, "priority", "thread_pin(0) failed")) return 1;
  spawn_thread(record, 'L', 5);
  spawn_thread(record, 'H', 10);
  // Both are ready but below us; once we sleep, the scheduler must pick H.
  sys::sleep_until(sys::read_time() + ms(50));
  printf("priority: order %c%c\n", order[0], order[1]);
  if (!check(order_length == 2 && order[0] == 'H' && order[1] == 'L', "priority", "wrong order")) return 1;
  if (!check(sys::failed(spawn_thread(record, 'X', 20)), "priority", "a thread outranked its creator")) return 1;
  printf("PASS priority\n");
  return 0;
}

// --- pin: a thread pinned to a hart runs there and nowhere else.
volatile uint64_t pinned_progress;

void count_forever(uint64_t) {
  for (;;) pinned_progress = pinned_progress + 1;
}

void spin_for(uint64_t ticks) {
  uint64_t end = sys::read_time() + ticks;
  while (sys::read_time() < end) {
  }
}

int test_pin() {
  int harts = 0;
  while (harts < 64 && sys::thread_pin(harts) == 0) ++harts;
  printf("pin: %d hart(s)\n", harts);
  if (!check_error(sys::thread_pin(64), abi::Error::InvalidArgument, "pin", "thread_pin(64)")) return 1;
  // The counter inherits our pin to hart 0, below our priority: while we
  // spin there it cannot run, however many harts are idle.
  if (!check(sys::thread_pin(0) == 0, "pin", "thread_pin(0) failed")) return 1;
  if (!check(!sys::failed(spawn_thread(count_forever, 0, 10)), "pin", "thread_create failed")) return 1;
  spin_for(ms(50));
  uint64_t while_held = pinned_progress;
  // Once we leave hart 0 (for hart 1, or to sleep on a machine of one), it runs.
  if (harts > 1) {
    if (!check(sys::thread_pin(1) == 0, "pin", "thread_pin(1) failed")) return 1;
    spin_for(ms(50));
  } else {
    sys::sleep_until(ktest::deadline_in(ms(50)));
  }
  uint64_t once_free = pinned_progress;
  printf("pin: counter %lu while hart 0 was ours, %lu after\n", (unsigned long)while_held, (unsigned long)once_free);
  if (!check(while_held == 0, "pin", "the pinned thread ran on another hart")) return 1;
  if (!check(once_free > 0, "pin", "the pinned thread never ran on its hart")) return 1;
  if (!check(sys::thread_pin(-1) == 0, "pin", "thread_pin(-1) failed")) return 1;
  printf("PASS pin\n");
  return 0;
}

// --- memory: mapping, touching and unmapping returns every frame.
int test_memory() {
  int64_t before = sys::frames_free();
  for (int round = 0; round < 50; ++round) {
    constexpr size_t kSize = 1 << 20;
    int64_t region = sys::mem_map(kSize, abi::kProtRead | abi::kProtWrite);
    if (!check(!sys::failed(region), "memory", "mem_map failed")) return 1;
    auto* bytes = reinterpret_cast<volatile uint8_t*>(region);
    for (size_t i = 0; i < kSize; i += 4096) {
      if (!check(bytes[i] == 0, "memory", "fresh memory is not zero")) return 1;
      bytes[i] = uint8_t(i >> 12);
    }
    if (!check(sys::frames_free() < before - 200, "memory", "touching did not take frames")) return 1;
    if (!check(sys::mem_unmap(uint64_t(region), kSize) == 0, "memory", "mem_unmap failed")) return 1;
  }
  int64_t after = sys::frames_free();
  printf("memory: free frames %ld before, %ld after\n", long(before), long(after));
  if (!check(before == after, "memory", "frames leaked")) return 1;
  printf("PASS memory\n");
  return 0;
}

// --- commit: mapping more memory than there is fails when it is mapped,
// and every byte that was mapped can then be touched without a fault.
int test_commit() {
  constexpr size_t kChunk = 4 << 20;
  constexpr size_t kMaxChunks = 1024;  // 4 GiB: more than the machine has
  static uint64_t chunks[kMaxChunks];
  sys::KernelMemory before = sys::kernel_memory();
  size_t count = 0;
  int64_t refused = 0;
  while (count < kMaxChunks) {
    int64_t region = sys::mem_map(kChunk, abi::kProtRead | abi::kProtWrite);
    if (sys::failed(region)) {
      refused = region;
      break;
    }
    chunks[count++] = uint64_t(region);
  }
  printf("commit: %zu MiB mapped before the refusal\n", count * (kChunk >> 20));
  if (!check(refused == int64_t(abi::Error::NoMemory), "commit", "mapping was never refused")) return 1;
  for (size_t i = 0; i < count; ++i) {
    auto* bytes = reinterpret_cast<volatile uint8_t*>(chunks[i]);
    for (size_t at = 0; at < kChunk; at += 4096) bytes[at] = 1;
  }
  for (size_t i = 0; i < count; ++i) sys::mem_unmap(chunks[i], kChunk);
  if (!check(sys::kernel_memory() == before, "commit", "memory did not come back")) return 1;
  printf("PASS commit\n");
  return 0;
}

// ipc::spawn's process handle, or its error as a syscall would return it.
int64_t spawn_result(std::initializer_list<const char*> argv) {
  auto child = ipc::spawn({argv.begin(), argv.size()});
  return child ? int64_t{*child} : int64_t(child.error());
}

// --- badargs: every bad argument gets an error code, never a crash.
int test_badargs() {
  using abi::Error;
  uint32_t console = ipc::debug_console();
  struct Case {
    const char* what;
    int64_t result;
    int64_t expected;  // an abi::Error or a count
  } cases[] = {
      {"write from null", sys::debug_write(console, nullptr, 10), int64_t(Error::BadAddress)},
      {"write from kernel", sys::debug_write(console, reinterpret_cast<const char*>(0xffffffc080200000), 16),
       int64_t(Error::BadAddress)},
      {"write wrapping", sys::debug_write(console, reinterpret_cast<const char*>(0x10000), ~0ull - 0x100),
       int64_t(Error::BadAddress)},
      {"write unmapped", sys::debug_write(console, reinterpret_cast<const char*>(0x3000000000), 1),
       int64_t(Error::BadAddress)},
      {"read into text", sys::debug_read(reinterpret_cast<char*>(0x10000), 1), int64_t(Error::BadAddress)},
      {"map at writable and executable", sys::mem_map_at(0, 0x3000000, 4096, abi::kProtRead | abi::kProtWrite | abi::kProtExec),
       int64_t(Error::AccessDenied)},
      {"unknown syscall", sys::call(static_cast<abi::Syscall>(999)), int64_t(Error::NoSyscall)},
      {"close bad handle", sys::handle_close(12345), int64_t(Error::BadHandle)},
      {"wait bad handle", sys::process_wait(0), int64_t(Error::BadHandle)},
      {"unmap nothing", sys::mem_unmap(0x3800000000, 4096), int64_t(Error::InvalidArgument)},
      {"map zero", sys::mem_map(0, abi::kProtRead), int64_t(Error::InvalidArgument)},
      {"map bad prot", sys::mem_map(4096, 0x80), int64_t(Error::InvalidArgument)},
      {"map huge", sys::mem_map(~0ull, abi::kProtRead), int64_t(Error::InvalidArgument)},
      {"spawn missing", spawn_result({"nope"}), int64_t(Error::NotFound)},
      {"create with a bad name", sys::process_create(nullptr, 8), int64_t(Error::BadAddress)},
      {"create with a long name", sys::process_create("x", 1 << 20), int64_t(Error::InvalidArgument)},
      {"thread bad stack", sys::thread_create(nullptr, 0x7, 0, 1), int64_t(Error::InvalidArgument)},
  };
  bool ok = true;
  for (const Case& c : cases) {
    if (c.result != c.expected) {
      printf("FAIL badargs: %s returned %ld, expected %ld\n", c.what, long(c.result), long(c.expected));
      ok = false;
    }
  }
  // A stale handle: spawn, wait, close, then use the closed value.
  int64_t child = spawn_result({"ktest", "args"});
  if (!check(!sys::failed(child), "badargs", "spawn ktest failed")) return 1;
  sys::process_wait(uint32_t(child));
  sys::handle_close(uint32_t(child));
  if (!check(sys::process_wait(uint32_t(child)) == int64_t(Error::BadHandle), "badargs", "stale handle accepted")) return 1;
  if (!ok) return 1;
  printf("PASS badargs\n");
  return 0;
}

// --- threads: creating and ending many threads returns every frame.
void quit(uint64_t) { sys::thread_exit(); }

int test_threads() {
  // On one hart with its threads (they inherit the pin), so that each
  // yield runs the new thread to its end: on several harts another one
  // could still be running it when the frames are counted.
  if (!check(sys::thread_pin(0) == 0, "threads", "thread_pin failed")) return 1;
  int64_t stack = sys::mem_map(kStackSize, abi::kProtRead | abi::kProtWrite);
  // Warm up: the first threads may create kernel page tables that stay.
  for (int i = 0; i < 4; ++i) {
    int64_t t = sys::thread_create(quit, uint64_t(stack) + kStackSize, 0, 16);
    sys::yield();
    sys::handle_close(uint32_t(t));
  }
  int64_t before = sys::frames_free();
  for (int i = 0; i < 200; ++i) {
    int64_t t = sys::thread_create(quit, uint64_t(stack) + kStackSize, 0, 16);
    if (!check(!sys::failed(t), "threads", "thread_create failed")) return 1;
    sys::yield();
    sys::handle_close(uint32_t(t));
  }
  int64_t after = sys::frames_free();
  printf("threads: free frames %ld before, %ld after\n", long(before), long(after));
  if (!check(before == after, "threads", "frames leaked")) return 1;
  printf("PASS threads\n");
  return 0;
}

// --- sleep: a sleep lasts at least as long as asked.
int test_sleep() {
  uint64_t start = sys::read_time();
  sys::sleep_until(start + ms(100));
  uint64_t elapsed = sys::read_time() - start;
  printf("sleep: slept %lu ms\n", elapsed / ms(1));
  if (!check(elapsed >= ms(100) && elapsed < ms(2000), "sleep", "wrong duration")) return 1;
  printf("PASS sleep\n");
  return 0;
}

// --- faults: each ends this process with a message from the kernel.
int fault_null_store() {
  *reinterpret_cast<volatile int*>(0) = 42;
  return 1;
}

int fault_illegal() {
  asm volatile(".word 0x00000000");
  return 1;
}

int fault_misaligned() {
  uint64_t word[2] = {};
  auto* p = reinterpret_cast<uint64_t*>(reinterpret_cast<char*>(word) + 1);
  uint64_t old;
  asm volatile("amoadd.d %0, %2, (%1)" : "=r"(old) : "r"(p), "r"(1ull) : "memory");
  return 1;
}

int fault_stack_overflow(int depth) {
  volatile char pad[4096];
  pad[0] = char(depth);
  return fault_stack_overflow(depth + 1) + pad[0];
}

int show_args(int argc, char** argv) {
  for (int i = 0; i < argc; ++i) printf("arg %d: %s\n", i, argv[i]);
  return 0;
}

struct Command {
  const char* name;
  int (*run)();
};

const Command kCommands[] = {
    {"preempt", test_preempt},
    {"priority", test_priority},
    {"pin", test_pin},
    {"shootdown", ktest::test_shootdown},
    {"memory", test_memory},
    {"commit", test_commit},
    {"badargs", test_badargs},
    {"threads", test_threads},
    {"sleep", test_sleep},
    {"kill", ktest::test_kill},
    {"unstarted", ktest::test_unstarted},
    {"cycles", ktest::test_cycles},
    {"chains", ktest::test_chains},
    {"stackcharge", ktest::test_stack_charge},
    {"membufcharge", ktest::test_membuf_charge},
    {"debugconsole", ktest::test_debug_console},
    {"nodebug", ktest::test_no_debug_console},
    {"mapat", ktest::test_map_at},
    {"icache", ktest::test_icache},
    {"interrupt", ktest::test_interrupt},
    {"interruptframe", ktest::test_interrupt_frame},
    {"interruptkill", ktest::test_interrupt_kill},
    {"interruptcall", ktest::test_interrupt_call},
    {"null", fault_null_store},
    {"illegal", fault_illegal},
    {"misaligned", fault_misaligned},
    {"overflow", [] { return fault_stack_overflow(0); }},
};

}  // namespace

int main(int argc, char** argv) {
  if (argc < 2) {
    printf("usage: ktest <test>...\n");
    return 2;
  }
  if (strcmp(argv[1], "args") == 0) return show_args(argc, argv);
  // Child roles and tests that take an argument.
  if (strcmp(argv[1], "spinner") == 0) return ktest::spinner(argc, argv);
  if (strcmp(argv[1], "shootdown-child") == 0) return ktest::shootdown_child(argc, argv);
  if (strcmp(argv[1], "hog") == 0) return ktest::hog(argc, argv);
  if (strcmp(argv[1], "stackuser") == 0) return ktest::stack_user(argc, argv);
  if (strcmp(argv[1], "membufuser") == 0) return ktest::membuf_user(argc, argv);
  if (strcmp(argv[1], "echo") == 0) return ktest::echo(argc, argv);
  if (strcmp(argv[1], "interruptee") == 0) return ktest::interruptee(argc, argv);
  if (strcmp(argv[1], "exhaust") == 0 && argc == 3) return ktest::test_exhaust(argv[2]);
  int failures = 0;
  for (int i = 1; i < argc; ++i) {
    const Command* found = nullptr;
    for (const Command& c : kCommands) {
      if (strcmp(c.name, argv[i]) == 0) found = &c;
    }
    if (!found) {
      printf("ktest: no test named %s\n", argv[i]);
      return 2;
    }
    failures += found->run();
  }
  return failures;
}
