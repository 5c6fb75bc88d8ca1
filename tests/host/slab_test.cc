// Host tests of SlabCache and ObjectCache over pages from aligned_alloc.
#include "lib/slab.h"

#include <doctest/doctest.h>

#include <algorithm>
#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <random>
#include <set>
#include <string>
#include <vector>

using kernel::kMaxSlabObject;
using kernel::kSlabPageSize;
using kernel::ObjectCache;
using kernel::PageSource;
using kernel::SlabCache;

namespace {

// Hands out real aligned pages, at most `limit` at a time, and checks that
// every page given back is one it handed out.
class TestPages final : public PageSource {
 public:
  explicit TestPages(size_t limit = SIZE_MAX) : limit(limit) {}
  ~TestPages() {
    CHECK(live.empty());
    for (void* page : live) std::free(page);
  }

  void* alloc_page() override {
    if (live.size() >= limit) return nullptr;
    void* page = std::aligned_alloc(kSlabPageSize, kSlabPageSize);
    std::memset(page, 0xa5, kSlabPageSize);  // slabs must not rely on zeroed pages
    live.insert(page);
    ++allocs;
    return page;
  }
  void free_page(void* page) override {
    REQUIRE(live.erase(page) == 1);
    std::free(page);
  }

  size_t limit;
  size_t allocs = 0;
  std::set<void*> live;
};

bool aligned(const void* p, size_t align) { return reinterpret_cast<uintptr_t>(p) % align == 0; }

struct Counted {
  static inline int constructed = 0;
  static inline int destroyed = 0;
  explicit Counted(int v) : value(v) { ++constructed; }
  ~Counted() { ++destroyed; }
  int value;
  char payload[40];
};

}  // namespace

TEST_CASE("many allocations are distinct, aligned and do not overlap") {
  TestPages pages;
  for (size_t size : {1u, 8u, 24u, 100u, 512u, 2048u}) {
    for (size_t align : {1u, 8u, 64u, 256u}) {
      CAPTURE(size);
      CAPTURE(align);
      SlabCache cache("test", size, align, pages);
      std::vector<char*> objects;
      for (int i = 0; i < 300; ++i) {
        auto* p = static_cast<char*>(cache.alloc());
        REQUIRE(p != nullptr);
        REQUIRE(aligned(p, std::max<size_t>(align, 8)));
        std::memset(p, i & 0xff, size);  // must not clobber slab headers or neighbours
        objects.push_back(p);
      }
      std::vector<char*> sorted = objects;
      std::sort(sorted.begin(), sorted.end());
      for (size_t i = 1; i < sorted.size(); ++i) REQUIRE(sorted[i - 1] + size <= sorted[i]);
      for (size_t i = 0; i < objects.size(); ++i) {
        REQUIRE(objects[i][0] == static_cast<char>(i & 0xff));
        REQUIRE(objects[i][size - 1] == static_cast<char>(i & 0xff));
      }
      CHECK(cache.objects_in_use() == 300);
      CHECK(cache.pages_in_use() == (300 + cache.objects_per_slab() - 1) / cache.objects_per_slab());
      for (char* p : objects) REQUIRE(cache.free(p).ok());
      CHECK(cache.objects_in_use() == 0);
    }
  }
}

TEST_CASE("a freed object is reused by the next allocation") {
  TestPages pages;
  SlabCache cache("reuse", 32, 8, pages);
  void* a = cache.alloc();
  void* b = cache.alloc();
  REQUIRE(cache.free(a).ok());
  CHECK(cache.alloc() == a);
  CHECK(cache.objects_in_use() == 2);
  CHECK(cache.pages_in_use() == 1);
  REQUIRE(cache.free(a).ok());
  REQUIRE(cache.free(b).ok());
}

TEST_CASE("emptied slabs go back to the page source except one cached") {
  TestPages pages;
  SlabCache cache("pages", 256, 8, pages);
  const size_t per_slab = cache.objects_per_slab();
  REQUIRE(per_slab > 1);
  std::vector<void*> objects;
  for (size_t i = 0; i < 4 * per_slab; ++i) objects.push_back(cache.alloc());
  CHECK(cache.pages_in_use() == 4);
  CHECK(pages.live.size() == 4);

  for (void* p : objects) REQUIRE(cache.free(p).ok());
  CHECK(cache.objects_in_use() == 0);
  CHECK(cache.pages_in_use() == 1);
  CHECK(pages.live.size() == 1);

  // The cached empty slab serves the next allocation without a new page.
  size_t allocs = pages.allocs;
  void* p = cache.alloc();
  CHECK(pages.allocs == allocs);
  REQUIRE(cache.free(p).ok());
}

TEST_CASE("alloc fills the partial slab at the lowest address, so the others drain") {
  TestPages pages;
  SlabCache cache("order", 256, 8, pages);
  const size_t per_slab = cache.objects_per_slab();
  std::vector<void*> objects;
  for (size_t i = 0; i < 3 * per_slab; ++i) objects.push_back(cache.alloc());
  std::sort(objects.begin(), objects.end());  // slab by slab, low to high
  void* low = objects[0];
  void* middle = objects[per_slab];
  void* high = objects[2 * per_slab];
  // Freed high, low, then middle: the lowest slab serves next, not the
  // slab freed into last.
  REQUIRE(cache.free(high).ok());
  REQUIRE(cache.free(low).ok());
  REQUIRE(cache.free(middle).ok());
  CHECK(cache.alloc() == low);
  CHECK(cache.alloc() == middle);
  // The high slab gets nothing new while lower ones have room: emptied, it
  // goes back (kept as the one empty slab), and a further drained one too.
  for (size_t i = 2 * per_slab + 1; i < 3 * per_slab; ++i) REQUIRE(cache.free(objects[i]).ok());
  CHECK(cache.pages_in_use() == 3);
  REQUIRE(cache.free(objects[per_slab + 1]).ok());
  void* again = cache.alloc();
  CHECK(again == objects[per_slab + 1]);
  for (size_t i = per_slab; i < 2 * per_slab; ++i) REQUIRE(cache.free(objects[i]).ok());
  CHECK(cache.pages_in_use() == 2);
  for (size_t i = 0; i < per_slab; ++i) REQUIRE(cache.free(objects[i]).ok());
  CHECK(cache.pages_in_use() == 1);
}

TEST_CASE("destroying a cache gives all its pages back") {
  TestPages pages;
  {
    SlabCache cache("leaky", 64, 8, pages);
    for (int i = 0; i < 500; ++i) REQUIRE(cache.alloc() != nullptr);
    CHECK(pages.live.size() > 1);
  }
  CHECK(pages.live.empty());
}

TEST_CASE("free rejects pointers that are not at an object boundary") {
  TestPages pages;
  SlabCache cache("bounds", 48, 16, pages);
  auto* p = static_cast<char*>(cache.alloc());
  auto* page = reinterpret_cast<char*>(reinterpret_cast<uintptr_t>(p) & ~(kSlabPageSize - 1));
  CHECK(cache.free(p + 1).error() == Error::InvalidArgument);
  CHECK(cache.free(p + 8).error() == Error::InvalidArgument);
  CHECK(cache.free(page).error() == Error::InvalidArgument);  // the header
  CHECK(cache.free(page + kSlabPageSize - 1).error() == Error::InvalidArgument);
  CHECK(cache.free(nullptr).error() == Error::InvalidArgument);
  CHECK(cache.objects_in_use() == 1);
  CHECK(cache.owns(p));
  REQUIRE(cache.free(p).ok());
}

TEST_CASE("free rejects objects of another cache and memory that is no slab") {
  TestPages pages;
  SlabCache a("a", 64, 8, pages);
  SlabCache b("b", 64, 8, pages);
  void* pa = a.alloc();
  CHECK(b.free(pa).error() == Error::InvalidArgument);
  CHECK_FALSE(b.owns(pa));
  CHECK(a.objects_in_use() == 1);

  void* raw = std::aligned_alloc(kSlabPageSize, kSlabPageSize);
  std::memset(raw, 0, kSlabPageSize);
  CHECK(a.free(static_cast<char*>(raw) + 128).error() == Error::InvalidArgument);
  std::free(raw);
  REQUIRE(a.free(pa).ok());
}

TEST_CASE("double free is rejected and leaves the cache unchanged") {
  TestPages pages;
  SlabCache cache("double", 16, 8, pages);
  void* a = cache.alloc();
  void* b = cache.alloc();
  REQUIRE(cache.free(a).ok());
  CHECK(cache.free(a).error() == Error::InvalidArgument);
  CHECK_FALSE(cache.owns(a));
  CHECK(cache.objects_in_use() == 1);
  // a is on the free list once: the next two allocations differ.
  void* c = cache.alloc();
  void* d = cache.alloc();
  CHECK(c == a);
  CHECK(d != a);
  CHECK(d != b);
  for (void* p : {b, c, d}) REQUIRE(cache.free(p).ok());
}

TEST_CASE("alloc returns nullptr when the page source runs out and recovers") {
  TestPages pages(2);
  SlabCache cache("bounded", 1024, 8, pages);
  const size_t per_slab = cache.objects_per_slab();
  std::vector<void*> objects;
  for (size_t i = 0; i < 2 * per_slab; ++i) {
    objects.push_back(cache.alloc());
    REQUIRE(objects.back() != nullptr);
  }
  CHECK(cache.alloc() == nullptr);
  CHECK(cache.objects_in_use() == 2 * per_slab);

  REQUIRE(cache.free(objects.back()).ok());
  objects.pop_back();
  void* again = cache.alloc();
  CHECK(again != nullptr);
  CHECK(cache.alloc() == nullptr);
  objects.push_back(again);

  pages.limit = 3;
  void* more = cache.alloc();
  CHECK(more != nullptr);
  CHECK(cache.pages_in_use() == 3);
  objects.push_back(more);
  for (void* p : objects) REQUIRE(cache.free(p).ok());
  CHECK(cache.pages_in_use() == 1);
}

TEST_CASE("a cache without a valid layout never allocates") {
  TestPages pages;
  SlabCache too_big("big", kMaxSlabObject + 1, 8, pages);
  SlabCache empty("zero", 0, 8, pages);
  SlabCache odd_align("odd", 32, 24, pages);
  SlabCache huge_align("huge", 32, 4096, pages);
  for (SlabCache* cache : {&too_big, &empty, &odd_align, &huge_align}) {
    CHECK(cache->alloc() == nullptr);
    CHECK(cache->objects_per_slab() == 0);
  }
  CHECK(pages.allocs == 0);
  SlabCache largest("largest", kMaxSlabObject, kMaxSlabObject, pages);
  void* p = largest.alloc();
  CHECK(p != nullptr);
  CHECK(aligned(p, kMaxSlabObject));
  REQUIRE(largest.free(p).ok());
}

TEST_CASE("ObjectCache constructs on create and destructs on destroy") {
  TestPages pages;
  Counted::constructed = Counted::destroyed = 0;
  ObjectCache<Counted> cache("counted", pages);
  CHECK(std::string(cache.name()) == "counted");
  std::vector<Counted*> objects;
  for (int i = 0; i < 200; ++i) {
    Counted* c = cache.create(i);
    REQUIRE(c != nullptr);
    CHECK(c->value == i);
    CHECK(aligned(c, alignof(Counted)));
    objects.push_back(c);
  }
  CHECK(Counted::constructed == 200);
  CHECK(cache.objects_in_use() == 200);
  for (Counted* c : objects) REQUIRE(cache.destroy(c).ok());
  CHECK(Counted::destroyed == 200);
  CHECK(cache.objects_in_use() == 0);
}

TEST_CASE("ObjectCache destroy of a bad pointer runs no destructor") {
  TestPages pages;
  Counted::constructed = Counted::destroyed = 0;
  ObjectCache<Counted> cache("counted", pages);
  Counted* c = cache.create(7);
  REQUIRE(cache.destroy(c).ok());
  CHECK(cache.destroy(c).error() == Error::InvalidArgument);
  CHECK(cache.destroy(nullptr).error() == Error::InvalidArgument);
  CHECK(Counted::destroyed == 1);
}

TEST_CASE("ObjectCache create constructs nothing when out of pages") {
  TestPages pages(1);
  Counted::constructed = Counted::destroyed = 0;
  ObjectCache<Counted> cache("counted", pages);
  std::vector<Counted*> objects;
  while (Counted* c = cache.create(1)) objects.push_back(c);
  CHECK(Counted::constructed == static_cast<int>(objects.size()));
  for (Counted* c : objects) REQUIRE(cache.destroy(c).ok());
}

TEST_CASE("randomized alloc and free keeps objects distinct and counts exact") {
  TestPages pages;
  SlabCache cache("random", 40, 8, pages);
  std::mt19937 rng(12345);
  std::vector<void*> live;
  std::set<void*> live_set;
  for (int op = 0; op < 20000; ++op) {
    bool grow = (op / 2000) % 2 == 0;
    if (live.empty() || rng() % 100 < (grow ? 70u : 30u)) {
      void* p = cache.alloc();
      REQUIRE(p != nullptr);
      REQUIRE(live_set.insert(p).second);
      std::memset(p, 0x5a, 40);
      live.push_back(p);
    } else {
      size_t i = rng() % live.size();
      REQUIRE(cache.free(live[i]).ok());
      live_set.erase(live[i]);
      live[i] = live.back();
      live.pop_back();
    }
    REQUIRE(cache.objects_in_use() == live.size());
    REQUIRE(cache.pages_in_use() * cache.objects_per_slab() >= live.size());
  }
  for (void* p : live) REQUIRE(cache.free(p).ok());
  CHECK(cache.pages_in_use() == 1);
  CHECK(pages.live.size() == 1);
}
