// syscallfuzz: random system calls from a hostile program. Every syscall
// number and unknown ones, with arguments biased toward 0, -1, kernel
// addresses, unmapped, misaligned and huge values, and valid, closed,
// reused, forged and rights-reduced handles of every type the fuzzer can
// make or is given. The kernel must neither panic nor hang nor fault, and
// once the fuzzing process is gone its memory must be back to the byte.
//
//   syscallfuzz SEED CALLS [PROCESSES] run CALLS calls in each of PROCESSES
//                                      children at once (1 if not given;
//                                      seeds SEED, SEED+1, ...), then check
//                                      the kernel's memory
//   syscallfuzz run SEED CALLS [FROM]  the fuzzing itself; from call FROM on
//                                      it prints each call before making it
//
// A failure reproduces from its seed: the run prints the seed and, every
// 10,000 calls, how far it got; run it again with FROM just below the last
// count shown to see the call that failed. docs/kernel.md says what the
// fuzzer leaves out so that it does not end itself.
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "calls.h"
#include "victim.h"
#include "ipc/ipc.h"
#include "ipc/process.h"
#include "ipc/time.h"
#include "random.h"
#include "world.h"

namespace {

constexpr uint64_t kProgressEvery = 10'000;
constexpr uint64_t kRefreshEvery = 256;

// Printing without the C library's buffers: memory may be exhausted.
void say(const char* text) {
  size_t length = strlen(text);
  for (size_t done = 0; done < length;) {
    int64_t n = sys::debug_write(ipc::debug_console(), text + done, length - done);
    if (n <= 0) return;
    done += size_t(n);
  }
}

// The fuzzer's stack is backed on touch; touched now, it is never what
// fails when the fuzzing uses up the machine's memory.
void touch_stack() {
  volatile char pad[64 * 1024];
  for (size_t i = 0; i < sizeof pad; i += 4096) pad[i] = 0;
}

int run_fuzzing(uint64_t seed, uint64_t calls, uint64_t trace_from) {
  char line[160];
  touch_stack();
  fuzz::World world;
  if (!world.init()) {
    say("syscallfuzz: no memory for the scratch pages\n");
    return 1;
  }
  if (sys::call(abi::Syscall::SetIpcBuffer, world.scratch()) != 0) return 1;
  world.ipc_buffer = world.scratch();
  for (ipc::Handle h : ipc::startup_handles()) world.add_source(h);
  // Copies of the debug console go in the pool; say() keeps the original,
  // which no drawn handle names (a forged value has generation 0).
  world.add_source(ipc::debug_console());
  world.refresh();
  snprintf(line, sizeof line, "syscallfuzz: seed %lu, %lu calls\n", seed, calls);
  say(line);
  fuzz::Random random(seed);
  // Per syscall (unknown numbers last): calls made, and how many succeeded.
  constexpr size_t kKinds = size_t(abi::Syscall::Count) + 1;
  uint32_t made[kKinds] = {};
  uint32_t succeeded[kKinds] = {};
  uint32_t victims = 0;
  for (uint64_t i = 0; i < calls; ++i) {
    // One step in a hundred builds a victim process instead (victim.h).
    if (random.below(100) == 0) {
      if (i >= trace_from) {
        snprintf(line, sizeof line, "call %lu: a victim\n", i);
        say(line);
      }
      victims += fuzz::make_victim(random, world);
    } else {
      fuzz::Call call = fuzz::draw(random, world);
      if (i >= trace_from) {
        snprintf(line, sizeof line, "call %lu: %lu (%lx %lx %lx %lx %lx %lx %lx)\n", i, call.number, call.a[0],
                 call.a[1], call.a[2], call.a[3], call.a[4], call.a[5], call.a[6]);
        say(line);
      }
      int64_t result = fuzz::make(call, world);
      size_t kind = call.number < kKinds - 1 ? size_t(call.number) : kKinds - 1;
      ++made[kind];
      succeeded[kind] += result >= 0;
    }
    if ((i + 1) % kRefreshEvery == 0) world.refresh();
    if ((i + 1) % kProgressEvery == 0) {
      snprintf(line, sizeof line, "syscallfuzz: seed %lu, %lu calls made\n", seed, i + 1);
      say(line);
    }
  }
  world.close_all();
  // What the run reached: a syscall that never succeeds is barely tested.
  say("syscallfuzz: succeeded/made by syscall number:");
  for (size_t k = 0; k + 1 < kKinds; ++k) {
    snprintf(line, sizeof line, " %zu:%u/%u", k, succeeded[k], made[k]);
    say(line);
  }
  snprintf(line, sizeof line, " unknown:%u/%u\nsyscallfuzz: %u victims built\nsyscallfuzz: done\n",
           succeeded[kKinds - 1], made[kKinds - 1], victims);
  say(line);
  return 0;
}

// Runs the fuzzing in `processes` children at once (seeds SEED, SEED+1,
// ...) and checks that the kernel's memory comes back once they are gone.
// The same run goes first as a warm-up: what the kernel keeps for good
// after first use (page tables of the kernel stack region, one empty slab
// per size class) is then in place. (A shorter warm-up is not enough: a
// tenth of the calls left one frame to be taken for good by the full run.)
// On several harts the children's calls interleave differently each run,
// so a run may still take a pool past its high-water mark once more: the
// memory must come to a fixed point, a run that leaves it exactly where
// the one before did, within kMaxRuns runs (the rule of the QEMU tests'
// leak check, docs/kernel.md "Tests"). A leak takes memory on every run
// and never passes.
// The children get copies of the handles this process was given (devices,
// with `syscallfuzz +virtio7 ...`): the objects outlive them. An IRQ a child
// bound stays bound to its port after it is gone, as any driver's does;
// after each run this process takes the IRQ over, as the next driver would,
// so that the dead child's port is freed before the memory is compared.
int fuzz_in_children(uint64_t seed, uint64_t calls, uint32_t processes) {
  constexpr uint32_t kMaxProcesses = 8;
  constexpr int kMaxRuns = 4;
  constexpr uint64_t kWatchdogMs = 40'000;
  constexpr uint64_t kWatchdogMsPerCall = 4;
  if (processes == 0 || processes > kMaxProcesses) {
    printf("syscallfuzz: 1 to %u fuzzing processes\n", kMaxProcesses);
    return 2;
  }
  ipc::Handle successor = *ipc::port_create();
  auto take_irqs_over = [&] {
    for (ipc::Handle h : ipc::startup_handles()) {
      if (uint64_t(sys::handle_info(h)) >> 32 == uint64_t(abi::ObjectType::Irq)) (void)sys::irq_bind(h, successor, 0);
    }
  };
  auto start = [&](uint64_t child_seed) -> Result<ipc::Handle> {
    char seed_text[24], count[24];
    snprintf(seed_text, sizeof seed_text, "%lu", child_seed);
    snprintf(count, sizeof count, "%lu", calls);
    const char* argv[] = {"syscallfuzz", "run", seed_text, count};
    ipc::Handle copies[8];
    size_t copied = 0;
    for (ipc::Handle h : ipc::startup_handles()) {
      int64_t copy = sys::handle_dup(h, uint32_t(sys::handle_info(h)));
      if (copy >= 0 && copied < 8) copies[copied++] = uint32_t(copy);
    }
    return ipc::spawn(argv, std::span<const ipc::Handle>(copies, copied));
  };
  // Every child's status; the first that is not 0.
  auto run = [&]() -> int64_t {
    ipc::Handle children[kMaxProcesses];
    int64_t status = 0;
    uint32_t started = 0;
    for (; started < processes; ++started) {
      auto child = start(seed + started);
      if (!child) {
        status = int64_t(child.error());
        break;
      }
      children[started] = *child;
    }
    // A fuzzing process makes a call in well under a millisecond (the
    // kernel's slowest, a thread dump, takes a few), so one that has not
    // ended by then has stopped: the kernel's thread dump shows where.
    const uint64_t deadline = ipc::deadline_in_ms(kWatchdogMs + calls * kWatchdogMsPerCall);
    for (uint32_t i = 0; i < started; ++i) {
      int64_t ended = ipc::wait(children[i], deadline);
      if (ended == int64_t(Error::TimedOut)) {
        printf("FAIL syscallfuzz: watchdog: fuzzing process %u (seed %lu) has not ended\n", i, seed + i);
        fflush(stdout);
        (void)sys::debug_threads(ipc::debug_console());
        (void)sys::process_kill(children[i]);
        ended = ipc::wait(children[i]);
      }
      if (status == 0) status = ended;
      (void)sys::handle_close(children[i]);
    }
    take_irqs_over();
    return status;
  };
  int64_t status = run();  // the warm-up
  sys::KernelMemory before = sys::kernel_memory();
  for (int runs = 1; status == 0 && runs <= kMaxRuns; ++runs) {
    status = run();
    sys::KernelMemory after = sys::kernel_memory();
    printf("syscallfuzz: free frames %lu -> %lu, kernel heap %lu -> %lu bytes\n", before.free_frames,
           after.free_frames, before.heap_bytes, after.heap_bytes);
    if (status == 0 && before == after) {
      printf("PASS syscallfuzz\n");
      return 0;
    }
    before = after;
  }
  if (status != 0) {
    printf("FAIL syscallfuzz: a fuzzing process ended with %ld\n", long(status));
  } else {
    printf("FAIL syscallfuzz: the kernel's memory did not come back in %d runs\n", kMaxRuns);
  }
  return 1;
}

uint64_t number(const char* text) { return strtoull(text, nullptr, 0); }

}  // namespace

int main(int argc, char** argv) {
  if (argc >= 4 && strcmp(argv[1], "run") == 0) {
    return run_fuzzing(number(argv[2]), number(argv[3]), argc >= 5 ? number(argv[4]) : ~0ull);
  }
  if (argc == 3 || argc == 4) return fuzz_in_children(number(argv[1]), number(argv[2]), argc == 4 ? uint32_t(number(argv[3])) : 1);
  printf("usage: syscallfuzz SEED CALLS [PROCESSES] | syscallfuzz run SEED CALLS [TRACE_FROM]\n");
  return 2;
}
