// The kernel's checks of thread interrupt frames (common/abi/interrupt.h):
// where a frame goes on the stack, and which frames read back from user
// memory may be resumed.
#include "abi/interrupt.h"

#include <doctest/doctest.h>

namespace {

constexpr uint64_t kTop = 0x4000000000;  // Sv39's user half

abi::InterruptFrame frame_at(uint64_t pc) {
  abi::InterruptFrame f{};
  f.pc = pc;
  return f;
}

}  // namespace

TEST_CASE("a frame goes below sp, 16-byte aligned, and never wraps") {
  CHECK(abi::interrupt_frame_below(0x10000) == 0x10000 - sizeof(abi::InterruptFrame));
  uint64_t below = abi::interrupt_frame_below(0x10008);
  CHECK(below % 16 == 0);
  CHECK(below + sizeof(abi::InterruptFrame) <= 0x10008);
  CHECK(below + sizeof(abi::InterruptFrame) + 16 > 0x10008);
  CHECK(abi::interrupt_frame_below(16) == 0);
  CHECK(abi::interrupt_frame_below(0) == 0);
  CHECK(abi::interrupt_frame_below(sizeof(abi::InterruptFrame)) == 0);
}

TEST_CASE("a user context resumes") {
  CHECK(abi::resumable(frame_at(0x10000), kTop));
  CHECK(abi::resumable(frame_at(0x10002), kTop));  // compressed instructions
  abi::InterruptFrame f = frame_at(0x10000);
  f.flags = abi::kInterruptedWait;
  for (uint64_t& x : f.x) x = ~0ull;  // registers are only values
  CHECK(abi::resumable(f, kTop));
}

TEST_CASE("a forged frame does not") {
  CHECK_FALSE(abi::resumable(frame_at(kTop), kTop));
  CHECK_FALSE(abi::resumable(frame_at(0xffffffc080200000), kTop));
  CHECK_FALSE(abi::resumable(frame_at(0x10001), kTop));
  abi::InterruptFrame f = frame_at(0x10000);
  f.flags = 2;
  CHECK_FALSE(abi::resumable(f, kTop));
  f.flags = 0;
  f.reserved = 1;
  CHECK_FALSE(abi::resumable(f, kTop));
}

TEST_CASE("an entry is a user pc") {
  CHECK(abi::user_pc(0x10000, kTop));
  CHECK(abi::user_pc(0, kTop));  // SetEntry 0: no entry
  CHECK_FALSE(abi::user_pc(0x10001, kTop));
  CHECK_FALSE(abi::user_pc(kTop, kTop));
}
