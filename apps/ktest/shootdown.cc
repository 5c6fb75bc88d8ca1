// shootdown: a page unmapped on one hart is gone on every other hart by the
// time mem_unmap returns (TLB shootdown). A writer pinned to hart 1 stores
// into the page in a loop while the main thread, pinned to hart 2, unmaps
// it: the writer's first store after the unmap returned must fault. (On
// fewer harts the two share what there is.)
#include <stdio.h>

#include "ipc/process.h"
#include "ktest.h"

namespace ktest {

namespace {

constexpr size_t kPage = 4096;
constexpr size_t kStackSize = 64 * 1024;

volatile uint8_t* page;
volatile uint64_t writes;     // stores into the page that completed
volatile bool unmap_returned;  // set by the main thread right after mem_unmap returns

// A store that completes after the writer saw unmap_returned went through
// a stale translation: the kernel freed the frame it wrote into.
void writer(uint64_t) {
  for (;;) {
    bool after = unmap_returned;
    page[writes % kPage] = 1;
    writes = writes + 1;
    if (after) {
      printf("FAIL shootdown: a store went through after mem_unmap returned\n");
      sys::process_exit(1);
    }
  }
}

}  // namespace

// Child role: the process the writer's fault ends.
int shootdown_child(int, char**) {
  int harts = hart_count();
  int64_t region = sys::mem_map(kPage, abi::kProtRead | abi::kProtWrite);
  int64_t stack = sys::mem_map(kStackSize, abi::kProtRead | abi::kProtWrite);
  if (sys::failed(region) || sys::failed(stack)) return 2;
  page = reinterpret_cast<volatile uint8_t*>(region);
  page[0] = 1;  // backed before the writer starts: its stores never fault until the unmap
  if (sys::thread_pin(2 % harts) != 0) return 3;
  sys::thread_pin(1 % harts);  // the writer inherits the pin ...
  if (sys::failed(sys::thread_create(writer, uint64_t(stack) + kStackSize, 0, 16))) return 4;
  sys::thread_pin(2 % harts);  // ... and we go back to ours
  // Let the writer's translation settle in its hart's TLB.
  uint64_t give_up = deadline_in(ms(5000));
  while (writes < 100000 && sys::read_time() < give_up) {
    if (harts < 3) sys::yield();  // sharing a hart: let it run
  }
  printf("shootdown: %d hart(s), %lu stores before the unmap\n", harts, (unsigned long)writes);
  if (sys::mem_unmap(uint64_t(region), kPage) != 0) return 5;
  unmap_returned = true;
  // The writer's fault ends the process; this never returns on its own.
  sys::sleep_until(deadline_in(ms(10000)));
  return 6;
}

int test_shootdown() {
  const char* argv[] = {"ktest", "shootdown-child"};
  auto child = ipc::spawn(argv);
  if (!check(child.ok(), "shootdown", "spawn")) return 1;
  int64_t status = sys::process_wait(*child, deadline_in(ms(20000)));
  sys::handle_close(*child);
  constexpr int64_t kStoreFault = abi::kExitFault | 15;  // scause 15: store page fault
  if (status != kStoreFault) {
    printf("FAIL shootdown: the child ended with %#lx, expected a store page fault\n", (unsigned long)status);
    return 1;
  }
  printf("PASS shootdown\n");
  return 0;
}

}  // namespace ktest
