// Regressions of process lifecycle bugs, each once reproduced: a killed
// process's preempted thread ran on in user mode and could then block for
// good (process_wait never returned); a process with no threads could not
// be killed; handles moved into a process that never started were never
// closed; handle holders could form cycles that nothing could reach.
#include <string.h>

#include "ipc/ipc.h"
#include "ipc/process.h"
#include "ktest.h"

namespace ktest {

namespace {

constexpr uint64_t kCounterBytes = 4096;

// Process and channel-end handles close quietly in the tests below.
void drop(uint64_t handle) { (void)sys::handle_close(uint32_t(handle)); }

bool same_memory(const sys::KernelMemory& a, const sys::KernelMemory& b, const char* test, const char* what) {
  if (a == b) return true;
  printf("FAIL %s: %s: free frames %lu -> %lu, kernel heap %lu -> %lu bytes\n", test, what, a.free_frames,
         b.free_frames, a.heap_bytes, b.heap_bytes);
  return false;
}

}  // namespace

// Child role: counts in the shared buffer it was given for 200 ms of
// running, then waits on a port that nothing will ever post to.
int spinner(int, char**) {
  auto handles = ipc::startup_handles();
  if (handles.empty()) return 2;
  int64_t address = sys::membuf_map(handles[0], 0, 0, kCounterBytes, abi::kProtRead | abi::kProtWrite);
  if (sys::failed(address)) return 3;
  auto* counter = reinterpret_cast<volatile uint64_t*>(address);
  uint64_t end = deadline_in(ms(200));
  while (sys::read_time() < end) *counter = *counter + 1;
  ipc::Handle port = *ipc::port_create();
  (void)ipc::port_wait(port, abi::kForever);
  return 4;
}

// --- kill: a process killed while it is preempted in user mode stops at
// once and ends, whatever it would have done next.
int test_kill() {
  const char* test = "kill";
  int failures = 0;
  for (int round = 0; round < 5; ++round) {
    int64_t buffer = sys::membuf_create(kCounterBytes);
    int64_t shared = sys::handle_dup(uint32_t(buffer), uint32_t(sys::handle_info(uint32_t(buffer))));
    int64_t address = sys::membuf_map(uint32_t(buffer), 0, 0, kCounterBytes, abi::kProtRead);
    if (!check(!sys::failed(address) && !sys::failed(shared), test, "membuf")) return 1;
    auto* counter = reinterpret_cast<volatile uint64_t*>(address);
    const char* argv[] = {"ktest", "spinner"};
    ipc::Handle handles[] = {uint32_t(shared)};
    auto child = ipc::spawn(argv, handles);
    if (!check(child.ok(), test, "spawn spinner")) return 1;
    // Let it count, and be preempted (it runs at our priority).
    while (*counter == 0) sys::yield();
    sys::sleep_until(deadline_in(ms(20 + 5 * round)));
    if (!check(sys::process_kill(*child) == 0, test, "process_kill")) return 1;
    uint64_t at_kill = *counter;
    sys::sleep_until(deadline_in(ms(30)));
    failures += !check(*counter == at_kill, test, "a killed process's thread ran on in user mode");
    int64_t status = sys::process_wait(*child, deadline_in(ms(10000)));
    failures += !check(status == abi::kExitKilled, test, "process_wait did not report the kill");
    drop(*child);
    sys::mem_unmap(uint64_t(address), kCounterBytes);
    drop(buffer);
  }
  // A process with no threads ends when it is killed.
  int64_t empty = sys::process_create("empty", 5);
  if (!check(!sys::failed(empty), test, "process_create")) return failures + 1;
  failures += !check(sys::process_kill(uint32_t(empty)) == 0, test, "kill a process without threads");
  failures += !check(sys::process_wait(uint32_t(empty), deadline_in(ms(1000))) == abi::kExitKilled, test,
                     "a killed process without threads never ended");
  drop(empty);
  if (failures == 0) printf("PASS kill\n");
  return failures;
}

namespace {

// One round of giving handles to a process that never starts and dropping
// it: the handles it held close (their peers learn it) and nothing stays.
int unstarted_round(const char* test) {
  int failures = 0;
  auto [a, b] = *ipc::channel_create();
  int64_t process = sys::process_create("unstarted", 9);
  if (!check(!sys::failed(process), test, "process_create")) return 1;
  failures += !check(sys::mem_map_at(uint32_t(process), 0x40000000, 1 << 20, abi::kProtRead | abi::kProtWrite) > 0,
                     test, "mem_map_at into it");
  failures += !check(sys::handle_give(uint32_t(process), b) > 0, test, "handle_give");
  int64_t membuf = sys::membuf_create(64 * 1024);
  failures += !check(sys::handle_give(uint32_t(process), uint32_t(membuf)) > 0, test, "handle_give a membuf");
  // Its own handle would be a cycle: refused.
  int64_t self = sys::handle_dup(uint32_t(process), abi::rights::kBasic);
  failures += !check_error(sys::handle_give(uint32_t(process), uint32_t(self)), abi::Error::InvalidArgument, test,
                           "handle_give of a process to itself");
  drop(self);
  drop(process);
  ipc::Event e = ipc::channel_recv(a, deadline_in(ms(500)));
  failures += !check_error(e.status, abi::Error::PeerClosed, test, "the peer of a handle it held");
  drop(a);
  return failures;
}

}  // namespace

// --- unstarted: a process that is never started gives back everything.
int test_unstarted() {
  const char* test = "unstarted";
  int failures = unstarted_round(test);  // warm up the kernel's caches
  sys::KernelMemory before = sys::kernel_memory();
  for (int round = 0; round < 50 && failures == 0; ++round) failures += unstarted_round(test);
  failures += !same_memory(before, sys::kernel_memory(), test, "memory after 50 rounds");
  if (failures == 0) printf("PASS unstarted\n");
  return failures;
}

namespace {

// Sends `handle` through `end` (into its peer's queue); the status.
int64_t send_handle(ipc::Handle end, uint32_t handle) {
  ipc::Message& m = ipc::buffer();
  m.bytes = 8;
  m.handle_count = 1;
  m.handles[0] = handle;
  Status s = ipc::send(end, m);
  return s ? 0 : static_cast<int64_t>(s.error());
}

int cycles_round(const char* test) {
  int failures = 0;
  // An end cannot travel into its own queue, in a message or a call.
  auto [a, b] = *ipc::channel_create();
  failures += !check_error(send_handle(a, b), abi::Error::InvalidArgument, test, "an end into its own queue");
  ipc::Message& m = ipc::buffer();
  m.bytes = 8;
  m.handle_count = 1;
  m.handles[0] = b;
  Status called = ipc::call(a, m, deadline_in(ms(10)));
  failures += !check_error(called ? 0 : int64_t(called.error()), abi::Error::InvalidArgument, test,
                           "a call carrying the end it waits on");
  // An end may travel through itself (into its peer's queue) ...
  int64_t a2 = sys::handle_dup(a, uint32_t(sys::handle_info(a)));
  failures += !check(send_handle(a, uint32_t(a2)) == 0, test, "an end through itself");
  // ... but then its peer holds a handle and cannot follow (a cycle).
  failures += !check_error(send_handle(b, b), abi::Error::BadState, test, "an end that holds handles");
  // A cycle through two channels: w in y's queue, then y into w's queue.
  auto [x, y] = *ipc::channel_create();
  auto [z, w] = *ipc::channel_create();
  failures += !check(send_handle(x, w) == 0, test, "w into y's queue");
  failures += !check_error(send_handle(z, y), abi::Error::BadState, test, "y (holding w) into w's queue");
  // An unstarted process given an end cannot travel in that end's queue.
  int64_t process = sys::process_create("holder", 6);
  auto [c, d] = *ipc::channel_create();
  failures += !check(sys::handle_give(uint32_t(process), d) > 0, test, "handle_give");
  failures += !check_error(send_handle(c, uint32_t(process)), abi::Error::BadState, test,
                           "a process holding an end into that end's queue");
  // Nor can a process be given an end whose queue holds it.
  int64_t other = sys::process_create("other", 5);
  auto [e, f] = *ipc::channel_create();
  int64_t other_copy = sys::handle_dup(uint32_t(other), abi::rights::kBasic);
  failures += !check(send_handle(e, uint32_t(other_copy)) == 0, test, "a process into a queue");
  failures += !check_error(sys::handle_give(uint32_t(other), f), abi::Error::BadState, test,
                           "handle_give of an end holding the process");
  drop(a);
  drop(b);
  drop(x);
  drop(y);
  drop(z);
  drop(process);
  drop(c);
  drop(other);
  drop(e);
  drop(f);
  return failures;
}

}  // namespace

namespace {

// A chain of holders, each the only holder of the next: `depth` ends, each
// in the queue of the one before, or `depth` unstarted processes, each
// given the next. Dropping the first frees them all, one after another.
int chain_round(const char* test, int depth) {
  int failures = 0;
  auto [top, top_peer] = *ipc::channel_create();
  ipc::Handle holder = top;  // whose queue takes the next end, through its peer
  ipc::Handle sender = top_peer;
  for (int i = 0; i < depth && failures == 0; ++i) {
    auto [next, next_peer] = *ipc::channel_create();
    failures += !check(send_handle(sender, next) == 0, test, "an end into the chain");
    if (sender != top_peer) drop(sender);
    holder = next;
    sender = next_peer;
  }
  (void)holder;
  drop(sender);
  drop(top_peer);
  drop(top);
  int64_t first = sys::process_create("chain", 5);
  int64_t previous = first;
  for (int i = 0; i < depth && failures == 0; ++i) {
    int64_t next = sys::process_create("chain", 5);
    int64_t copy = sys::handle_dup(uint32_t(next), uint32_t(sys::handle_info(uint32_t(next))));
    failures += !check(sys::handle_give(uint32_t(previous), uint32_t(copy)) > 0, test, "a process into the chain");
    if (previous != first) drop(previous);
    previous = next;
  }
  drop(previous);
  drop(first);
  return failures;
}

}  // namespace

// --- chains: freeing a long chain of holders never overflows the kernel's
// stack (each link once freed the next from inside its own freeing).
int test_chains() {
  const char* test = "chains";
  constexpr int kDepth = 5000;
  int failures = chain_round(test, kDepth);  // warm-up: the kernel's caches grow to fit
  sys::KernelMemory before = sys::kernel_memory();
  for (int round = 0; round < 3 && failures == 0; ++round) failures += chain_round(test, kDepth);
  failures += !same_memory(before, sys::kernel_memory(), test, "memory after the chains");
  if (failures == 0) printf("PASS chains\n");
  return failures;
}

// --- cycles: handle holders never keep each other alive unreachably.
int test_cycles() {
  const char* test = "cycles";
  int failures = cycles_round(test);
  sys::KernelMemory before = sys::kernel_memory();
  for (int round = 0; round < 20 && failures == 0; ++round) failures += cycles_round(test);
  failures += !same_memory(before, sys::kernel_memory(), test, "memory after 20 rounds");
  if (failures == 0) printf("PASS cycles\n");
  return failures;
}

}  // namespace ktest
