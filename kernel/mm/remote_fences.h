// Fences one hart owes because another changed memory under it: a TLB
// flush after an unmap, a FENCE.I after new code was mapped. Apart from
// the harts and SBI so that host tests can run the rules
// (tests/host/remote_fences_test.cc); kernel/arch/smp.cc applies them.
#pragma once

#include <cstddef>
#include <cstdint>

namespace kernel {

enum class Fence : uint8_t {
  Tlb = 1,           // sfence.vma of every address
  Instructions = 2,  // fence.i: instruction fetch sees the stores before it
};

// The fences a hart owes, run before it next touches kernel data or runs
// a thread. One byte, so catching up costs lock_kernel one load and a
// branch whatever is owed.
class OwedFences {
 public:
  void add(Fence f) { bits_ |= static_cast<uint8_t>(f); }
  bool any() const { return bits_ != 0; }
  // What is owed, now cleared: the caller runs it.
  uint8_t take() {
    uint8_t owed = bits_;
    bits_ = 0;
    return owed;
  }
  static bool includes(uint8_t owed, Fence f) { return owed & static_cast<uint8_t>(f); }

 private:
  uint8_t bits_ = 0;
};

// `hart` owes `fence`, which it runs when it next takes the big lock
// (smp::lock_kernel), and its reschedule is due with it: the IPC fast
// path, which takes the hart's own lock only and leaves for the big lock
// when a reschedule is due, so tests the fences too, with no test of its
// own. (Both change under the big lock only, whose taker ran the fences
// before its scheduler clears need_resched: owing implies it is set.)
template <class Hart>
void owe(Hart& hart, Fence fence) {
  hart.owed.add(fence);
  hart.need_resched = true;
}

// A change to an address space that every other hart must see. Those that
// run the space now may see the change in user mode without entering the
// kernel: their hart mask is returned, and the caller fences them at once
// (SBI remote fence). Every other hart owes the fence: it cannot run a
// thread of the space before it takes a lock, which catches up. So idle
// harts and harts running other spaces get no interrupt.
// Hart: has hart_id, owed (OwedFences) and need_resched; runs_space(hart) says whether
// its current thread runs the space.
template <class Hart, class RunsSpace>
uint64_t fence_others(Hart* const* harts, size_t count, const Hart* here, Fence fence, RunsSpace runs_space) {
  uint64_t running = 0;
  for (size_t i = 0; i < count; ++i) {
    Hart* hart = harts[i];
    if (hart == here) continue;
    if (runs_space(*hart)) running |= 1ull << hart->hart_id;
    else owe(*hart, fence);
  }
  return running;
}

}  // namespace kernel
