// Which hart a ready thread goes to, and where a hart with nothing better
// to run takes its next thread from: the policy of the per-hart run queues,
// kept apart from the queues and the harts so that host tests can try it
// (tests/host/placement_test.cc). Pure functions of a snapshot of the harts.
#pragma once

#include <cstddef>
#include <cstdint>

namespace kernel::sched {

// What the policy looks at in each hart.
struct HartView {
  bool idle = true;           // runs its idle thread
  int running = -1;           // the priority of the thread it runs (-1: idle)
  int waiting = -1;           // the best priority in its stealable queue (-1: empty)
};

constexpr size_t kNoHart = ~size_t{0};

// Whether a thread of this priority should preempt what the hart runs.
inline bool preempts(const HartView& hart, unsigned priority) {
  return hart.idle || static_cast<int>(priority) > hart.running;
}

// The hart for a thread that may run anywhere, made ready on `here`; `last`
// is where it last ran (kNoHart: never). Warm first: here when it last ran
// here (an IPC partner that talks to us: load balance must not pull the
// pair apart), when it never ran (a new thread starts beside its creator,
// which usually waits for it or talks to it) or when here is idle (woken
// by an interrupt there); else its old hart if that is idle; else any idle
// hart; else its old hart or the hart whose thread it preempts, the one
// running the lowest priority; else here, where it waits its turn (or is
// stolen by a hart that runs out).
inline size_t place(const HartView* harts, size_t count, size_t here, size_t last, unsigned priority) {
  if (last == here || last == kNoHart || harts[here].idle) return here;
  if (harts[last].idle) return last;
  for (size_t i = 0; i < count; ++i) {
    if (harts[i].idle) return i;
  }
  if (preempts(harts[last], priority)) return last;
  size_t target = kNoHart;
  for (size_t i = 0; i < count; ++i) {
    if (preempts(harts[i], priority) && (target == kNoHart || harts[i].running < harts[target].running)) target = i;
  }
  return target == kNoHart ? here : target;
}

// The hart whose stealable queue `thief` should take from instead of
// running `own` (the best priority in its own queues, -1: none): the one
// with the best waiting thread, if that is better than `own`. A tie stays
// home: a thread migrates only to run sooner, never to even out queues.
inline size_t steal_from(const HartView* harts, size_t count, size_t thief, int own) {
  size_t victim = kNoHart;
  int best = own;
  for (size_t i = 0; i < count; ++i) {
    if (i != thief && harts[i].waiting > best) {
      best = harts[i].waiting;
      victim = i;
    }
  }
  return victim;
}

}  // namespace kernel::sched
