// One fuzzed system call: its number and seven argument registers, drawn
// for that syscall from the World, then made and accounted for (new
// handles and regions join the World, closed or moved handles leave it).
#pragma once

#include <cstdint>

#include "random.h"
#include "world.h"

namespace fuzz {

struct Call {
  uint64_t number;
  uint64_t a[7];
};

// Draws a call: most often a known syscall, sometimes an unknown number.
Call draw(Random& r, World& world);
// Makes the call and updates the world from its result; returns a0.
int64_t make(const Call& call, World& world);
// The syscalls the fuzzer never makes itself (docs/kernel.md, "The syscall
// fuzzer"): true for those.
bool excluded(uint64_t number);

}  // namespace fuzz
