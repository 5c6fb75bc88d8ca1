// Running out of each kernel resource: a child (`ktest hog <resource>`)
// takes all of it. Each further request must be refused with NoMemory, the
// rest of the system must stay up (we are scheduled, and a bystander
// process answers calls), and once the child lets go (and when it ends)
// the kernel's memory must come back to the byte.
//
// The child reports through a shared page, not IPC: with the kernel's
// memory used up, a message could not be queued.
#include <string.h>

#include "ipc/ipc.h"
#include "ipc/process.h"
#include "ktest.h"

namespace ktest {

namespace {

// The shared page: the child's progress and the parent's release.
struct Board {
  volatile uint64_t taken;     // how many the child has got (so far, then before the refusal)
  volatile int64_t refusal;    // the error of the first refused request
  volatile uint64_t phase;     // kHolding, then kRecovered
  volatile uint64_t release;   // set by the parent
};
constexpr uint64_t kHolding = 1;
constexpr uint64_t kRecovered = 2;
constexpr uint64_t kBoardBytes = 4096;

constexpr uint64_t kChunk = 1 << 20;
constexpr size_t kMaxTaken = 1 << 20;  // more than a handle table holds

// One unit of each resource: a handle or an address, or a negative error.
struct Resource {
  const char* name;
  int64_t (*take)();
  void (*give_back)(uint64_t);
};

// Threads wait on this port until it closes; they share one stack, which
// they hardly use (whatever they find there, they end).
uint32_t thread_port;
alignas(16) uint64_t thread_stack[512];  // the kernel asks for a 16-byte aligned stack top

void wait_then_exit(uint64_t) {
  (void)ipc::port_wait(thread_port, abi::kForever);
  sys::thread_exit();
}

void close_one(uint64_t handle) { (void)sys::handle_close(uint32_t(handle)); }

int64_t take_memory() {
  int64_t region = sys::mem_map(kChunk, abi::kProtRead | abi::kProtWrite);
  if (!sys::failed(region)) memset(reinterpret_cast<void*>(region), 1, kChunk);  // committed: never a fault
  return region;
}
void unmap_one(uint64_t address) { (void)sys::mem_unmap(address, kChunk); }

int64_t take_thread() {
  return sys::thread_create(wait_then_exit, reinterpret_cast<uint64_t>(thread_stack + 512), 0, 1);
}

uint32_t handle_source;
int64_t take_handle() { return sys::handle_dup(handle_source, abi::rights::kBasic); }

int64_t take_port() { return sys::call(abi::Syscall::PortCreate); }

int64_t take_process() { return sys::process_create("hogged", 6); }

// A channel whose queue is full of 4 KiB messages; the sending end is kept.
int64_t take_queue() {
  auto pair = ipc::channel_create();
  if (!pair) return static_cast<int64_t>(pair.error());
  auto [a, b] = *pair;
  ipc::Message& m = ipc::buffer();
  m.bytes = abi::kIpcMaxBytes;
  m.handle_count = 0;
  Status s;
  for (uint32_t i = 0; i < 64 && s; ++i) s = ipc::send(a, m);
  (void)sys::handle_close(a);
  if (!s) {
    (void)sys::handle_close(b);
    return static_cast<int64_t>(s.error());
  }
  return b;
}

const Resource kResources[] = {
    {"memory", take_memory, unmap_one},     {"threads", take_thread, close_one},
    {"handles", take_handle, close_one},    {"ports", take_port, close_one},
    {"processes", take_process, close_one}, {"queues", take_queue, close_one},
};

const Resource* find(const char* name) {
  for (const Resource& r : kResources) {
    if (strcmp(r.name, name) == 0) return &r;
  }
  return nullptr;
}

}  // namespace

// Child role: answers each call with its first word plus one until its
// end's peer closes.
int echo(int, char**) {
  auto handles = ipc::startup_handles();
  if (handles.empty()) return 2;
  ipc::Event e = ipc::channel_recv(handles[0]);
  while (e.ok()) {
    uint64_t words[4] = {e.words[0] + 1, 0, 0, 0};
    if (!ipc::reply(8, words)) return 3;
    e = ipc::channel_recv(handles[0]);
  }
  return e.error() == abi::Error::PeerClosed ? 0 : 4;
}

// Child role: ktest hog <resource>, with the board's membuf.
int hog(int argc, char** argv) {
  auto handles = ipc::startup_handles();
  const Resource* r = argc > 2 ? find(argv[2]) : nullptr;
  if (!r || handles.empty()) return 2;
  int64_t address = sys::membuf_map(handles[0], 0, 0, kBoardBytes, abi::kProtRead | abi::kProtWrite);
  if (sys::failed(address)) return 3;
  auto* board = reinterpret_cast<Board*>(address);
  handle_source = handles[0];
  thread_port = uint32_t(sys::call(abi::Syscall::PortCreate));
  int64_t list = sys::mem_map(kMaxTaken * sizeof(uint64_t), abi::kProtRead | abi::kProtWrite);
  if (sys::failed(list)) return 4;
  auto* taken = reinterpret_cast<uint64_t*>(list);
  size_t count = 0;
  int64_t result = 0;
  while (count < kMaxTaken && !sys::failed(result = r->take())) {
    taken[count++] = uint64_t(result);
    board->taken = count;  // progress, which the parent watches
  }
  board->taken = count;
  board->refusal = result;
  board->phase = kHolding;
  while (!board->release) sys::sleep_until(deadline_in(ms(5)));
  // Letting go makes room again (threads end once their port is gone).
  for (size_t i = 0; i < count; ++i) r->give_back(taken[i]);
  (void)sys::handle_close(thread_port);
  sys::sleep_until(deadline_in(ms(50)));
  int64_t again = r->take();
  if (!sys::failed(again)) r->give_back(uint64_t(again));
  board->phase = sys::failed(again) ? kHolding : kRecovered;
  return 0;
}

namespace {

// A bystander: a process that answers calls through the whole run.
struct Bystander {
  ipc::Handle end = 0;
  ipc::Handle process = 0;
  bool start(const char* test) {
    auto pair = ipc::channel_create();
    if (!check(pair.ok(), test, "channel_create")) return false;
    end = pair->a;
    const char* argv[] = {"ktest", "echo"};
    ipc::Handle handles[] = {pair->b};
    auto child = ipc::spawn(argv, handles);
    if (!check(child.ok(), test, "spawn the bystander")) return false;
    process = *child;
    return answers(test, "the bystander before the run");
  }
  bool answers(const char* test, const char* what) {
    uint64_t words[4] = {42, 0, 0, 0};
    ipc::Event e = ipc::call(end, 8, words, deadline_in(ms(10000)));
    return check(e.ok() && e.words[0] == 43, test, what);
  }
  // It ends when its end's peer closes: PeerClosed.
  bool stop(const char* test) {
    (void)sys::handle_close(end);
    bool ended = check(sys::process_wait(process, deadline_in(ms(10000))) == 0, test, "the bystander did not end");
    (void)sys::handle_close(process);
    return ended;
  }
};

// One run of the hog: its verdict, with the count it reached.
int run_hog(const char* test, const char* resource, uint64_t& count) {
  Bystander bystander;
  if (!bystander.start(test)) return 1;
  int64_t buffer = sys::membuf_create(kBoardBytes);
  int64_t shared = sys::handle_dup(uint32_t(buffer), uint32_t(sys::handle_info(uint32_t(buffer))));
  int64_t address = sys::membuf_map(uint32_t(buffer), 0, 0, kBoardBytes, abi::kProtRead | abi::kProtWrite);
  if (!check(!sys::failed(address) && !sys::failed(shared), test, "membuf")) return 1;
  auto* board = reinterpret_cast<Board*>(address);
  const char* argv[] = {"ktest", "hog", resource};
  ipc::Handle handles[] = {uint32_t(shared)};
  auto child = ipc::spawn(argv, handles);
  if (!check(child.ok(), test, "spawn the hog")) return 1;
  int failures = 0;
  // The hog is stuck if it takes nothing for 20 s; a slow (loaded) host
  // only makes it take longer, which the harness's timeout bounds.
  uint64_t last_taken = 0;
  uint64_t give_up = deadline_in(ms(20'000));
  while (board->phase != kHolding && sys::read_time() < give_up) {
    sys::sleep_until(deadline_in(ms(10)));
    if (board->taken != last_taken) {
      last_taken = board->taken;
      give_up = deadline_in(ms(20'000));
    }
  }
  if (board->phase != kHolding) {
    printf("FAIL %s: the hog stopped taking at %lu without running out\n", test, (unsigned long)board->taken);
    ++failures;
  }
  failures += !check_error(board->refusal, abi::Error::NoMemory, test, "the refused request");
  count = board->taken;
  // We are still scheduled, our timers still fire: the system is up.
  uint64_t before_sleep = sys::read_time();
  sys::sleep_until(deadline_in(ms(10)));
  failures += !check(sys::read_time() >= before_sleep + ms(10), test, "a sleep while exhausted");
  // Another process still runs and answers: a call allocates nothing.
  failures += !bystander.answers(test, "the bystander while exhausted");
  board->release = 1;
  int64_t status = sys::process_wait(*child, deadline_in(ms(60'000)));
  failures += !check(status == 0, test, "the hog did not end cleanly");
  failures += !check(board->phase == kRecovered, test, "nothing could be had again after letting go");
  (void)sys::handle_close(*child);
  (void)sys::mem_unmap(uint64_t(address), kBoardBytes);
  (void)sys::handle_close(uint32_t(buffer));
  failures += !bystander.answers(test, "the bystander after the run");
  failures += !bystander.stop(test);
  return failures;
}

}  // namespace

// --- exhaust <resource>: two runs of the hog; the second must get as
// much as the first and leave the kernel exactly as the first did (the first may grow structures the
// kernel keeps, such as page tables for the kernel stack region).
int test_exhaust(const char* resource) {
  char test[32];
  snprintf(test, sizeof test, "exhaust-%s", resource);
  if (!find(resource)) {
    printf("FAIL %s: no such resource\n", test);
    return 1;
  }
  uint64_t first = 0, second = 0;
  int failures = run_hog(test, resource, first);
  sys::KernelMemory before = sys::kernel_memory();
  failures += run_hog(test, resource, second);
  sys::KernelMemory after = sys::kernel_memory();
  printf("%s: %lu, then %lu before the refusal\n", test, first, second);
  // Nothing the first run took stays taken (freed kernel stack slots were
  // once forgotten, so each round of threads got fewer).
  failures += !check(second == first, test, "the second run got a different amount");
  if (!(before == after)) {
    printf("FAIL %s: free frames %lu -> %lu, kernel heap %lu -> %lu bytes\n", test, before.free_frames,
           after.free_frames, before.heap_bytes, after.heap_bytes);
    ++failures;
  }
  if (failures == 0) printf("PASS %s\n", test);
  return failures;
}

}  // namespace ktest
