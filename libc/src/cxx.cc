// The C++ runtime user programs need: operator new and delete on malloc,
// exit-time destructors, and the pure-virtual handler.
//
// Programs are built with -fno-exceptions, so operator new cannot throw
// std::bad_alloc: out of memory it prints a message and aborts (the nothrow
// forms return nullptr instead). Static destructors reach exit() through
// atexit (the cross file builds with -fno-use-cxa-atexit); __cxa_atexit and
// __dso_handle serve code built the other way. Local statics need no guards
// (-fno-threadsafe-statics).
#include <stdlib.h>

#include <new>

#include "internal.h"

namespace {

void* allocate(size_t size) {
  void* p = malloc(size);
  if (!p) tessera::fatal("operator new: out of memory");
  return p;
}

void* allocate_aligned(size_t size, std::align_val_t alignment) {
  size_t a = static_cast<size_t>(alignment);
  void* p = aligned_alloc(a < sizeof(void*) ? sizeof(void*) : a, size);
  if (!p) tessera::fatal("operator new: out of memory");
  return p;
}

}  // namespace

void* operator new(size_t size) { return allocate(size); }
void* operator new[](size_t size) { return allocate(size); }
void* operator new(size_t size, std::align_val_t alignment) { return allocate_aligned(size, alignment); }
void* operator new[](size_t size, std::align_val_t alignment) { return allocate_aligned(size, alignment); }

// The tag `new (std::nothrow)` names (libstdc++ defines it; we have none).
const std::nothrow_t std::nothrow{};

void* operator new(size_t size, const std::nothrow_t&) noexcept { return malloc(size); }
void* operator new[](size_t size, const std::nothrow_t&) noexcept { return malloc(size); }
void* operator new(size_t size, std::align_val_t alignment, const std::nothrow_t&) noexcept {
  return aligned_alloc(static_cast<size_t>(alignment), size);
}
void* operator new[](size_t size, std::align_val_t alignment, const std::nothrow_t&) noexcept {
  return aligned_alloc(static_cast<size_t>(alignment), size);
}

void operator delete(void* p) noexcept { free(p); }
void operator delete[](void* p) noexcept { free(p); }
void operator delete(void* p, size_t) noexcept { free(p); }
void operator delete[](void* p, size_t) noexcept { free(p); }
void operator delete(void* p, std::align_val_t) noexcept { free(p); }
void operator delete[](void* p, std::align_val_t) noexcept { free(p); }
void operator delete(void* p, size_t, std::align_val_t) noexcept { free(p); }
void operator delete[](void* p, size_t, std::align_val_t) noexcept { free(p); }
void operator delete(void* p, const std::nothrow_t&) noexcept { free(p); }
void operator delete[](void* p, const std::nothrow_t&) noexcept { free(p); }
void operator delete(void* p, std::align_val_t, const std::nothrow_t&) noexcept { free(p); }
void operator delete[](void* p, std::align_val_t, const std::nothrow_t&) noexcept { free(p); }

extern "C" {

void* __dso_handle = &__dso_handle;

// This is a static program: one module, so dso is always __dso_handle.
int __cxa_atexit(void (*destructor)(void*), void* object, void* dso) {
  return tessera::at_exit(destructor, object) ? 0 : -1;
}

// A pure virtual call is a bug in the program.
void __cxa_pure_virtual() { tessera::fatal("pure virtual method called"); }

}  // extern "C"
