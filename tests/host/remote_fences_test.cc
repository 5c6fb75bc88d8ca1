#include <doctest/doctest.h>

#include <vector>

#include "mm/remote_fences.h"

using kernel::Fence;
using kernel::OwedFences;

namespace {

struct Hart {
  uint64_t hart_id;
  bool runs_space;
  OwedFences owed;
  bool need_resched = false;
};

// Harts with ids 0, 3, 5, 6 (ids need not be dense); the second and the
// last run the space.
struct Machine {
  Hart harts[4] = {{0, false, {}}, {3, true, {}}, {5, false, {}}, {6, true, {}}};
  Hart* list[4] = {&harts[0], &harts[1], &harts[2], &harts[3]};

  uint64_t fence_from(size_t here, Fence fence) {
    return kernel::fence_others(list, 4, list[here], fence, [](const Hart& h) { return h.runs_space; });
  }
};

}  // namespace

TEST_CASE("harts that run the space are fenced at once, the others owe the fence, the caller neither") {
  Machine m;
  uint64_t running = m.fence_from(0, Fence::Instructions);
  CHECK(running == ((1ull << 3) | (1ull << 6)));
  CHECK_FALSE(m.harts[0].owed.any());  // the caller fences itself
  CHECK_FALSE(m.harts[1].owed.any());
  CHECK_FALSE(m.harts[3].owed.any());
  REQUIRE(m.harts[2].owed.any());
  // Only the hart that owes has a reschedule due (the IPC fast path's test
  // of the fences).
  CHECK(m.harts[2].need_resched);
  CHECK_FALSE(m.harts[0].need_resched);
  CHECK_FALSE(m.harts[1].need_resched);
  CHECK_FALSE(m.harts[3].need_resched);
  uint8_t owed = m.harts[2].owed.take();
  CHECK(OwedFences::includes(owed, Fence::Instructions));
  CHECK_FALSE(OwedFences::includes(owed, Fence::Tlb));
}

TEST_CASE("a caller that runs the space is not in the mask it fences remotely") {
  Machine m;
  uint64_t running = m.fence_from(1, Fence::Tlb);
  CHECK(running == (1ull << 6));
  CHECK(m.harts[0].owed.any());
  CHECK(m.harts[2].owed.any());
  CHECK_FALSE(m.harts[1].owed.any());
}

TEST_CASE("owed fences add up until taken, and taking clears them") {
  Machine m;
  m.fence_from(0, Fence::Tlb);
  m.fence_from(1, Fence::Instructions);
  uint8_t owed = m.harts[2].owed.take();
  CHECK(OwedFences::includes(owed, Fence::Tlb));
  CHECK(OwedFences::includes(owed, Fence::Instructions));
  CHECK_FALSE(m.harts[2].owed.any());
  CHECK(m.harts[2].owed.take() == 0);
  // Hart 0 was the caller of the first and owes only the second.
  uint8_t first = m.harts[0].owed.take();
  CHECK(OwedFences::includes(first, Fence::Instructions));
  CHECK_FALSE(OwedFences::includes(first, Fence::Tlb));
}
