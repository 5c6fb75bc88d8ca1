#include "mm/page_table.h"

#include "mm/frames.h"
#include "mm/layout.h"

namespace kernel {

namespace {

constexpr uint64_t kUserHalfTop = 1ull << 38;

uint64_t* table_at(uint64_t pa) { return phys_to_virt<uint64_t>(pa); }
unsigned index_at(uint64_t va, int level) { return (va >> (12 + 9 * level)) & 0x1ff; }

void free_tables(uint64_t table_pa, int level, unsigned first, unsigned last) {
  // A leaf table's entries are pages, not tables: nothing to look at.
  if (level > 0) {
    uint64_t* table = table_at(table_pa);
    for (unsigned i = first; i < last; ++i) {
      uint64_t e = table[i];
      if ((e & pte::kValid) && !pte::is_leaf(e)) free_tables(pte::address(e), level - 1, 0, 512);
    }
  }
  frames::free(table_pa);
}

}  // namespace

uint64_t* PageTable::walk(uint64_t va, int leaf_level, bool create, Status* status) const {
  uint64_t* table = table_at(root_pa_);
  for (int level = 2; level > leaf_level; --level) {
    uint64_t& e = table[index_at(va, level)];
    if (!(e & pte::kValid)) {
      if (!create) return nullptr;
      auto frame = frames::alloc_zeroed();
      if (!frame) {
        *status = Error::NoMemory;
        return nullptr;
      }
      e = pte::make(*frame, 0);
    } else if (pte::is_leaf(e)) {
      if (status) *status = Error::AlreadyExists;
      return nullptr;
    }
    table = table_at(pte::address(e));
  }
  return &table[index_at(va, leaf_level)];
}

Status PageTable::map(uint64_t va, uint64_t pa, uint64_t flags, uint64_t size) {
  Status status;
  uint64_t* e = walk(va, size == kMegaPage ? 1 : 0, true, &status);
  if (!e) return status.ok() ? Status(Error::NoMemory) : status;
  if (*e & pte::kValid) return Error::AlreadyExists;
  *e = pte::make(pa, flags | pte::kAccessed | pte::kDirty);
  return {};
}

Result<uint64_t> PageTable::unmap(uint64_t va) {
  uint64_t* e = walk(va, 0, false, nullptr);
  if (!e || !(*e & pte::kValid)) return Error::NotFound;
  uint64_t pa = pte::address(*e);
  *e = 0;
  return pa;
}

uint64_t PageTable::unmap_range(uint64_t start, uint64_t end, bool free_frames, uint64_t present) {
  // The first address past va's level-`level` table entry.
  auto next = [](uint64_t va, int level) { return (va | ((1ull << (12 + 9 * level)) - 1)) + 1; };
  uint64_t count = 0;
  for (uint64_t va = start; va < end && count < present;) {
    uint64_t* table = table_at(root_pa_);
    int level = 2;
    for (; level > 0; --level) {
      uint64_t e = table[index_at(va, level)];
      if (!(e & pte::kValid) || pte::is_leaf(e)) break;
      table = table_at(pte::address(e));
    }
    if (level > 0) {  // nothing mapped in 4 KiB pages under this entry
      va = next(va, level);
      continue;
    }
    for (uint64_t stop = next(va, 1) < end ? next(va, 1) : end; va < stop && count < present; va += kPageSize) {
      uint64_t& e = table[index_at(va, 0)];
      if (!(e & pte::kValid)) continue;
      if (free_frames) frames::free(pte::address(e));
      e = 0;
      ++count;
    }
  }
  return count;
}

namespace {

bool table_empty(uint64_t table_pa) {
  const uint64_t* table = table_at(table_pa);
  for (unsigned i = 0; i < 512; ++i) {
    if (table[i]) return false;
  }
  return true;
}

// Frees the child table of entry if it is empty; true if it was.
bool prune_entry(uint64_t& entry) {
  if (!(entry & pte::kValid) || pte::is_leaf(entry) || !table_empty(pte::address(entry))) return false;
  frames::free(pte::address(entry));
  entry = 0;
  return true;
}

}  // namespace

void PageTable::prune(uint64_t start, uint64_t end) {
  constexpr uint64_t kLevel1Span = 1ull << 21;
  constexpr uint64_t kLevel2Span = 1ull << 30;
  uint64_t* root = table_at(root_pa_);
  for (uint64_t giga = start & ~(kLevel2Span - 1); giga < end && giga < kUserHalfTop; giga += kLevel2Span) {
    uint64_t& root_entry = root[index_at(giga, 2)];
    if (!(root_entry & pte::kValid) || pte::is_leaf(root_entry)) continue;
    uint64_t* level1 = table_at(pte::address(root_entry));
    uint64_t first = giga > start ? giga : start;
    uint64_t last = giga + kLevel2Span < end ? giga + kLevel2Span : end;
    for (uint64_t mega = first & ~(kLevel1Span - 1); mega < last; mega += kLevel1Span) {
      prune_entry(level1[index_at(mega, 1)]);
    }
    prune_entry(root_entry);
  }
}

uint64_t PageTable::lookup(uint64_t va) const {
  uint64_t* table = table_at(root_pa_);
  for (int level = 2; level >= 0; --level) {
    uint64_t e = table[index_at(va, level)];
    if (!(e & pte::kValid)) return 0;
    if (pte::is_leaf(e)) return level == 0 ? e : 0;
    table = table_at(pte::address(e));
  }
  return 0;
}

Result<PageTable> PageTable::create_user() {
  // The user half empty, the kernel half the kernel's: each half written
  // once, by the word-round memset and memcpy (not zeroed, then copied
  // entry by entry).
  auto root = frames::alloc();
  if (!root) return root.error();
  uint64_t* dst = table_at(*root);
  const uint64_t* src = table_at(kernel_page_table().root());
  constexpr size_t kHalf = 256 * sizeof(uint64_t);
  __builtin_memset(dst, 0, kHalf);
  __builtin_memcpy(dst + 256, src + 256, kHalf);
  return PageTable(*root);
}

void PageTable::free_tables_under(uint64_t start, uint64_t end, int level) {
  uint64_t span = 1ull << (12 + 9 * (level + 1));  // what one table at level translates
  for (uint64_t va = start & ~(span - 1); va < end && va < kUserHalfTop; va += span) {
    uint64_t* entry = &table_at(root_pa_)[index_at(va, 2)];
    if (level == 0) {
      if (!(*entry & pte::kValid) || pte::is_leaf(*entry)) continue;
      entry = &table_at(pte::address(*entry))[index_at(va, 1)];
    }
    if (!(*entry & pte::kValid) || pte::is_leaf(*entry)) continue;
    frames::free(pte::address(*entry));
    *entry = 0;
  }
}

void PageTable::free_root() {
  frames::free(root_pa_);
  root_pa_ = 0;
}

void PageTable::destroy_user() {
  if (!root_pa_) return;
  free_tables(root_pa_, 2, 0, 256);
  root_pa_ = 0;
}

}  // namespace kernel
