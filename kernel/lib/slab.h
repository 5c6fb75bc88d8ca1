// SlabCache: fixed-size kernel objects (threads, channels, handles, ...)
// packed into pages taken from a PageSource. A slab is one page: a header at
// its start, then equal-sized objects; free objects are linked through their
// own memory. A cache keeps at most one empty slab and gives every further
// empty page back, so freed objects become free memory again. It never
// allocates memory in any other way.
#pragma once

#include <cstddef>
#include <cstdint>
#include <new>
#include <utility>

#include "result.h"

namespace kernel {

constexpr size_t kSlabPageSize = 4096;
// Largest object size and alignment a cache accepts. A cache built with a
// larger object_size, or an align that is not a power of two up to this,
// has no valid layout: its alloc() always returns nullptr.
constexpr size_t kMaxSlabObject = 2048;

// Where slabs get their memory: pages of kSlabPageSize bytes, aligned to
// kSlabPageSize, readable and writable (kernel: direct-mapped frames).
class PageSource {
 public:
  virtual void* alloc_page() = 0;  // nullptr when out of memory
  virtual void free_page(void* page) = 0;

 protected:
  ~PageSource() = default;
};

class SlabCache {
 public:
  // name must outlive the cache. Objects are aligned to max(align, 8).
  SlabCache(const char* name, size_t object_size, size_t align, PageSource& pages);
  // Gives every page back, including those holding objects still in use.
  ~SlabCache();
  SlabCache(const SlabCache&) = delete;
  SlabCache& operator=(const SlabCache&) = delete;

  // Uninitialized memory for one object; nullptr when the page source is out
  // of pages or the cache has no valid layout.
  void* alloc();
  // InvalidArgument, with nothing changed, unless object is a live object of
  // this cache. object must be null or point into readable memory, because
  // the slab header is found by masking it to its page.
  Status free(void* object);
  // Whether object is a live object of this cache (same precondition as free).
  bool owns(const void* object) const;

  size_t objects_in_use() const { return objects_in_use_; }
  // Pages held from the PageSource, the cached empty slab included.
  size_t pages_in_use() const { return pages_in_use_; }
  size_t objects_per_slab() const { return capacity_; }
  const char* name() const { return name_; }

 private:
  struct Slab;
  Slab* new_slab();
  void release_slab(Slab* slab);
  Slab* slab_of(const void* object, size_t* index) const;

  const char* name_;
  PageSource& pages_;
  size_t stride_ = 0;  // 0 means no valid layout
  size_t first_offset_ = 0;
  size_t capacity_ = 0;
  // A slab is on exactly one list, chosen by its in-use count: partial_
  // (some objects free; in address order, alloc takes the lowest), full_
  // (none free) or empty_ (all free, at most one).
  Slab* partial_ = nullptr;
  Slab* full_ = nullptr;
  Slab* empty_ = nullptr;
  size_t objects_in_use_ = 0;
  size_t pages_in_use_ = 0;
};

// ObjectCache<T>: a SlabCache that constructs T in place on create() and
// destroys it on destroy().
template <typename T>
class ObjectCache {
  static_assert(sizeof(T) <= kMaxSlabObject && alignof(T) <= kMaxSlabObject,
                "T is too large for a slab");

 public:
  ObjectCache(const char* name, PageSource& pages) : slab_(name, sizeof(T), alignof(T), pages) {}

  // nullptr, without constructing anything, when out of memory.
  template <typename... Args>
  T* create(Args&&... args) {
    void* memory = slab_.alloc();
    if (memory == nullptr) return nullptr;
    return new (memory) T(std::forward<Args>(args)...);
  }

  // ~T runs only for a live object of this cache, so a bad pointer is
  // reported instead of being destroyed.
  Status destroy(T* object) {
    if (!slab_.owns(object)) return Error::InvalidArgument;
    object->~T();
    return slab_.free(object);
  }

  size_t objects_in_use() const { return slab_.objects_in_use(); }
  size_t pages_in_use() const { return slab_.pages_in_use(); }
  const char* name() const { return slab_.name(); }

 private:
  SlabCache slab_;
};

}  // namespace kernel
