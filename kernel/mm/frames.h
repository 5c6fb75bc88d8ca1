// The physical frame allocator of the running kernel: a BuddyAllocator over
// all RAM the device tree reports, minus firmware, the kernel image, the
// boot archive, the device tree and the allocator's own metadata.
#pragma once

#include <cstdint>
#include <span>

#include "result.h"

namespace kernel {

struct PhysRange {
  uint64_t base;
  uint64_t size;
};

namespace frames {

// ram: the memory range to manage; reserved: ranges that stay untouched.
void init(PhysRange ram, std::span<const PhysRange> reserved);

Result<uint64_t> alloc(unsigned order = 0);
// A zero-filled frame (or 2^order frames).
Result<uint64_t> alloc_zeroed(unsigned order = 0);
void free(uint64_t pa, unsigned order = 0);

// Frames neither allocated nor promised: what alloc() and reserve() can still take.
uint64_t free_count();
uint64_t total_count();

// The commit charge: frames promised to lazily backed memory before it is
// touched, so that the touch cannot fail. alloc() never takes promised
// frames; reserve() promises count more if that many are free (else false).
bool reserve(uint64_t count);
void unreserve(uint64_t count);

}  // namespace frames
}  // namespace kernel
