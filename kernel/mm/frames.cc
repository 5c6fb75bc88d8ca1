#include "mm/frames.h"

#include "debug/console.h"
#include "lib/buddy.h"
#include "mm/layout.h"

extern "C" char __kernel_end[];

namespace kernel::frames {

namespace {

BuddyAllocator allocator;
uint64_t promised = 0;  // reserved frames; never more than the allocator's free frames

bool overlaps(uint64_t a, uint64_t a_end, uint64_t b, uint64_t b_end) { return a < b_end && b < a_end; }

// Zeroes whole frames, 32 words a round: every fresh anonymous page and
// every page table is zeroed here, and memset's round of 8 words costs
// about 120 instructions more per page. bytes: a multiple of 256, as any
// frame size is.
void zero_frames(void* at, uint64_t bytes) {
  auto* word = static_cast<uint64_t*>(at);
  const uint64_t* end = word + bytes / sizeof(uint64_t);
  asm volatile(
      "1:\n"
      ".set offset, 0\n"
      ".rept 32\n"
      "sd zero, offset(%0)\n"
      ".set offset, offset + 8\n"
      ".endr\n"
      "addi %0, %0, 256\n"
      "bltu %0, %1, 1b\n"
      : "+r"(word)
      : "r"(end)
      : "memory");
}

}  // namespace

void init(PhysRange ram, std::span<const PhysRange> reserved) {
  uint64_t frame_count = ram.size / kFrameSize;
  // The metadata array goes right after the kernel image, in memory the
  // boot page table already maps.
  uint64_t meta_pa = page_round_up(virt_to_phys(__kernel_end));
  uint64_t meta_bytes = page_round_up(frame_count * sizeof(FrameMeta));
  auto* meta = phys_to_virt<FrameMeta>(meta_pa);
  allocator.init(ram.base, std::span<FrameMeta>(meta, frame_count));

  // Firmware, the kernel image and the metadata lie below used_end; the
  // rest is free except the reserved ranges (boot archive, device tree, ...).
  uint64_t used_end = meta_pa + meta_bytes;
  uint64_t ram_end = ram.base + frame_count * kFrameSize;
  uint64_t pa = used_end;
  while (pa < ram_end) {
    uint64_t next = ram_end;
    bool inside = false;
    for (const PhysRange& r : reserved) {
      uint64_t r_end = page_round_up(r.base + r.size);
      if (overlaps(pa, pa + kFrameSize, r.base, r_end)) {
        next = r_end;
        inside = true;
        break;
      }
      if (r.base > pa && page_round_down(r.base) < next) next = page_round_down(r.base);
    }
    if (!inside) allocator.add_free_range(pa, (next - pa) / kFrameSize);
    pa = next > pa ? next : pa + kFrameSize;
  }
  kprintf("memory: %lu MiB RAM, %lu frames free, metadata %lu KiB\n", ram.size >> 20, allocator.free_frames(),
          meta_bytes >> 10);
}

Result<uint64_t> alloc(unsigned order) {
  if (free_count() < (uint64_t{1} << order)) return Error::NoMemory;
  return allocator.alloc(order);
}

Result<uint64_t> alloc_zeroed(unsigned order) {
  auto pa = alloc(order);
  if (pa) zero_frames(phys_to_virt(*pa), kFrameSize << order);
  return pa;
}

void free(uint64_t pa, unsigned order) {
  Status s = allocator.free(pa, order);
  if (!s) panic("frames::free: bad free of %#lx order %u", pa, order);
}

uint64_t free_count() { return allocator.free_frames() - promised; }

bool reserve(uint64_t count) {
  if (free_count() < count) return false;
  promised += count;
  return true;
}

void unreserve(uint64_t count) {
  KASSERT(count <= promised);
  promised -= count;
}
uint64_t total_count() { return allocator.total_frames(); }

}  // namespace kernel::frames
