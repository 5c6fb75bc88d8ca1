// The kernel heap: power-of-two size classes backed by slab caches for
// objects up to kMaxSlabObject, whole frames above that. Callers pass the
// size back to kfree (the kernel always knows it), so there is no header.
#pragma once

#include <cstddef>
#include <new>
#include <utility>

namespace kernel {

void heap_init();
void* kmalloc(size_t size);  // nullptr when out of memory
void kfree(void* p, size_t size);
// Bytes held by live allocations (size classes rounded up): a leak check
// compares it before and after a program runs.
size_t heap_bytes_in_use();

// Kernel objects are made and destroyed through these: no global new/delete.
template <typename T, typename... Args>
T* make(Args&&... args) {
  void* p = kmalloc(sizeof(T));
  return p ? new (p) T(std::forward<Args>(args)...) : nullptr;
}

template <typename T>
void destroy(T* object) {
  if (!object) return;
  object->~T();
  kfree(object, sizeof(T));
}

}  // namespace kernel
