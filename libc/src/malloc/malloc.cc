// malloc and friends: a TLSF heap that grows by mapping pools of charged
// memory, plus big blocks mapped on their own and unmapped by free(). Pools
// are never returned to the system. The first pool is small and each next
// one twice the last, up to kMaxPoolSize: most programs need little, and
// every pool is charged against the system's memory in full when mapped.
// The first is one page: a pool's end holds TLSF's sentinel, so a larger
// first pool would make a program's first malloc fault in two pages, the
// second of them only for the sentinel (about 1,000 instructions a spawn).
//
// A direct block is a mapping whose payload follows a Tlsf-shaped Header
// with Tlsf::kForeignBit set: prev_physical holds the mapping's base and the
// size field its length, which is what free() needs to unmap it.
#include <errno.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "../thread_lock.h"
#include "ipc/syscall.h"
#include "small_cache.h"
#include "tlsf.h"

namespace {

using tessera::SmallCache;
using tessera::Tlsf;

constexpr size_t kPageSize = 4096;
constexpr size_t kFirstPoolSize = size_t{4} << 10;
constexpr size_t kMaxPoolSize = size_t{1} << 20;
constexpr size_t kDirectThreshold = size_t{256} << 10;

Tlsf heap;
SmallCache kept;
static_assert(SmallCache::kGranule == Tlsf::kAlignment, "kept blocks are keyed by TLSF's payload sizes");
size_t next_pool_size = kFirstPoolSize;
// Serialises the heap between the threads of a process.
tessera::ThreadLock heap_lock;

size_t round_to_pages(size_t bytes) { return (bytes + kPageSize - 1) & ~(kPageSize - 1); }

void* map(size_t bytes) {
  int64_t address = sys::mem_map(bytes, abi::kProtRead | abi::kProtWrite);
  return sys::failed(address) ? nullptr : reinterpret_cast<void*>(address);
}

bool is_direct(const void* pointer) { return Tlsf::header_of(pointer)->size_flags & Tlsf::kForeignBit; }

size_t direct_length(const void* pointer) { return Tlsf::header_of(pointer)->size_flags & ~Tlsf::kFlagMask; }

void* allocate_direct(size_t alignment, size_t size) {
  if (alignment < Tlsf::kAlignment) alignment = Tlsf::kAlignment;
  if (size > Tlsf::kMaxRequest || alignment > Tlsf::kMaxRequest) return nullptr;
  // Page-aligned mappings: only alignments above a page need slack.
  size_t slack = alignment > kPageSize ? alignment : 0;
  size_t length = round_to_pages(sizeof(Tlsf::Header) + size + slack);
  void* base = map(length);
  if (!base) return nullptr;
  uintptr_t payload = reinterpret_cast<uintptr_t>(base) + sizeof(Tlsf::Header);
  payload = (payload + alignment - 1) & ~(uintptr_t{alignment} - 1);
  Tlsf::Header* header = Tlsf::header_of(reinterpret_cast<void*>(payload));
  header->prev_physical = static_cast<Tlsf::Header*>(base);
  header->size_flags = length | Tlsf::kForeignBit;
  return reinterpret_cast<void*>(payload);
}

void free_direct(void* pointer) {
  Tlsf::Header* header = Tlsf::header_of(pointer);
  sys::mem_unmap(reinterpret_cast<uint64_t>(header->prev_physical), direct_length(pointer));
}

// Bytes of a direct block from pointer to the end of its mapping.
size_t direct_capacity(const void* pointer) {
  auto base = reinterpret_cast<uintptr_t>(Tlsf::header_of(pointer)->prev_physical);
  return base + direct_length(pointer) - reinterpret_cast<uintptr_t>(pointer);
}

// Under the lock: a kept block, else from the heap, mapping one more pool
// if it is full.
void* allocate_from_heap(size_t alignment, size_t size) {
  if (alignment <= Tlsf::kAlignment) {
    if (void* p = kept.take(Tlsf::adjust_request(size))) return p;
  }
  void* p = heap.allocate_aligned(alignment, size);
  if (p) return p;
  size_t pool_size = round_to_pages(Tlsf::pool_size_for(size, alignment));
  if (pool_size < next_pool_size) pool_size = next_pool_size;
  void* pool = map(pool_size);
  if (!pool) return nullptr;
  if (!heap.add_pool(pool, pool_size)) {
    sys::mem_unmap(reinterpret_cast<uint64_t>(pool), pool_size);
    return nullptr;
  }
  if (next_pool_size < kMaxPoolSize) next_pool_size *= 2;
  return heap.allocate_aligned(alignment, size);
}

void* allocate(size_t alignment, size_t size) {
  void* p = nullptr;
  if (size >= kDirectThreshold) {
    p = allocate_direct(alignment, size);
  } else {
    tessera::Locked lock(heap_lock);
    p = allocate_from_heap(alignment, size);
  }
  if (!p) errno = ENOMEM;
  return p;
}

bool is_power_of_two(size_t x) { return x && !(x & (x - 1)); }

}  // namespace

extern "C" {

void* malloc(size_t size) { return allocate(Tlsf::kAlignment, size); }

void free(void* pointer) {
  if (!pointer) return;
  if (is_direct(pointer)) {
    free_direct(pointer);
    return;
  }
  tessera::Locked lock(heap_lock);
  if (!kept.keep(pointer, Tlsf::usable_size(pointer))) heap.free(pointer);
}

void* calloc(size_t count, size_t size) {
  size_t total;
  if (__builtin_mul_overflow(count, size, &total)) {
    errno = ENOMEM;
    return nullptr;
  }
  void* p = malloc(total);
  // Direct blocks are fresh mappings, zero already.
  if (p && !is_direct(p)) memset(p, 0, total);
  return p;
}

void* realloc(void* pointer, size_t size) {
  if (!pointer) return malloc(size);
  if (size == 0) {
    free(pointer);
    return nullptr;
  }
  if (is_direct(pointer)) {
    size_t capacity = direct_capacity(pointer);
    if (size <= capacity && size >= kDirectThreshold) return pointer;
    void* moved = malloc(size);
    if (!moved) return nullptr;
    memcpy(moved, pointer, size < capacity ? size : capacity);
    free_direct(pointer);
    return moved;
  }
  if (size < kDirectThreshold) {
    tessera::Locked lock(heap_lock);
    if (void* p = heap.reallocate(pointer, size)) return p;
    // The heap is full: grow it and copy.
    void* moved = allocate_from_heap(Tlsf::kAlignment, size);
    if (moved) {
      memcpy(moved, pointer, Tlsf::usable_size(pointer));
      heap.free(pointer);
      return moved;
    }
    errno = ENOMEM;
    return nullptr;
  }
  void* moved = malloc(size);
  if (!moved) return nullptr;
  size_t old_size = Tlsf::usable_size(pointer);
  memcpy(moved, pointer, old_size < size ? old_size : size);
  free(pointer);
  return moved;
}

void* aligned_alloc(size_t alignment, size_t size) {
  if (!is_power_of_two(alignment)) {
    errno = EINVAL;
    return nullptr;
  }
  return allocate(alignment, size);
}

int posix_memalign(void** result, size_t alignment, size_t size) {
  if (!is_power_of_two(alignment) || alignment % sizeof(void*)) return EINVAL;
  int saved = errno;
  void* p = allocate(alignment, size);
  errno = saved;
  if (!p) return ENOMEM;
  *result = p;
  return 0;
}

size_t malloc_usable_size(void* pointer) {
  if (!pointer) return 0;
  return is_direct(pointer) ? direct_capacity(pointer) : Tlsf::usable_size(pointer);
}

}  // extern "C"
