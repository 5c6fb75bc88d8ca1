// A user address space: a page table, an ASID, and the regions that give
// meaning to its lower half. Anonymous regions are backed lazily: a page gets
// a zeroed frame on first touch. The address space owns every frame mapped
// in its regions and frees them when a region is unmapped or it dies.
//
// A committed anonymous region is charged at map time for every frame its
// touches can take, page tables included (frames::reserve): mapping fails
// with NoMemory when memory is short, and a touch never does. An uncommitted
// one (stacks) takes frames on touch while there are any; a touch that finds
// none is a fault.
#pragma once

#include <cstdint>

#include "lib/list.h"
#include "result.h"
#include "mm/asid.h"
#include "mm/heap.h"
#include "mm/page_table.h"

namespace kernel {

enum class Access : uint8_t { Read, Write, Execute };

// Memory that an address space maps but does not own: shared buffers and
// device registers. The provider says which frame backs each offset.
class PageProvider {
 public:
  // The physical page at offset (page aligned) of the object, or an error.
  virtual Result<uint64_t> page_at(uint64_t offset) = 0;
  // The physical page at offset if the object has one already (nothing
  // is allocated), else 0: what a mapping may enter before any touch.
  virtual uint64_t resident_page(uint64_t) { return 0; }
  virtual uint64_t size() const = 0;
  // Regions keep their provider alive.
  virtual void retain_pages() = 0;
  virtual void release_pages() = 0;

 protected:
  ~PageProvider() = default;
};

struct Region {
  ListNode node;  // on AddressSpace::regions_, sorted by start
  uint64_t start;
  uint64_t end;
  uint32_t pte_flags;               // pte::kRead/kWrite/kExec | pte::kUser
  uint32_t pages = 0;                // pages it has in the page table: unmapping stops when all are found
  PageProvider* provider = nullptr;  // null: anonymous memory this space owns
  uint64_t offset = 0;               // of start within the provider
  uint64_t charge = 0;               // frames still promised to this region's touches
};
// Regions are many: they stay in the 64-byte kmalloc size class.
static_assert(sizeof(Region) == 64);

class AddressSpace {
 public:
  static Result<AddressSpace*> create();
  // Unmaps and frees everything; the address space must not be active.
  static void destroy(AddressSpace* space);

  enum class Commit : bool { Lazy, Charged };
  // Adds a region of anonymous zero-filled memory at [start, start+size).
  Status add_region(uint64_t start, uint64_t size, uint64_t pte_flags, Commit commit);
  Result<uint64_t> find_gap(uint64_t size) const;
  // Picks a free range in the mem_map window and adds a region there.
  Result<uint64_t> map_anonymous(uint64_t size, uint64_t pte_flags, Commit commit);
  // Maps [offset, offset+size) of provider at a free place in the mem_map
  // window, backed on first touch by the provider's pages.
  Result<uint64_t> map_provider(PageProvider& provider, uint64_t offset, uint64_t size, uint64_t pte_flags);
  // The same at [start, start+size) (page aligned, inside user space,
  // overlapping no region). With Populate::Resident the pages the provider
  // already has (in the first 2 MiB) are entered at once, so that touching
  // them takes no fault (program text, which is used at once).
  enum class Populate : bool { Lazily, Resident };
  Status map_provider_at(uint64_t start, PageProvider& provider, uint64_t offset, uint64_t size, uint64_t pte_flags,
                         Populate populate = Populate::Lazily);
  // Removes the region that is exactly [start, start+size), freeing its
  // frames. A live process's space is unmapped through
  // Process::unmap_region, which also has its threads forget the IPC
  // buffer pages they keep (the fast path trusts their rooms).
  Status unmap_region(uint64_t start, uint64_t size);

  // Resolves a user fault: true if va is in a region allowing access and now has a frame.
  bool handle_fault(uint64_t va, Access access);

  // Copies between kernel memory and this address space, touching pages in
  // as a user access would. BadAddress if any byte is not accessible.
  Status copy_in(void* dst, uint64_t user_src, uint64_t length);
  Status copy_out(uint64_t user_dst, const void* src, uint64_t length);
  // Whether every byte of the range allows access (backing lazy pages).
  bool accessible(uint64_t va, uint64_t length, Access access);
  // Copies between two address spaces (IPC payloads), page by page. With
  // check_user false, dst is filled regardless of its user permissions, as
  // by load().
  static Status copy_across(AddressSpace& dst, uint64_t dst_va, AddressSpace& src, uint64_t src_va, uint64_t length,
                            bool check_user = true);
  // Fills a region regardless of its user permissions (program loading). A
  // page it fills whole is never zeroed first. Code it writes is made
  // visible to instruction fetch (smp::sync_instructions), as is code
  // copy_across writes without check_user.
  Status load(uint64_t user_dst, const void* src, uint64_t length);

  // Activates this space on the running hart: with its own ASID, one satp
  // write and no flush. An ASID of an older generation is renewed first.
  void activate() {
    if (!asid::current(asid_)) renew_asid();
    activate_current();
  }
  // activate() of a space whose ASID is known to be of the current
  // generation (the IPC fast path checks it before it changes anything).
  void activate_current() {
    asm volatile("csrw satp, %0" ::"r"(satp_));
    if (asid_.asid == asid::kShared) asm volatile("sfence.vma" ::: "memory");
  }
  asid::Tag& asid_tag() { return asid_; }
  // The kernel address of the byte at va if user mode may access it so,
  // backing its page as a user access would; null if it may not. It stays
  // valid while unmap_count() is unchanged (the IPC fast path caches it).
  uint8_t* kernel_address(uint64_t va, Access access) { return resolve(va, access); }
  uint64_t unmap_count() const { return unmap_count_; }
  PageTable& page_table() { return table_; }
  uint64_t resident_pages() const { return resident_pages_; }

 private:
  AddressSpace() = default;
  template <typename T, typename... Args>
  friend T* make(Args&&... args);
  Region* find(uint64_t va);
  Result<Region*> insert_region(uint64_t start, uint64_t size, uint64_t pte_flags);
  // What a fresh anonymous frame holds: zeros, or whatever it held before
  // when the caller overwrites the whole page before anyone can read it.
  enum class Fresh : bool { Zeroed, Overwritten };
  // loading: for a load, which makes the code it writes fetchable itself.
  bool fault_in(uint64_t va, Access access, Fresh fresh, bool loading);
  // Backs an anonymous page with a frame, from the region's charge.
  bool back_anonymous(Region& r, uint64_t page, Fresh fresh);
  // Runs touch() with up to a touch's worth of r's charge released to it.
  template <class Touch>
  bool spend_charge(Region& r, Touch touch);
  // The kernel pointer to the byte at va, faulting the page in if needed.
  // With check_user false, only the region must exist (loading read-only text),
  // and a page about to be overwritten whole (fresh) need not be zeroed.
  uint8_t* resolve(uint64_t va, Access access, bool check_user = true, Fresh fresh = Fresh::Zeroed);
  // The fresh-page rule for a copy of chunk bytes to va: only loading skips
  // the zeroing, and only of a page it covers whole.
  static Fresh fresh_for(uint64_t va, uint64_t chunk, bool check_user);
  Status copy_to_space(uint64_t user_dst, const void* src, uint64_t length, bool check_user);
  static Status copy_pages_across(AddressSpace& dst, uint64_t dst_va, AddressSpace& src, uint64_t src_va,
                                  uint64_t length, bool check_user);
  // After a load: if it wrote into an executable region (loaded_code_),
  // the stores reach instruction fetch before any hart runs them.
  void sync_loaded_code();
  // Removes r, freeing its frames and the page tables it leaves empty.
  void release_region(Region* r);
  // Unmaps r's pages, frees its anonymous frames, and gives back its
  // charge and its provider; r stays, mapping nothing.
  void release_pages(Region& r);
  // Enters the provider's resident pages of r (Populate::Resident).
  void populate_resident(Region& r);

  PageTable table_;
  void renew_asid();

  uint64_t satp_ = 0;  // table_ and asid_ as the satp register wants them
  asid::Tag asid_;     // (of no generation until first activated)
  List regions_;
  uint64_t resident_pages_ = 0;
  uint64_t unmap_count_ = 0;  // regions released: frames may have gone
  bool loaded_code_ = false;  // the load under way wrote into an executable region (resolve)
};

}  // namespace kernel
