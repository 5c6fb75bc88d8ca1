// Host tests of libc's TLSF allocator on pools carved from host memory: random
// sequences against a model, exhaustion, alignment, coalescing.
#include "../../libc/src/malloc/tlsf.h"

#include <doctest/doctest.h>

#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <iterator>
#include <map>
#include <random>
#include <vector>

using tessera::Tlsf;

namespace {

// A pool's worth of host memory, page aligned.
struct Arena {
  explicit Arena(size_t bytes) : size(bytes), memory(static_cast<char*>(std::aligned_alloc(4096, bytes))) {}
  ~Arena() { std::free(memory); }
  Arena(const Arena&) = delete;
  Arena& operator=(const Arena&) = delete;
  size_t size;
  char* memory;
};

// The payload of a pool that holds a single free block.
constexpr size_t kPoolOverhead = 48;

Tlsf::Stats stats_of(const Tlsf& heap) {
  Tlsf::Stats s;
  REQUIRE(heap.check(&s));
  return s;
}

bool aligned(const void* p, size_t alignment) { return reinterpret_cast<uintptr_t>(p) % alignment == 0; }

// What the model knows about a live block.
struct Live {
  size_t size;
  unsigned char fill;
};

class Model {
 public:
  explicit Model(Tlsf& heap) : heap_(heap) {}

  void added(void* p, size_t size, size_t alignment) {
    REQUIRE(p);
    CHECK(aligned(p, alignment));
    CHECK(aligned(p, Tlsf::kAlignment));
    CHECK(Tlsf::usable_size(p) >= size);
    auto* c = static_cast<char*>(p);
    auto next = live_.lower_bound(c);
    if (next != live_.end()) CHECK(c + size <= next->first);
    if (next != live_.begin()) {
      auto prev = std::prev(next);
      CHECK(prev->first + prev->second.size <= c);
    }
    unsigned char fill = static_cast<unsigned char>(++counter_);
    std::memset(p, fill, size);
    live_[c] = {size, fill};
  }

  void verify(const void* p, size_t size, unsigned char fill) const {
    auto* c = static_cast<const unsigned char*>(p);
    for (size_t i = 0; i < size; ++i) {
      if (c[i] != fill) {
        FAIL("byte " << i << " of a " << size << "-byte block changed");
        return;
      }
    }
  }

  void release(char* p) {
    auto it = live_.find(p);
    REQUIRE(it != live_.end());
    verify(p, it->second.size, it->second.fill);
    live_.erase(it);
    heap_.free(p);
  }

  // Reallocates and checks that the common prefix survived.
  void resize(char* p, size_t size) {
    Live old = live_.at(p);
    void* q = heap_.reallocate(p, size);
    if (!q) {
      verify(p, old.size, old.fill);
      return;
    }
    verify(q, old.size < size ? old.size : size, old.fill);
    live_.erase(p);
    added(q, size, Tlsf::kAlignment);
  }

  char* pick(std::mt19937_64& rng) const {
    auto it = live_.begin();
    std::advance(it, static_cast<long>(rng() % live_.size()));
    return it->first;
  }

  void release_all() {
    while (!live_.empty()) release(live_.begin()->first);
  }

  size_t live() const { return live_.size(); }

 private:
  Tlsf& heap_;
  std::map<char*, Live> live_;
  unsigned counter_ = 0;
};

size_t random_size(std::mt19937_64& rng) {
  switch (rng() % 8) {
    case 0: return rng() % 17;
    case 1: return 4096 + rng() % 65536;
    case 2: return rng() % 4096;
    default: return rng() % 512;
  }
}

}  // namespace

TEST_CASE("TlsfTest.NewPoolIsOneFreeBlock") {
  Arena arena(1 << 20);
  Tlsf heap;
  REQUIRE(heap.add_pool(arena.memory, arena.size));
  Tlsf::Stats s = stats_of(heap);
  CHECK(s.pools == 1);
  CHECK(s.free_blocks == 1);
  CHECK(s.used_blocks == 0);
  CHECK(s.largest_free == arena.size - kPoolOverhead);
}

TEST_CASE("TlsfTest.PoolTooSmallIsRefused") {
  alignas(16) char small[64];
  Tlsf heap;
  CHECK_FALSE(heap.add_pool(small, 48));
  CHECK_FALSE(heap.add_pool(small + 1, 63));
  CHECK(heap.add_pool(small, 64));
  CHECK(stats_of(heap).largest_free == Tlsf::kMinPayload);
  CHECK(heap.allocate(1) != nullptr);
  CHECK(heap.allocate(1) == nullptr);
}

TEST_CASE("TlsfTest.UnalignedPoolIsTrimmedToAlignment") {
  Arena arena(4096);
  Tlsf heap;
  REQUIRE(heap.add_pool(arena.memory + 3, 4000));
  void* p = heap.allocate(100);
  CHECK(aligned(p, 16));
  CHECK(stats_of(heap).used_blocks == 1);
}

TEST_CASE("TlsfTest.RandomSequencesMatchTheModelAndCoalesceBack") {
  Arena arena(8 << 20);
  Tlsf heap;
  REQUIRE(heap.add_pool(arena.memory, arena.size));
  const size_t initial = stats_of(heap).largest_free;
  Model model(heap);
  std::mt19937_64 rng(20240611);
  size_t failures = 0;

  for (int op = 0; op < 60000; ++op) {
    unsigned kind = static_cast<unsigned>(rng() % 10);
    if (model.live() == 0 || kind < 4) {
      size_t size = random_size(rng);
      void* p = heap.allocate(size);
      if (p) model.added(p, size, Tlsf::kAlignment);
      else ++failures;
    } else if (kind < 5) {
      size_t alignment = size_t{32} << (rng() % 8);
      size_t size = random_size(rng);
      void* p = heap.allocate_aligned(alignment, size);
      if (p) model.added(p, size, alignment);
      else ++failures;
    } else if (kind < 7) {
      model.resize(model.pick(rng), random_size(rng));
    } else {
      model.release(model.pick(rng));
    }
    if (op % 1000 == 0) REQUIRE(heap.check());
  }
  CHECK(failures > 0);  // the heap filled up at times: the failure paths ran too
  model.release_all();
  Tlsf::Stats s = stats_of(heap);
  CHECK(s.free_blocks == 1);
  CHECK(s.used_blocks == 0);
  CHECK(s.largest_free == initial);
}

TEST_CASE("TlsfTest.ExhaustionReturnsNullAndRecovers") {
  Arena arena(256 << 10);
  Tlsf heap;
  REQUIRE(heap.add_pool(arena.memory, arena.size));
  std::vector<void*> blocks;
  while (void* p = heap.allocate(1000)) blocks.push_back(p);
  CHECK(blocks.size() > 200);
  CHECK(heap.allocate(1000) == nullptr);
  CHECK(heap.allocate_aligned(64, 1000) == nullptr);
  REQUIRE(heap.check());

  heap.free(blocks[blocks.size() / 2]);
  blocks[blocks.size() / 2] = heap.allocate(1000);
  CHECK(blocks[blocks.size() / 2] != nullptr);

  for (void* p : blocks) heap.free(p);
  Tlsf::Stats s = stats_of(heap);
  CHECK(s.free_blocks == 1);
  CHECK(s.largest_free == arena.size - kPoolOverhead);
  CHECK(heap.allocate(100 << 10) != nullptr);
}

TEST_CASE("TlsfTest.AlignedAllocationsAreAlignedAndUsable") {
  Arena arena(32 << 20);
  Tlsf heap;
  REQUIRE(heap.add_pool(arena.memory, arena.size));
  std::vector<void*> blocks;
  for (size_t alignment = 1; alignment <= (1 << 20); alignment <<= 1) {
    for (size_t size : {size_t{1}, size_t{24}, size_t{4096}, size_t{100000}}) {
      void* p = heap.allocate_aligned(alignment, size);
      REQUIRE(p);
      CHECK(aligned(p, alignment < 16 ? 16 : alignment));
      CHECK(Tlsf::usable_size(p) >= size);
      std::memset(p, 0xa5, size);
      blocks.push_back(p);
    }
    REQUIRE(heap.check());
  }
  for (void* p : blocks) heap.free(p);
  CHECK(stats_of(heap).free_blocks == 1);
}

TEST_CASE("TlsfTest.ReallocateGrowsIntoAFreeNeighbourInPlace") {
  Arena arena(1 << 20);
  Tlsf heap;
  REQUIRE(heap.add_pool(arena.memory, arena.size));
  void* a = heap.allocate(100);
  void* b = heap.allocate(1000);
  void* c = heap.allocate(100);
  std::memset(a, 7, 100);
  heap.free(b);
  CHECK(heap.reallocate(a, 900) == a);
  CHECK(static_cast<unsigned char*>(a)[99] == 7);
  CHECK(heap.reallocate(a, 50) == a);
  REQUIRE(heap.check());
  // d's neighbour f is in use: growing d moves it.
  void* d = heap.allocate(50);
  void* f = heap.allocate(50);
  std::memset(d, 9, 50);
  void* e = heap.reallocate(d, 4000);
  REQUIRE(e != nullptr);
  CHECK(e != d);
  CHECK(static_cast<unsigned char*>(e)[49] == 9);
  heap.free(a);
  heap.free(c);
  heap.free(e);
  heap.free(f);
  CHECK(stats_of(heap).free_blocks == 1);
}

TEST_CASE("TlsfTest.FailedReallocateLeavesTheBlockAlone") {
  Arena arena(64 << 10);
  Tlsf heap;
  REQUIRE(heap.add_pool(arena.memory, arena.size));
  void* a = heap.allocate(1000);
  void* b = heap.allocate(1000);
  std::memset(a, 3, 1000);
  CHECK(heap.reallocate(a, 1 << 20) == nullptr);
  CHECK(static_cast<unsigned char*>(a)[999] == 3);
  CHECK(heap.reallocate(a, Tlsf::kMaxRequest + 1) == nullptr);
  heap.free(a);
  heap.free(b);
  CHECK(stats_of(heap).free_blocks == 1);
}

TEST_CASE("TlsfTest.ZeroSizeYieldsDistinctBlocks") {
  Arena arena(4096);
  Tlsf heap;
  REQUIRE(heap.add_pool(arena.memory, arena.size));
  void* a = heap.allocate(0);
  void* b = heap.allocate(0);
  REQUIRE(a);
  REQUIRE(b);
  CHECK(a != b);
  CHECK(Tlsf::usable_size(a) == Tlsf::kMinPayload);
}

TEST_CASE("TlsfTest.OversizedRequestsFail") {
  Arena arena(4096);
  Tlsf heap;
  REQUIRE(heap.add_pool(arena.memory, arena.size));
  CHECK(heap.allocate(Tlsf::kMaxRequest + 1) == nullptr);
  CHECK(heap.allocate(SIZE_MAX) == nullptr);
  CHECK(heap.allocate_aligned(size_t{1} << 62, 16) == nullptr);
  CHECK(heap.allocate_aligned(64, SIZE_MAX - 8) == nullptr);
  CHECK(stats_of(heap).used_blocks == 0);
}

TEST_CASE("TlsfTest.BlocksDoNotCoalesceAcrossPools") {
  Arena first(64 << 10);
  Arena second(64 << 10);
  Tlsf heap;
  REQUIRE(heap.add_pool(first.memory, first.size));
  REQUIRE(heap.add_pool(second.memory, second.size));
  CHECK(heap.allocate(100 << 10) == nullptr);
  std::vector<void*> blocks;
  while (void* p = heap.allocate(3000)) blocks.push_back(p);
  CHECK(blocks.size() >= 38);
  for (void* p : blocks) heap.free(p);
  Tlsf::Stats s = stats_of(heap);
  CHECK(s.pools == 2);
  CHECK(s.free_blocks == 2);
}

TEST_CASE("TlsfTest.PoolSizeForIsEnoughForAFreshPool") {
  for (size_t alignment : {size_t{16}, size_t{64}, size_t{4096}, size_t{1} << 16}) {
    for (size_t size : {size_t{0}, size_t{1}, size_t{511}, size_t{512}, size_t{1000}, size_t{65535},
                        size_t{200000}, size_t{1} << 20}) {
      size_t bytes = Tlsf::pool_size_for(size, alignment);
      Arena arena((bytes + 4095) & ~size_t{4095});
      Tlsf heap;
      REQUIRE(heap.add_pool(arena.memory, bytes));
      CAPTURE(size);
      CAPTURE(alignment);
      void* p = heap.allocate_aligned(alignment, size);
      CHECK(p != nullptr);
      CHECK(aligned(p, alignment));
    }
  }
}
