// HandleTable: a process's handles. A handle value is a slot index plus the
// slot's generation, so a closed (stale) or made-up handle is detected, and
// each handle carries the rights its holder has on the object. The table
// grows on demand in chunks from a caller-provided allocator (kmalloc in the
// kernel, malloc in host tests); it never holds more than kMaxHandles.
// It stores opaque object pointers: reference counting is the caller's.
#pragma once

#include <cstddef>
#include <cstdint>

#include "result.h"

namespace kernel {

using HandleValue = uint32_t;

struct HandleEntry {
  void* object = nullptr;  // null: a free slot
  // Rights, generation and type make one little-endian word, which
  // HandleTable::find checks in one comparison. A free slot has no rights:
  // it keeps the index of the next free slot there instead (0: none).
  union {
    uint32_t rights = 0;
    uint32_t next_free;
  };
  uint16_t generation = 0;
  uint16_t type = 0;
};
// Sixteen bytes: a slot's place in its chunk is a shift, not a multiply.
static_assert(sizeof(HandleEntry) == 16 && offsetof(HandleEntry, rights) % 8 == 0 &&
              offsetof(HandleEntry, generation) == offsetof(HandleEntry, rights) + 4 &&
              offsetof(HandleEntry, type) == offsetof(HandleEntry, rights) + 6);

class ChunkAllocator {
 public:
  virtual void* allocate(size_t bytes) = 0;
  virtual void deallocate(void* p, size_t bytes) = 0;

 protected:
  ~ChunkAllocator() = default;
};

class HandleTable {
 public:
  static constexpr uint32_t kIndexBits = 20;
  static constexpr uint32_t kMaxHandles = (1u << kIndexBits) - 1;  // slot 0 is never used
  static constexpr uint32_t kChunkEntries = 128;
  static constexpr uint16_t kGenerationMask = 0xfff;  // value bits 20..31

  explicit HandleTable(ChunkAllocator& allocator) : allocator_(allocator) {}
  ~HandleTable();
  HandleTable(const HandleTable&) = delete;
  HandleTable& operator=(const HandleTable&) = delete;

  // A new handle for object; NoMemory when the table cannot grow.
  Result<HandleValue> add(void* object, uint16_t type, uint32_t rights);
  // The entry for a live handle; BadHandle for a stale, closed or forged
  // value. Inline: every syscall that takes a handle starts here.
  Result<HandleEntry*> get(HandleValue handle) const {
    uint32_t index = handle & kMaxHandles;
    uint16_t generation = (handle >> kIndexBits) & kGenerationMask;
    if (index >= fresh_) return Error::BadHandle;  // (slot 0 holds no object)
    HandleEntry* e = slot(index);
    if (!e->object || e->generation != generation) return Error::BadHandle;
    return e;
  }
  // The entry of a live handle with this type and at least these rights;
  // null for anything else, whichever check failed (the IPC fast path,
  // which leaves the exact error to the general path). A value's upper 32
  // bits must be clear. A free slot holds no object, so it never matches.
  // (Entries stay where they are until the table is destroyed: growing adds
  // chunks and moves none.)
  const HandleEntry* find_entry(uint64_t value, uint16_t type, uint32_t rights) const {
    uint64_t index = value & kMaxHandles;  // (64 bits: no sign extension to make)
    // (Slot 0 is an empty slot, which no typed lookup matches, and a table
    // without chunks has fresh_ 0.)
    if ((value >> 32) || index >= fresh_) return nullptr;
    const HandleEntry* e = &chunks_[index / kChunkEntries][index % kChunkEntries];
    uint64_t word = checked_word(*e);
    // The word's upper half is type << 16 | generation, and the value's
    // bits above the index are the generation alone (its upper 32 bits are
    // clear): one subtraction compares both. No constant word to build.
    bool same_handle = (word >> 32) - (value >> kIndexBits) == uint64_t{type} << 16;
    return same_handle && (word & rights) == rights ? e : nullptr;
  }
  // find_entry's object, or null.
  void* find(uint64_t value, uint16_t type, uint32_t rights) const {
    const HandleEntry* e = find_entry(value, type, rights);
    return e ? e->object : nullptr;
  }
  // What find_entry checks of an entry, as one word: its rights,
  // generation and type (HandleEntry's layout).
  static uint64_t checked_word(const HandleEntry& e) {
    uint64_t word;
    __builtin_memcpy(&word, __builtin_assume_aligned(&e.rights, 8), sizeof word);
    return word;
  }
  // Removes the handle and returns what it held.
  Result<HandleEntry> remove(HandleValue handle);
  // The two halves of a move for a caller that checked them (the IPC fast
  // path): take removes the live handle whose entry get() returned, and
  // add_to_free_slot adds a handle when free_slots() is not 0. Inline: a
  // handle moved between tables costs no calls.
  HandleEntry take(HandleValue handle, HandleEntry* entry) {
    HandleEntry removed = *entry;
    entry->object = nullptr;
    entry->generation = next_generation(entry->generation);
    entry->next_free = free_head_;  // (its rights: copied out above)
    free_head_ = handle & kMaxHandles;
    --count_;
    return removed;
  }
  HandleValue add_to_free_slot(void* object, uint16_t type, uint32_t rights) {
    uint32_t index = free_head_;
    HandleEntry* e;
    if (index) {
      e = slot(index);
      free_head_ = e->next_free;
    } else {  // none freed: the first slot never used (fresh_)
      index = fresh_++;
      e = slot(index);
      e->generation = 1;
    }
    e->object = object;
    e->type = type;
    e->rights = rights;
    ++count_;
    return static_cast<HandleValue>((uint32_t(e->generation) << kIndexBits) | index);
  }
  size_t count() const { return count_; }
  // The generation a slot's next handle gets after one of `generation`:
  // they cycle through 1..kGenerationMask, so a value never becomes 0.
  // Without a branch: the sum carries into bit 12 only past the last.
  static uint16_t next_generation(uint16_t generation) {
    uint32_t next = generation + 1u;
    return static_cast<uint16_t>(next - (next >> 12) * kGenerationMask);
  }
  // How many handles add() takes before the table must grow.
  size_t free_slots() const { return slots_ - count_; }

  // Visits every live entry (for closing them all when a process dies).
  template <typename F>
  void for_each(F&& visit) {
    for (uint32_t index = 1; index < fresh_; ++index) {
      HandleEntry& e = *slot(index);
      if (e.object) visit(static_cast<HandleValue>((uint32_t(e.generation) << kIndexBits) | index), e);
    }
  }

 private:
  HandleEntry* slot(uint32_t index) const { return &chunks_[index / kChunkEntries][index % kChunkEntries]; }
  Status grow();

  ChunkAllocator& allocator_;
  HandleEntry** chunks_ = nullptr;
  uint32_t chunk_count_ = 0;
  uint32_t chunk_capacity_ = 0;
  uint32_t free_head_ = 0;  // 0: no freed slot
  // Slots from here to the chunks' end were never used and are not
  // initialised: a new process's table costs no pass over a whole chunk.
  // 0 until the first chunk, whose slot 0 (never handed out) is made an
  // empty slot then: every index below fresh_ names an initialised slot, so
  // neither get nor find tests for slot 0 or for a table without chunks.
  uint32_t fresh_ = 0;
  size_t count_ = 0;
  // The handles the chunks hold (slot 0 is never used; 0 with none): one
  // subtraction for free_slots() (the IPC fast path asks on every move).
  size_t slots_ = 0;
};

}  // namespace kernel
