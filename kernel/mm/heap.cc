#include "mm/heap.h"

#include "debug/console.h"
#include "lib/bits.h"
#include "lib/size_class.h"
#include "lib/slab.h"
#include "mm/frames.h"
#include "mm/layout.h"

namespace kernel {

namespace {

class FramePages final : public PageSource {
 public:
  void* alloc_page() override {
    auto pa = frames::alloc();
    return pa ? phys_to_virt(*pa) : nullptr;
  }
  void free_page(void* page) override { frames::free(virt_to_phys(page)); }
};

static_assert(kLargestClassSize == kMaxSlabObject);

FramePages frame_pages;
size_t large_bytes = 0;  // live allocations above kMaxSlabObject, in whole frames
// Constructed in place at boot: the kernel has no static-constructor or atexit machinery for these.
alignas(SlabCache) unsigned char cache_storage[kClassCount][sizeof(SlabCache)];
const char* const kClassNames[kClassCount] = {"kmalloc-16", "kmalloc-32", "kmalloc-64", "kmalloc-128",
                                              "kmalloc-256", "kmalloc-512", "kmalloc-1024", "kmalloc-2048"};

SlabCache& cache(size_t index) { return *std::launder(reinterpret_cast<SlabCache*>(cache_storage[index])); }

unsigned frame_order(size_t size) {
  size_t frames_needed = (size + kPageSize - 1) / kPageSize;
  return bits::highest_set(bits::ceil_power_of_two(frames_needed));
}

// Above kMaxSlabObject: whole frames. (Out of line, so that kmalloc and
// kfree of a slab object, every kernel object's, set up no frame for it.)
[[gnu::noinline]] void* alloc_frames(size_t size) {
  auto pa = frames::alloc(frame_order(size));
  if (!pa) return nullptr;
  large_bytes += kPageSize << frame_order(size);
  return phys_to_virt(*pa);
}

[[gnu::noinline]] void free_frames(void* p, size_t size) {
  frames::free(virt_to_phys(p), frame_order(size));
  large_bytes -= kPageSize << frame_order(size);
}

}  // namespace

void heap_init() {
  for (size_t i = 0; i < kClassCount; ++i) {
    size_t size = size_t{1} << (kMinClassShift + i);
    new (cache_storage[i]) SlabCache(kClassNames[i], size, size < 64 ? size : 64, frame_pages);
  }
}

void* kmalloc(size_t size) {
  if (size <= kMaxSlabObject) return cache(size_class(size)).alloc();
  return alloc_frames(size);
}

void kfree(void* p, size_t size) {
  if (!p) return;
  if (size > kMaxSlabObject) return free_frames(p, size);
  Status s = cache(size_class(size)).free(p);
  if (!s) panic("kfree: %p is not a live %zu-byte object", p, size);
}

size_t heap_bytes_in_use() {
  size_t bytes = large_bytes;
  for (size_t i = 0; i < kClassCount; ++i) bytes += cache(i).objects_in_use() << (kMinClassShift + i);
  return bytes;
}

}  // namespace kernel
