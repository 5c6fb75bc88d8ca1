// icache: code written into a buffer runs once the buffer is mapped
// executable, and the kernel makes the stores visible to instruction fetch
// (docs/kernel.md "Several harts": instruction-cache coherence). QEMU keeps
// no instruction cache, so what this shows is that the kernel's fences ran:
// between two thread dumps the only thing done is mapping new code, which
// must count a fence.i on this hart and, with a thread of this process
// running on another hart, an SBI remote fence.i to it
// (tests/qemu/kernel_test.py icache compares the dumps' counts).
#include <string.h>

#include "abi/address_space.h"
#include "ipc/startup.h"
#include "ktest.h"

namespace ktest {

namespace {

constexpr const char* kTest = "icache";
constexpr uint64_t kPage = abi::kPageSize;
constexpr uint64_t kAt = 0x3000000;  // above ktest's image, below the mem_map window
constexpr uint64_t kRx = abi::kProtRead | abi::kProtExec;
constexpr size_t kStackSize = 64 * 1024;

// li a0, 42; ret   and   li a0, 7; ret
constexpr uint32_t kReturn42[] = {0x02a00513, 0x00008067};
constexpr uint32_t kReturn7[] = {0x00700513, 0x00008067};

using Code = int (*)();

volatile uint64_t runs;  // calls of the code at kAt the runner made
volatile bool stop;
volatile bool stopped;

// Runs the code at kAt over and over: a thread of this space, on its hart.
void runner(uint64_t) {
  while (!stop) {
    if (reinterpret_cast<Code>(kAt)() != 42) break;
    runs = runs + 1;
  }
  stopped = true;
  sys::thread_exit();
}

int64_t map_code(int64_t buffer, uint64_t address, uint64_t offset) {
  return sys::membuf_map_at(uint32_t(buffer), 0, address, offset, kPage, kRx);
}

// Starts the runner pinned to hart 1 and waits until it runs; this thread
// stays on hart 0.
bool start_runner() {
  int64_t stack = sys::mem_map(kStackSize, abi::kProtRead | abi::kProtWrite);
  if (sys::failed(stack)) return false;
  sys::thread_pin(1);  // the runner inherits the pin ...
  bool created = !sys::failed(sys::thread_create(runner, uint64_t(stack) + kStackSize, 0, 16));
  sys::thread_pin(0);  // ... and we go back to ours
  uint64_t give_up = deadline_in(ms(5000));
  while (created && runs < 1000 && sys::read_time() < give_up) {
  }
  return created && runs >= 1000;
}

void stop_runner() {
  stop = true;
  uint64_t give_up = deadline_in(ms(5000));
  while (!stopped && sys::read_time() < give_up) {
  }
}

}  // namespace

int test_icache() {
  int harts = hart_count();
  sys::thread_pin(0);
  int64_t buffer = sys::membuf_create(2 * kPage);
  if (!check(!sys::failed(buffer), kTest, "membuf_create")) return 1;
  int64_t writable = sys::membuf_map(uint32_t(buffer), 0, 0, 2 * kPage, abi::kProtRead | abi::kProtWrite);
  if (!check(!sys::failed(writable), kTest, "membuf_map")) return 1;
  auto* bytes = reinterpret_cast<uint8_t*>(writable);
  memcpy(bytes, kReturn42, sizeof kReturn42);
  memcpy(bytes + kPage, kReturn7, sizeof kReturn7);
  int failures = 0;
  failures += !check(map_code(buffer, kAt, 0) == int64_t(kAt), kTest, "map the first code");
  failures += !check(failures == 0 && reinterpret_cast<Code>(kAt)() == 42, kTest, "the first code did not run");
  bool remote = harts > 1;
  if (remote) failures += !check(start_runner(), kTest, "the runner did not run on hart 1");
  if (failures) return failures;
  printf("icache: %d hart(s), before\n", harts);
  sys::debug_threads(ipc::debug_console());
  // No fence.i here: the kernel's mapping makes the stores fetchable.
  failures += !check(map_code(buffer, kAt + kPage, kPage) == int64_t(kAt + kPage), kTest, "map the second code");
  sys::debug_threads(ipc::debug_console());
  printf("icache: after\n");
  failures += !check(failures == 0 && reinterpret_cast<Code>(kAt + kPage)() == 7, kTest, "the second code did not run");
  if (remote) stop_runner();
  failures += !check(!remote || stopped, kTest, "the runner did not stop");
  sys::mem_unmap(kAt, kPage);
  sys::mem_unmap(kAt + kPage, kPage);
  sys::mem_unmap(uint64_t(writable), 2 * kPage);
  sys::handle_close(uint32_t(buffer));
  if (failures == 0) printf("PASS %s\n", kTest);
  return failures;
}

}  // namespace ktest
