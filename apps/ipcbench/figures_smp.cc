// The figures of several harts (`ipcbench smp`, run by `make bench` on 4
// harts): a pair on one hart, a pair across two, and what a round trip
// costs with 1, 2 and 4 pairs, each on its own hart. docs/benchmarks.md
// "Several harts" says how to read them under -icount, where QEMU runs the
// harts one after the other and rdinstret counts the instructions of all.
#include <stdio.h>

#include "ipc/ipc.h"
#include "ipc/syscall.h"
#include "measure.h"
#include "remote.h"
#include "roles.h"

namespace bench {

namespace {

constexpr const char* kHartNames[] = {"0", "1", "2", "3"};
constexpr int kMaxPairs = 4;

// The harts the kernel runs on: thread_pin refuses a hart it does not run.
int hart_count() {
  int harts = 0;
  while (harts < 64 && sys::thread_pin(harts) == 0) ++harts;
  return harts;
}

// The same figure as ipc_null_roundtrip, with client and server both on
// hart 0 while the other harts idle: what SMP costs the fast path.
void same_hart_roundtrip() {
  sys::thread_pin(0);
  Remote r = Remote::start("serve-registers", 0, kHartNames[0]);
  uint64_t words[4] = {};
  report("ipc_null_roundtrip_smp", measure([&] { ipc::call(r.end, 0, words); }), "instructions");
  r.stop();
}

// Client on hart 0, server on hart 1: every call and reply wakes the other
// hart with an IPI.
void cross_hart_roundtrip() {
  sys::thread_pin(0);
  Remote r = Remote::start("serve-registers", 0, kHartNames[1]);
  uint64_t words[4] = {};
  report("ipc_cross_hart_roundtrip", measure([&] { ipc::call(r.end, 0, words); }), "instructions");
  r.stop();
}

// One client of ipc_scaling: a thread pinned to its pair's hart, whose
// server (a child process) is pinned there too. It warms up, waits for the
// start message, makes kCalls round trips and says it is done.
struct Pair {
  ipc::Handle server = 0;
  ipc::Handle start = 0;  // receives the start message
  ipc::Handle done = 0;   // sends the end message
  int hart = 0;
};
constexpr int kCalls = 20'000;

void scaling_client(void* argument) {
  const Pair& pair = *static_cast<const Pair*>(argument);
  sys::thread_pin(pair.hart);
  uint64_t words[4] = {};
  for (int i = 0; i < kWarmup; ++i) ipc::call(pair.server, 0, words);
  ipc::channel_recv(pair.start);
  for (int i = 0; i < kCalls; ++i) ipc::call(pair.server, 0, words);
  (void)ipc::channel_send(pair.done, 0, words);
}

// The round trips of all pairs per million instructions of all harts,
// from the start messages to the last pair's end. Under -icount rdinstret
// is QEMU's one count of every hart's instructions, so this is the work
// a round trip costs the whole machine: flat as pairs are added when SMP
// costs nothing extra (docs/benchmarks.md "Several harts").
void scaling(int pairs) {
  auto start = ipc::channel_create();
  auto done = ipc::channel_create();
  Remote servers[kMaxPairs];
  Pair clients[kMaxPairs];
  for (int i = 0; i < pairs; ++i) {
    servers[i] = Remote::start("serve-registers", 0, kHartNames[i]);
    clients[i] = Pair{servers[i].end, start->b, done->a, i};
    auto thread = ipc::start_thread(scaling_client, &clients[i]);
    if (thread) (void)ipc::close(*thread);
  }
  uint64_t go[4] = {};
  uint64_t begin = sys::read_instret();
  for (int i = 0; i < pairs; ++i) (void)ipc::channel_send(start->a, 0, go);
  for (int i = 0; i < pairs; ++i) ipc::channel_recv(done->b);
  uint64_t spent = sys::read_instret() - begin;
  for (int i = 0; i < pairs; ++i) servers[i].stop();
  for (ipc::Handle h : {start->a, start->b, done->a, done->b}) (void)ipc::close(h);
  char name[32];
  snprintf(name, sizeof name, "ipc_scaling_%dpairs", pairs);
  report(name, uint64_t{kCalls} * pairs * 1'000'000 / spent, "roundtrips_per_million_instructions");
}

}  // namespace

void run_smp_figures() {
  int harts = hart_count();
  if (harts < 2) {
    printf("ipcbench: smp needs at least 2 harts, has %d\n", harts);
    return;
  }
  same_hart_roundtrip();
  cross_hart_roundtrip();
  for (int pairs = 1; pairs <= kMaxPairs && pairs <= harts; pairs *= 2) scaling(pairs);
  sys::thread_pin(-1);
}

}  // namespace bench
