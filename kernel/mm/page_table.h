// Sv39 page tables. A PageTable owns its table frames (not the frames its
// leaves point to: address spaces and buffers own those). Every user page
// table shares the kernel's upper half by copying the kernel root's upper
// 256 entries, whose lower-level tables are created once at boot.
#pragma once

#include <cstdint>

#include "result.h"

namespace kernel {

namespace pte {
constexpr uint64_t kValid = 1 << 0;
constexpr uint64_t kRead = 1 << 1;
constexpr uint64_t kWrite = 1 << 2;
constexpr uint64_t kExec = 1 << 3;
constexpr uint64_t kUser = 1 << 4;
constexpr uint64_t kGlobal = 1 << 5;
constexpr uint64_t kAccessed = 1 << 6;
constexpr uint64_t kDirty = 1 << 7;
// Software bit (RSW): device registers. The kernel never reads or writes
// such a page on a program's behalf (copy_in/copy_out fail on it).
constexpr uint64_t kDevice = 1 << 8;
constexpr uint64_t kLeafMask = kRead | kWrite | kExec;

inline uint64_t make(uint64_t pa, uint64_t flags) { return ((pa >> 12) << 10) | flags | kValid; }
inline uint64_t address(uint64_t entry) { return (entry >> 10) << 12; }
inline bool is_leaf(uint64_t entry) { return entry & kLeafMask; }
}  // namespace pte

class PageTable {
 public:
  static constexpr uint64_t kMegaPage = 2ull << 20;

  PageTable() = default;
  explicit PageTable(uint64_t root_pa) : root_pa_(root_pa) {}

  // A new table with the kernel's upper half.
  static Result<PageTable> create_user();
  // Frees every table frame of the lower (user) half and the root.
  void destroy_user();
  // Frees the tables at `level` (0: leaf tables, 2 MiB each; 1: the
  // tables above them, 1 GiB each) that translate any of [start, end),
  // without reading their entries, and clears the entries that held them.
  // For a space none of whose pages is mapped any more (AddressSpace::destroy):
  // cheaper than reading every entry of every table.
  void free_tables_under(uint64_t start, uint64_t end, int level);
  // Frees the root alone, once free_tables_under has freed everything below.
  void free_root();

  // Maps one 4 KiB page (or one 2 MiB page when size == kMegaPage).
  // A/D are set so that hardware need not fault on first access.
  Status map(uint64_t va, uint64_t pa, uint64_t flags, uint64_t size = 4096);
  // Removes the 4 KiB leaf at va; returns its physical address, NotFound if none.
  Result<uint64_t> unmap(uint64_t va);
  // Removes every 4 KiB leaf in the page-aligned [start, end), freeing the
  // frames they map if free_frames; returns how many there were. Subtrees
  // that map nothing are skipped whole: a sparse range costs its tables, not
  // its pages; and it stops once it has removed `present` leaves (how many
  // the caller knows are there).
  uint64_t unmap_range(uint64_t start, uint64_t end, bool free_frames, uint64_t present = ~0ull);
  // Frees the user page-table frames under [start, end) that map nothing any
  // more, so unmapping memory returns every frame it took (and every table
  // left translates some address of a region: free_tables_under).
  void prune(uint64_t start, uint64_t end);
  // The leaf entry for va (0 if none).
  uint64_t lookup(uint64_t va) const;

  uint64_t root() const { return root_pa_; }
  uint64_t satp(uint16_t asid) const { return (8ull << 60) | (uint64_t(asid) << 44) | (root_pa_ >> 12); }

 private:
  uint64_t* walk(uint64_t va, int leaf_level, bool create, Status* status) const;

  uint64_t root_pa_ = 0;
};

// The kernel's own page table (upper half), built by build_kernel_page_table().
PageTable& kernel_page_table();
void build_kernel_page_table(uint64_t ram_base, uint64_t ram_size, uint64_t plic_base, uint64_t plic_size);
// Maps device registers at kVirtOffset + pa (before the first process exists,
// so that every user table's copy of the kernel half includes them).
void map_kernel_device(uint64_t pa, uint64_t size);
// Runs on the kernel's table (when the current address space goes away).
void activate_kernel_page_table();

}  // namespace kernel
