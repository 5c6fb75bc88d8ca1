// Host tests of BuddyAllocator on fake physical addresses: the allocator only
// touches its FrameMeta array, never the frames.
#include "lib/buddy.h"

#include <doctest/doctest.h>

#include <cstdint>
#include <map>
#include <random>
#include <vector>

using kernel::BuddyAllocator;
using kernel::FrameMeta;
using kernel::kFrameSize;
using kernel::kMaxOrder;

namespace {

constexpr unsigned kTop = kMaxOrder - 1;
constexpr uint64_t kTopFrames = uint64_t{1} << kTop;
// 0x8020_0000 is 2 MiB aligned but not 8 MiB aligned, like a kernel load address.
constexpr uint64_t kBase = 0x80200000;

struct Memory {
  explicit Memory(uint64_t frames, uint64_t base = kBase) : meta(frames), base_pa(base) {
    buddy.init(base_pa, meta);
  }
  uint64_t pa(uint64_t frame) const { return base_pa + frame * kFrameSize; }
  uint64_t alloc_ok(unsigned order) {
    auto r = buddy.alloc(order);
    REQUIRE(r.ok());
    return *r;
  }

  std::vector<FrameMeta> meta;
  uint64_t base_pa;
  BuddyAllocator buddy;
};

// First frame index (relative to kBase) whose address is 8 MiB aligned.
constexpr uint64_t kFirstTopAligned = (kTopFrames - (kBase / kFrameSize) % kTopFrames) % kTopFrames;

bool aligned(uint64_t pa, unsigned order) { return pa % (kFrameSize << order) == 0; }

}  // namespace

TEST_CASE("a fresh allocator has no free frames until a range is added") {
  Memory m(64);
  CHECK(m.buddy.free_frames() == 0);
  CHECK(m.buddy.total_frames() == 0);
  CHECK(m.buddy.alloc(0).error() == Error::NoMemory);
}

TEST_CASE("alloc rejects an order at or above kMaxOrder") {
  Memory m(64);
  m.buddy.add_free_range(m.pa(0), 64);
  CHECK(m.buddy.alloc(kMaxOrder).error() == Error::InvalidArgument);
  CHECK(m.buddy.alloc(1000).error() == Error::InvalidArgument);
  CHECK(m.buddy.free_frames() == 64);
}

TEST_CASE("alloc of order 0 splits a max-order block and free merges it back") {
  Memory m(kFirstTopAligned + kTopFrames);
  m.buddy.add_free_range(m.pa(kFirstTopAligned), kTopFrames);
  REQUIRE(m.buddy.free_blocks(kTop) == 1);

  uint64_t pa = m.alloc_ok(0);
  CHECK(pa == m.pa(kFirstTopAligned));
  CHECK(m.buddy.free_frames() == kTopFrames - 1);
  CHECK(m.buddy.free_blocks(kTop) == 0);
  for (unsigned order = 0; order < kTop; ++order) CHECK(m.buddy.free_blocks(order) == 1);
  CHECK(m.buddy.alloc(kTop).error() == Error::NoMemory);

  REQUIRE(m.buddy.free(pa, 0).ok());
  CHECK(m.buddy.free_frames() == kTopFrames);
  CHECK(m.buddy.free_blocks(kTop) == 1);
  for (unsigned order = 0; order < kTop; ++order) CHECK(m.buddy.free_blocks(order) == 0);
  CHECK(m.buddy.alloc(kTop).ok());
}

TEST_CASE("free of a block merges with its free buddy back to the larger order") {
  Memory m(2);
  m.buddy.add_free_range(m.pa(0), 2);
  uint64_t a = m.alloc_ok(0);
  uint64_t b = m.alloc_ok(0);
  CHECK(a != b);
  CHECK(m.buddy.alloc(1).error() == Error::NoMemory);

  REQUIRE(m.buddy.free(a, 0).ok());
  CHECK(m.buddy.alloc(1).error() == Error::NoMemory);
  REQUIRE(m.buddy.free(b, 0).ok());
  CHECK(m.buddy.free_blocks(0) == 0);
  CHECK(m.buddy.free_blocks(1) == 1);
  CHECK(m.alloc_ok(1) == m.pa(0));
}

TEST_CASE("free does not merge with a buddy that is free at a smaller order") {
  Memory m(4);
  m.buddy.add_free_range(m.pa(0), 4);
  uint64_t low = m.alloc_ok(1);   // frames 0-1
  uint64_t f2 = m.alloc_ok(0);    // frame 2, frame 3 stays free at order 0
  REQUIRE(m.buddy.free(low, 1).ok());
  CHECK(m.buddy.free_blocks(1) == 1);
  CHECK(m.buddy.free_blocks(0) == 1);
  CHECK(m.buddy.free_blocks(2) == 0);
  REQUIRE(m.buddy.free(f2, 0).ok());
  CHECK(m.buddy.free_blocks(2) == 1);
}

TEST_CASE("blocks are aligned to their size in physical address space") {
  Memory m(3 * kTopFrames);
  m.buddy.add_free_range(m.pa(0), 3 * kTopFrames);
  for (unsigned order = 0; order < kMaxOrder; ++order) {
    auto r = m.buddy.alloc(order);
    REQUIRE(r.ok());
    CHECK(aligned(*r, order));
  }
}

TEST_CASE("exhaustion returns NoMemory and recovers after frees") {
  Memory m(16);
  m.buddy.add_free_range(m.pa(0), 16);
  std::vector<uint64_t> got;
  for (int i = 0; i < 16; ++i) got.push_back(m.alloc_ok(0));
  CHECK(m.buddy.free_frames() == 0);
  CHECK(m.buddy.alloc(0).error() == Error::NoMemory);

  REQUIRE(m.buddy.free(got.back(), 0).ok());
  got.pop_back();
  CHECK(m.buddy.alloc(1).error() == Error::NoMemory);
  got.push_back(m.alloc_ok(0));

  for (uint64_t pa : got) REQUIRE(m.buddy.free(pa, 0).ok());
  CHECK(m.buddy.free_frames() == 16);
  CHECK(m.alloc_ok(4) == m.pa(0));
}

TEST_CASE("no frame is handed out twice before it is freed") {
  const uint64_t frames = 2 * kTopFrames + 77;
  Memory m(frames);
  m.buddy.add_free_range(m.pa(0), frames);
  std::vector<bool> owned(frames);
  uint64_t handed = 0;
  for (unsigned order = 0;; order = (order + 3) % kMaxOrder) {
    auto r = m.buddy.alloc(order);
    if (!r.ok()) {
      CHECK(r.error() == Error::NoMemory);
      if (order == 0) break;
      continue;
    }
    uint64_t first = (*r - kBase) / kFrameSize;
    for (uint64_t i = first; i < first + (uint64_t{1} << order); ++i) {
      REQUIRE(i < frames);
      REQUIRE_FALSE(owned[i]);
      owned[i] = true;
    }
    handed += uint64_t{1} << order;
  }
  CHECK(handed == frames);
  CHECK(m.buddy.free_frames() == 0);
}

TEST_CASE("double free is rejected and leaves the allocator unchanged") {
  Memory m(8);
  m.buddy.add_free_range(m.pa(0), 8);
  uint64_t a = m.alloc_ok(1);
  uint64_t b = m.alloc_ok(1);
  REQUIRE(m.buddy.free(a, 1).ok());
  CHECK(m.buddy.free(a, 1).error() == Error::InvalidArgument);
  CHECK(m.buddy.free_frames() == 6);
  // The double free must not have linked the block twice: exactly 6 frames come out.
  CHECK(m.alloc_ok(1) == a);
  CHECK(m.buddy.alloc(2).ok());
  CHECK(m.buddy.alloc(0).error() == Error::NoMemory);
  REQUIRE(m.buddy.free(b, 1).ok());
}

TEST_CASE("free with the wrong order is rejected and leaves the allocator unchanged") {
  Memory m(8);
  m.buddy.add_free_range(m.pa(0), 8);
  uint64_t a = m.alloc_ok(1);
  CHECK(m.buddy.free(a, 0).error() == Error::InvalidArgument);
  CHECK(m.buddy.free(a, 2).error() == Error::InvalidArgument);
  CHECK(m.buddy.free(a, kMaxOrder).error() == Error::InvalidArgument);
  CHECK(m.buddy.free_frames() == 6);
  REQUIRE(m.buddy.free(a, 1).ok());
  CHECK(m.buddy.free_frames() == 8);
  CHECK(m.buddy.free_blocks(3) == 1);
}

TEST_CASE("free of a misaligned, interior, reserved or out-of-range address is rejected") {
  Memory m(16);
  m.buddy.add_free_range(m.pa(0), 8);  // frames 8..15 stay reserved
  uint64_t a = m.alloc_ok(2);
  CHECK(m.buddy.free(a + 1, 2).error() == Error::InvalidArgument);
  CHECK(m.buddy.free(a + kFrameSize, 0).error() == Error::InvalidArgument);
  CHECK(m.buddy.free(a + 2 * kFrameSize, 1).error() == Error::InvalidArgument);
  CHECK(m.buddy.free(m.pa(8), 0).error() == Error::InvalidArgument);
  CHECK(m.buddy.free(m.pa(16), 0).error() == Error::InvalidArgument);
  CHECK(m.buddy.free(kBase - kFrameSize, 0).error() == Error::InvalidArgument);
  CHECK(m.buddy.free(0, 0).error() == Error::InvalidArgument);
  CHECK(m.buddy.free_frames() == 4);
  REQUIRE(m.buddy.free(a, 2).ok());
  CHECK(m.buddy.free_blocks(3) == 1);
}

TEST_CASE("add_free_range with unaligned ends yields the largest aligned blocks inside") {
  // Managed frames 0..(kFirstTopAligned + 2*kTopFrames); add from 3 to 5 past one top block.
  Memory m(kFirstTopAligned + 2 * kTopFrames);
  uint64_t first = kFirstTopAligned - 3;  // absolute pfn ≡ -3 (mod 2^11)
  uint64_t count = 3 + kTopFrames + 5;
  m.buddy.add_free_range(m.pa(first), count);
  CHECK(m.buddy.total_frames() == count);
  CHECK(m.buddy.free_frames() == count);
  // -3 .. 0: one frame at order 0 then an order-1 pair; then one top block; then 4 + 1.
  CHECK(m.buddy.free_blocks(0) == 2);
  CHECK(m.buddy.free_blocks(1) == 1);
  CHECK(m.buddy.free_blocks(2) == 1);
  CHECK(m.buddy.free_blocks(kTop) == 1);
  CHECK(m.alloc_ok(kTop) == m.pa(kFirstTopAligned));
  CHECK(m.buddy.alloc(kTop).error() == Error::NoMemory);
}

TEST_CASE("add_free_range drops partial frames at byte-unaligned ends") {
  Memory m(8);
  m.buddy.add_free_range(m.pa(1) - 1, 3);  // covers frame 0's last byte, frames 1 and 2 whole
  CHECK(m.buddy.total_frames() == 2);
  CHECK(m.buddy.free(m.pa(0), 0).error() == Error::InvalidArgument);
}

TEST_CASE("add_free_range clips to the managed span and skips frames already added") {
  Memory m(8);
  m.buddy.add_free_range(kBase - 4 * kFrameSize, 6);  // only frames 0 and 1 are managed
  CHECK(m.buddy.total_frames() == 2);
  m.buddy.add_free_range(m.pa(6), 100);  // frames 6 and 7
  CHECK(m.buddy.total_frames() == 4);
  m.buddy.add_free_range(m.pa(0), 8);  // only 2..5 are new
  CHECK(m.buddy.total_frames() == 8);
  CHECK(m.buddy.free_frames() == 8);
  m.buddy.add_free_range(0, ~uint64_t{0});  // huge count must not overflow
  CHECK(m.buddy.total_frames() == 8);
  CHECK(m.buddy.free_blocks(3) == 1);
}

TEST_CASE("adjacent ranges added separately coalesce across their boundary") {
  Memory m(kFirstTopAligned + kTopFrames);
  m.buddy.add_free_range(m.pa(kFirstTopAligned), 1000);
  m.buddy.add_free_range(m.pa(kFirstTopAligned + 1000), kTopFrames - 1000);
  CHECK(m.buddy.free_blocks(kTop) == 1);
  CHECK(m.buddy.free_frames() == kTopFrames);
}

TEST_CASE("add_free_range does not touch frames that are allocated") {
  Memory m(4);
  m.buddy.add_free_range(m.pa(0), 4);
  uint64_t a = m.alloc_ok(2);
  m.buddy.add_free_range(m.pa(0), 4);
  CHECK(m.buddy.free_frames() == 0);
  CHECK(m.buddy.alloc(0).error() == Error::NoMemory);
  REQUIRE(m.buddy.free(a, 2).ok());
}

TEST_CASE("randomized alloc and free sequence agrees with a model and coalesces fully") {
  // Two free ranges with unaligned ends and a reserved hole between them.
  const uint64_t frames = kFirstTopAligned + 3 * kTopFrames + 300;
  Memory m(frames);
  std::vector<bool> usable(frames);
  auto add = [&](uint64_t first, uint64_t count) {
    m.buddy.add_free_range(m.pa(first), count);
    for (uint64_t i = first; i < first + count; ++i) usable[i] = true;
  };
  add(5, kFirstTopAligned + kTopFrames + 17 - 5);
  add(kFirstTopAligned + kTopFrames + 40, 2 * kTopFrames + 200);
  uint64_t usable_frames = 0;
  for (bool u : usable) usable_frames += u;
  REQUIRE(m.buddy.total_frames() == usable_frames);

  std::vector<bool> owned(frames);
  std::map<uint64_t, unsigned> live;  // pa -> order
  uint64_t owned_frames = 0;

  // An aligned block of this order made only of usable, unowned frames?
  auto model_fits = [&](unsigned order) {
    uint64_t size = uint64_t{1} << order;
    uint64_t base_pfn = kBase / kFrameSize;
    for (uint64_t pfn = (base_pfn + size - 1) / size * size; pfn + size <= base_pfn + frames;
         pfn += size) {
      bool all = true;
      for (uint64_t i = pfn - base_pfn; all && i < pfn - base_pfn + size; ++i) {
        all = usable[i] && !owned[i];
      }
      if (all) return true;
    }
    return false;
  };

  std::mt19937_64 rng(20240607);
  int no_memory = 0;
  for (int op = 0; op < 20000; ++op) {
    // Phases alternate between mostly allocating and mostly freeing.
    bool alloc_phase = (op / 1500) % 2 == 0;
    bool do_alloc = live.empty() || rng() % 100 < (alloc_phase ? 80u : 25u);
    if (do_alloc) {
      unsigned order = rng() % 4 == 0 ? rng() % kMaxOrder : rng() % 4;
      auto r = m.buddy.alloc(order);
      if (!r.ok()) {
        REQUIRE(r.error() == Error::NoMemory);
        REQUIRE_FALSE(model_fits(order));
        ++no_memory;
        continue;
      }
      uint64_t pa = *r;
      REQUIRE(aligned(pa, order));
      REQUIRE(pa >= kBase);
      uint64_t first = (pa - kBase) / kFrameSize;
      for (uint64_t i = first; i < first + (uint64_t{1} << order); ++i) {
        REQUIRE(i < frames);
        REQUIRE(usable[i]);
        REQUIRE_FALSE(owned[i]);
        owned[i] = true;
      }
      owned_frames += uint64_t{1} << order;
      live.emplace(pa, order);
    } else {
      auto it = live.begin();
      std::advance(it, rng() % live.size());
      auto [pa, order] = *it;
      if (rng() % 10 == 0) {
        // A bad free mixed in now and then must change nothing.
        REQUIRE(m.buddy.free(pa, (order + 1) % kMaxOrder).error() == Error::InvalidArgument);
      }
      REQUIRE(m.buddy.free(pa, order).ok());
      uint64_t first = (pa - kBase) / kFrameSize;
      for (uint64_t i = first; i < first + (uint64_t{1} << order); ++i) owned[i] = false;
      owned_frames -= uint64_t{1} << order;
      live.erase(it);
    }
    REQUIRE(m.buddy.free_frames() == usable_frames - owned_frames);
  }
  CHECK(no_memory > 0);

  for (auto [pa, order] : live) REQUIRE(m.buddy.free(pa, order).ok());
  CHECK(m.buddy.free_frames() == usable_frames);
  // Fully coalesced: every 8 MiB window inside the usable ranges is one block again.
  CHECK(m.buddy.free_blocks(kTop) == 2);
  CHECK(m.buddy.alloc(kTop).ok());
  CHECK(m.buddy.alloc(kTop).ok());
  CHECK(m.buddy.alloc(kTop).error() == Error::NoMemory);
}
