// HandleCache: one handle lookup remembered, for the IPC fast path (a
// thread's last call target, or its last reply_wait port:
// ipc/fastpath.cc), so that a repeated lookup skips the table's walk.
// It keeps the value, the entry it found and the entry's checked word
// (rights, generation and type: HandleTable::checked_word). For that value
// the table's find_entry computes that same entry again (entries never
// move, and the table never shrinks) and checks only that word against
// the value, type and rights, which passed once: while the word is the
// same, find_entry would pass again and yield the entry's object as it is
// now. So a hit is exactly a lookup: a handle closed or moved away since
// changed the word (its generation), and the object is read from the
// entry, not remembered.
#pragma once

#include <cstdint>

#include "lib/handle_table.h"

namespace kernel {

class HandleCache {
 public:
  // table.find(value, type, rights), for a cache that is only ever asked
  // of this one table with this one type and these rights.
  void* find(const HandleTable& table, uint64_t value, uint16_t type, uint32_t rights) {
    if (__builtin_expect(value == value_ && HandleTable::checked_word(*entry_) == word_, true)) return entry_->object;
    const HandleEntry* entry = table.find_entry(value, type, rights);
    if (!entry) return nullptr;
    value_ = value;
    entry_ = entry;
    word_ = HandleTable::checked_word(*entry);
    return entry->object;
  }

 private:
  // Nothing yet: a value that matches is one table.find refuses (above 32
  // bits), and the word never matches the empty entry's (0).
  static constexpr HandleEntry kNoEntry{};
  uint64_t value_ = ~uint64_t{0};
  const HandleEntry* entry_ = &kNoEntry;
  uint64_t word_ = ~uint64_t{0};
};

}  // namespace kernel
