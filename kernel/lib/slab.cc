#include "lib/slab.h"

namespace kernel {
namespace {

constexpr uint64_t kSlabMagic = 0x534c'4142'6361'6368;  // "SLABcach"
// Objects are at least pointer sized (they hold the free-list link), so a page
// has fewer than this many.
constexpr size_t kMaxObjectsPerSlab = kSlabPageSize / sizeof(void*);

constexpr size_t round_up(size_t value, size_t align) { return (value + align - 1) & ~(align - 1); }

}  // namespace

// Sits at the start of its page. A live object of a slab has its bit set in
// `allocated`; a free one is either on `free_list` or at index >= `bumped`.
struct SlabCache::Slab {
  uint64_t magic;
  const SlabCache* cache;
  Slab* next;
  Slab* prev;
  void* free_list;  // freed objects, linked through their first word
  uint16_t in_use;
  uint16_t bumped;  // objects [0, bumped) have been handed out at least once
  uint64_t allocated[kMaxObjectsPerSlab / 64];

  bool is_allocated(size_t index) const { return allocated[index / 64] >> (index % 64) & 1; }
  void set_allocated(size_t index, bool on) {
    uint64_t bit = uint64_t{1} << (index % 64);
    allocated[index / 64] = on ? allocated[index / 64] | bit : allocated[index / 64] & ~bit;
  }
  void link(Slab*& head) {
    prev = nullptr;
    next = head;
    if (head != nullptr) head->prev = this;
    head = this;
  }
  bool below(const Slab* other) const {
    return reinterpret_cast<uintptr_t>(this) < reinterpret_cast<uintptr_t>(other);
  }
  // Links this slab into a list kept in address order.
  void link_in_order(Slab*& head) {
    if (head == nullptr || below(head)) {
      link(head);
      return;
    }
    Slab* before = head;
    while (before->next != nullptr && before->next->below(this)) before = before->next;
    prev = before;
    next = before->next;
    if (next != nullptr) next->prev = this;
    before->next = this;
  }
  void unlink(Slab*& head) {
    if (prev != nullptr) {
      prev->next = next;
    } else {
      head = next;
    }
    if (next != nullptr) next->prev = prev;
    next = prev = nullptr;
  }
};

// The slab whose object boundary `object` is, or nullptr. Does not say
// whether that object is live. (Inline: every free starts here, and a call
// of its own cost each about ten instructions.)
[[gnu::always_inline]] inline SlabCache::Slab* SlabCache::slab_of(const void* object, size_t* index) const {
  if (object == nullptr || stride_ == 0) return nullptr;
  auto address = reinterpret_cast<uintptr_t>(object);
  auto* slab = reinterpret_cast<Slab*>(address & ~uintptr_t{kSlabPageSize - 1});
  if (slab->magic != kSlabMagic || slab->cache != this) return nullptr;
  size_t offset = address - reinterpret_cast<uintptr_t>(slab);
  if (offset < first_offset_ || (offset - first_offset_) % stride_ != 0) return nullptr;
  *index = (offset - first_offset_) / stride_;
  if (*index >= capacity_) return nullptr;
  return slab;
}

SlabCache::SlabCache(const char* name, size_t object_size, size_t align, PageSource& pages)
    : name_(name), pages_(pages) {
  if (object_size == 0 || object_size > kMaxSlabObject) return;
  if (align == 0 || (align & (align - 1)) != 0 || align > kMaxSlabObject) return;
  if (align < alignof(void*)) align = alignof(void*);
  if (object_size < sizeof(void*)) object_size = sizeof(void*);
  stride_ = round_up(object_size, align);
  first_offset_ = round_up(sizeof(Slab), align);
  // Both are at most kMaxSlabObject = half a page, so capacity_ >= 1.
  static_assert(sizeof(Slab) <= kMaxSlabObject);
  capacity_ = (kSlabPageSize - first_offset_) / stride_;
}

SlabCache::~SlabCache() {
  Slab** lists[] = {&partial_, &full_, &empty_};
  for (Slab** list : lists) {
    while (*list != nullptr) {
      Slab* slab = *list;
      *list = slab->next;
      release_slab(slab);
    }
  }
  objects_in_use_ = 0;
}

void* SlabCache::alloc() {
  if (stride_ == 0) return nullptr;
  // The partial slab at the lowest address: objects pack into the low
  // slabs and the high ones drain to empty and go back, so the pages a
  // cache holds follow its live objects, not the order in which harts
  // happened to free them (freeing into the most recently freed slab left
  // a page more or less from run to run).
  Slab* slab = partial_;
  if (slab == nullptr) {
    slab = empty_ != nullptr ? empty_ : new_slab();
    if (slab == nullptr) return nullptr;
    empty_ = nullptr;
    slab->link(partial_);
  }

  void* object;
  size_t index;
  if (slab->free_list != nullptr) {
    object = slab->free_list;
    slab->free_list = *static_cast<void**>(object);
    index = (reinterpret_cast<uintptr_t>(object) - reinterpret_cast<uintptr_t>(slab) -
             first_offset_) / stride_;
  } else {
    index = slab->bumped++;
    object = reinterpret_cast<char*>(slab) + first_offset_ + index * stride_;
  }
  slab->set_allocated(index, true);
  ++slab->in_use;
  ++objects_in_use_;
  if (slab->in_use == capacity_) {
    slab->unlink(partial_);
    slab->link(full_);
  }
  return object;
}

Status SlabCache::free(void* object) {
  size_t index;
  Slab* slab = slab_of(object, &index);
  if (slab == nullptr || !slab->is_allocated(index)) return Error::InvalidArgument;

  bool was_full = slab->in_use == capacity_;
  slab->set_allocated(index, false);
  *static_cast<void**>(object) = slab->free_list;
  slab->free_list = object;
  --slab->in_use;
  --objects_in_use_;
  if (slab->in_use > 0) {
    // A partial slab keeps its place; a full one joins the partial slabs.
    if (was_full) {
      slab->unlink(full_);
      slab->link_in_order(partial_);
    }
    return {};
  }
  slab->unlink(was_full ? full_ : partial_);
  if (empty_ == nullptr) {
    empty_ = slab;
  } else {
    release_slab(slab);
  }
  return {};
}

bool SlabCache::owns(const void* object) const {
  size_t index;
  const Slab* slab = slab_of(object, &index);
  return slab != nullptr && slab->is_allocated(index);
}

SlabCache::Slab* SlabCache::new_slab() {
  void* page = pages_.alloc_page();
  if (page == nullptr) return nullptr;
  if (reinterpret_cast<uintptr_t>(page) % kSlabPageSize != 0) {
    pages_.free_page(page);
    return nullptr;
  }
  ++pages_in_use_;
  return new (page) Slab{kSlabMagic, this, nullptr, nullptr, nullptr, 0, 0, {}};
}

void SlabCache::release_slab(Slab* slab) {
  // A stale pointer into this page must not pass for a slab of ours later.
  slab->magic = 0;
  slab->cache = nullptr;
  pages_.free_page(slab);
  --pages_in_use_;
}

}  // namespace kernel
