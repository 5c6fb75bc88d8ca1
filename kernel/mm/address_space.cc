#include "mm/address_space.h"

#include "arch/csr.h"
#include "debug/console.h"
#include "arch/smp.h"
#include "mm/asid.h"
#include "mm/frames.h"
#include "mm/heap.h"
#include "mm/layout.h"

namespace kernel {

namespace {

Region* region_of(ListNode* n) { return container_of<Region, &Region::node>(n); }

bool allows(uint64_t flags, Access access) {
  switch (access) {
    case Access::Read: return flags & pte::kRead;
    case Access::Write: return flags & pte::kWrite;
    case Access::Execute: return flags & pte::kExec;
  }
  return false;
}

// The most frames touching pages of a region can take: the pages, and the
// page tables below the root that can cover them (a level-0 table per
// 2 MiB, a level-1 table per 1 GiB, one more of each where the range
// straddles a boundary), but never more than two tables per page.
uint64_t charge_for(uint64_t size) {
  uint64_t pages = size / kPageSize;
  uint64_t tables = size / (2ull << 20) + size / (1ull << 30) + 4;
  return pages + (tables < 2 * pages ? tables : 2 * pages);
}

// A touch needs at most its page and two page tables.
constexpr uint64_t kFramesPerTouch = 3;

}  // namespace

Result<AddressSpace*> AddressSpace::create() {
  auto table = PageTable::create_user();
  if (!table) return table.error();
  AddressSpace* space = make<AddressSpace>();
  if (!space) {
    table->destroy_user();
    return Error::NoMemory;
  }
  space->table_ = *table;
  return space;
}

void AddressSpace::renew_asid() {
  asid::renew(asid_);
  satp_ = table_.satp(asid_.asid);
}

void AddressSpace::destroy(AddressSpace* space) {
  // Every table translates some address of a region (touches in regions
  // make them, unmapping prunes them), so the regions say where the
  // tables are and none is read whole. Every page first, since a leaf
  // table may serve two regions; then the leaf tables, then those above.
  List& regions = space->regions_;
  for (ListNode* n = regions.front(); n; n = regions.next_of(n)) space->release_pages(*region_of(n));
  for (ListNode* n = regions.front(); n; n = regions.next_of(n)) {
    space->table_.free_tables_under(region_of(n)->start, region_of(n)->end, 0);
  }
  while (ListNode* n = regions.front()) {
    Region* r = region_of(n);
    space->table_.free_tables_under(r->start, r->end, 1);
    List::remove(n);
    kernel::destroy(r);
  }
  space->table_.free_root();
  asid::release(space->asid_);
  kernel::destroy(space);
}

Region* AddressSpace::find(uint64_t va) {
  for (ListNode* n = regions_.front(); n; n = regions_.next_of(n)) {
    Region* r = region_of(n);
    if (va < r->start) return nullptr;
    if (va < r->end) return r;
  }
  return nullptr;
}

Status AddressSpace::add_region(uint64_t start, uint64_t size, uint64_t pte_flags, Commit commit) {
  if (size == 0 || size % kPageSize) return Error::InvalidArgument;
  uint64_t charge = commit == Commit::Charged ? charge_for(size) : 0;
  if (!frames::reserve(charge)) return Error::NoMemory;
  auto r = insert_region(start, size, pte_flags);
  if (!r) {
    frames::unreserve(charge);
    return r.error();
  }
  (*r)->charge = charge;
  return {};
}

Result<Region*> AddressSpace::insert_region(uint64_t start, uint64_t size, uint64_t pte_flags) {
  if (size == 0 || start % kPageSize || size % kPageSize) return Error::InvalidArgument;
  uint64_t end = start + size;
  if (end < start || end > kUserTop) return Error::InvalidArgument;
  ListNode* position = regions_.end();
  for (ListNode* n = regions_.front(); n; n = regions_.next_of(n)) {
    Region* r = region_of(n);
    if (r->start < end && start < r->end) return Error::AlreadyExists;
    if (r->start >= end) {
      position = n;
      break;
    }
  }
  Region* region = make<Region>();
  if (!region) return Error::NoMemory;
  region->start = start;
  region->end = end;
  region->pte_flags = pte_flags | pte::kUser;
  regions_.insert_before(position, &region->node);
  return region;
}

Result<uint64_t> AddressSpace::find_gap(uint64_t size) const {
  // First fit between the regions that overlap the mem_map window.
  uint64_t candidate = kUserAnonBase;
  for (ListNode* n = regions_.front(); n; n = regions_.next_of(n)) {
    const Region* r = region_of(n);
    if (r->end <= candidate) continue;
    if (r->start >= candidate + size) break;
    candidate = r->end;
  }
  if (candidate + size > kUserAnonTop) return Error::NoMemory;
  return candidate;
}

Result<uint64_t> AddressSpace::map_anonymous(uint64_t size, uint64_t pte_flags, Commit commit) {
  if (size == 0 || size > kUserAnonTop - kUserAnonBase) return Error::InvalidArgument;
  size = page_round_up(size);
  auto start = find_gap(size);
  if (!start) return start.error();
  TRY(add_region(*start, size, pte_flags, commit));
  return *start;
}

Result<uint64_t> AddressSpace::map_provider(PageProvider& provider, uint64_t offset, uint64_t size,
                                            uint64_t pte_flags) {
  if (size == 0 || size > provider.size()) return Error::InvalidArgument;
  auto start = find_gap(page_round_up(size));
  if (!start) return start.error();
  TRY(map_provider_at(*start, provider, offset, size, pte_flags));
  return *start;
}

Status AddressSpace::map_provider_at(uint64_t start, PageProvider& provider, uint64_t offset, uint64_t size,
                                     uint64_t pte_flags, Populate populate) {
  if (size == 0 || offset % kPageSize || offset > provider.size() || size > provider.size() - offset) {
    return Error::InvalidArgument;
  }
  size = page_round_up(size);
  // The provider owns the pages; the page tables its touches need are
  // charged here, so a touch of a mapped buffer never fails.
  uint64_t charge = charge_for(size) - size / kPageSize;
  if (!frames::reserve(charge)) return Error::NoMemory;
  auto region = insert_region(start, size, pte_flags);
  if (!region) {
    frames::unreserve(charge);
    return region.error();
  }
  (*region)->provider = &provider;
  (*region)->offset = offset;
  (*region)->charge = charge;
  provider.retain_pages();
  if (populate == Populate::Resident) populate_resident(**region);
  return {};
}

void AddressSpace::populate_resident(Region& r) {
  // A 2 MiB run at a time: its pages share one leaf table, so entering
  // them takes at most a touch's worth of tables from the charge. Only the
  // first kPopulateBytes (a program image's largest): one call's work under
  // the big lock stays bounded, and the rest is entered by faults.
  constexpr uint64_t kLeafSpan = 2ull << 20;
  constexpr uint64_t kPopulateBytes = 2ull << 20;
  uint64_t end = r.end - r.start > kPopulateBytes ? r.start + kPopulateBytes : r.end;
  uint32_t pages_before = r.pages;
  for (uint64_t run = r.start; run < end;) {
    uint64_t run_end = (run | (kLeafSpan - 1)) + 1;
    if (run_end > end) run_end = end;
    spend_charge(r, [&] {
      for (uint64_t page = run; page < run_end; page += kPageSize) {
        uint64_t pa = r.provider->resident_page(r.offset + (page - r.start));
        if (!pa) continue;
        if (!table_.map(page, pa, r.pte_flags)) return false;
        ++r.pages;
      }
      return true;
    });
    run = run_end;
  }
  // An earlier access may have left an invalid entry for these pages in
  // this hart's TLB (another hart with one faults, and fault_in drops it).
  asm volatile("sfence.vma zero, %0" ::"r"(uint64_t(asid_.asid)) : "memory");
  if (r.pte_flags & pte::kExec && r.pages != pages_before) smp::sync_instructions(this);
}

Status AddressSpace::unmap_region(uint64_t start, uint64_t size) {
  Region* r = find(start);
  if (!r || r->start != start || r->end - r->start != page_round_up(size) || size == 0) return Error::InvalidArgument;
  release_region(r);
  // Threads of this space may run on other harts: no hart may keep a
  // translation to the freed frames once the call returns.
  asm volatile("sfence.vma zero, %0" ::"r"(uint64_t(asid_.asid)) : "memory");
  smp::fence_space(this, asid_.asid);
  return {};
}

void AddressSpace::release_region(Region* r) {
  release_pages(*r);
  table_.prune(r->start, r->end);
  List::remove(&r->node);
  kernel::destroy(r);
}

void AddressSpace::release_pages(Region& r) {
  ++unmap_count_;
  // A provider owns its pages; an anonymous region's frames are ours.
  uint64_t unmapped = table_.unmap_range(r.start, r.end, !r.provider, r.pages);
  KASSERT(unmapped == r.pages);
  r.pages = 0;
  if (!r.provider) resident_pages_ -= unmapped;
  frames::unreserve(r.charge);
  r.charge = 0;
  if (r.provider) r.provider->release_pages();
  r.provider = nullptr;
}

bool AddressSpace::handle_fault(uint64_t va, Access access) { return fault_in(va, access, Fresh::Zeroed, false); }

bool AddressSpace::fault_in(uint64_t va, Access access, Fresh fresh, bool loading) {
  Region* r = find(va);
  if (!r || !allows(r->pte_flags, access)) return false;
  uint64_t page = page_round_down(va);
  if (table_.lookup(page)) {  // another path (or hart) mapped it already: drop a cached invalid entry
    asm volatile("sfence.vma %0, %1" ::"r"(page), "r"(uint64_t(asid_.asid)) : "memory");
    return true;
  }
  bool mapped = spend_charge(*r, [&] {
    if (!r->provider) return back_anonymous(*r, page, fresh);
    auto pa = r->provider->page_at(r->offset + (page - r->start));
    if (!pa || !table_.map(page, *pa, r->pte_flags)) return false;
    ++r->pages;
    return true;
  });
  if (!mapped) return false;
  // New code, or a frame that held other code (zeroed, or the provider's);
  // a load syncs once, when it is done (sync_loaded_code).
  if (r->pte_flags & pte::kExec && !loading) smp::sync_instructions(this);
  // A hart may cache the invalid entry that faulted: drop it, or the access
  // could fault again on the now valid page (privileged spec, 4.2.1).
  asm volatile("sfence.vma %0, %1" ::"r"(page), "r"(uint64_t(asid_.asid)) : "memory");
  return true;
}

template <class Touch>
bool AddressSpace::spend_charge(Region& r, Touch touch) {
  // Release up to a touch's worth of the charge, touch, and promise back
  // what the touch did not take: nothing else allocates in between.
  uint64_t budget = r.charge < kFramesPerTouch ? r.charge : kFramesPerTouch;
  frames::unreserve(budget);
  uint64_t before = frames::free_count();
  bool done = touch();
  uint64_t after = frames::free_count();
  uint64_t taken = before > after ? before - after : 0;
  uint64_t unused = budget > taken ? budget - taken : 0;
  bool promised_back = frames::reserve(unused);
  KASSERT(promised_back);
  r.charge -= budget - unused;
  return done;
}

bool AddressSpace::back_anonymous(Region& r, uint64_t page, Fresh fresh) {
  auto frame = fresh == Fresh::Zeroed ? frames::alloc_zeroed() : frames::alloc();
  bool mapped = frame && table_.map(page, *frame, r.pte_flags);
  if (frame && !mapped) frames::free(*frame);
  if (mapped) {
    ++resident_pages_;
    ++r.pages;
  }
  return mapped;
}

AddressSpace::Fresh AddressSpace::fresh_for(uint64_t va, uint64_t chunk, bool check_user) {
  return !check_user && va % kPageSize == 0 && chunk == kPageSize ? Fresh::Overwritten : Fresh::Zeroed;
}

uint8_t* AddressSpace::resolve(uint64_t va, Access access, bool check_user, Fresh fresh) {
  if (va >= kUserTop) return nullptr;
  if (!check_user && access == Access::Write) {
    // Loading may fill the owner's own read-only memory, never a shared
    // buffer or device it was not given the right to write.
    Region* r = find(va);
    if (r && r->provider && !(r->pte_flags & pte::kWrite)) return nullptr;
    if (r && r->pte_flags & pte::kExec) loaded_code_ = true;
  }
  uint64_t entry = table_.lookup(va);
  if (!entry) {
    if (!fault_in(va, check_user ? access : Access::Read, fresh, !check_user)) return nullptr;
    entry = table_.lookup(va);
  }
  if (check_user && (!(entry & pte::kUser) || !allows(entry, access))) return nullptr;
  // Device registers are not in the kernel's map, and reading one may have
  // side effects: no syscall reaches them.
  if (entry & pte::kDevice) return nullptr;
  return phys_to_virt<uint8_t>(pte::address(entry) + (va % kPageSize));
}

Status AddressSpace::copy_in(void* dst, uint64_t user_src, uint64_t length) {
  auto* out = static_cast<uint8_t*>(dst);
  if (user_src + length < user_src) return Error::BadAddress;
  while (length > 0) {
    uint8_t* src = resolve(user_src, Access::Read);
    if (!src) return Error::BadAddress;
    uint64_t chunk = kPageSize - (user_src % kPageSize);
    if (chunk > length) chunk = length;
    __builtin_memcpy(out, src, chunk);
    out += chunk;
    user_src += chunk;
    length -= chunk;
  }
  return {};
}

Status AddressSpace::copy_out(uint64_t user_dst, const void* src, uint64_t length) {
  return copy_to_space(user_dst, src, length, true);
}

Status AddressSpace::load(uint64_t user_dst, const void* src, uint64_t length) {
  Status loaded = copy_to_space(user_dst, src, length, false);
  sync_loaded_code();
  return loaded;
}

void AddressSpace::sync_loaded_code() {
  // (Even after a failed load: the bytes before the failure were stored.)
  if (!loaded_code_) return;
  loaded_code_ = false;
  smp::sync_instructions(this);
}

Status AddressSpace::copy_to_space(uint64_t user_dst, const void* src, uint64_t length, bool check_user) {
  auto* in = static_cast<const uint8_t*>(src);
  if (user_dst + length < user_dst) return Error::BadAddress;
  while (length > 0) {
    uint64_t chunk = kPageSize - (user_dst % kPageSize);
    if (chunk > length) chunk = length;
    uint8_t* dst = resolve(user_dst, Access::Write, check_user, fresh_for(user_dst, chunk, check_user));
    if (!dst) return Error::BadAddress;
    __builtin_memcpy(dst, in, chunk);
    in += chunk;
    user_dst += chunk;
    length -= chunk;
  }
  return {};
}

bool AddressSpace::accessible(uint64_t va, uint64_t length, Access access) {
  if (length == 0) return true;
  if (va + length < va) return false;
  for (uint64_t page = page_round_down(va); page < va + length; page += kPageSize) {
    if (!resolve(page < va ? va : page, access)) return false;
  }
  return true;
}

Status AddressSpace::copy_across(AddressSpace& dst, uint64_t dst_va, AddressSpace& src, uint64_t src_va,
                                 uint64_t length, bool check_user) {
  Status copied = copy_pages_across(dst, dst_va, src, src_va, length, check_user);
  // Only a load may write code: user rights never allow writing it (W^X).
  if (!check_user) dst.sync_loaded_code();
  return copied;
}

Status AddressSpace::copy_pages_across(AddressSpace& dst, uint64_t dst_va, AddressSpace& src, uint64_t src_va,
                                       uint64_t length, bool check_user) {
  if (dst_va + length < dst_va || src_va + length < src_va) return Error::BadAddress;
  while (length > 0) {
    uint64_t chunk = kPageSize - (dst_va % kPageSize);
    uint64_t src_chunk = kPageSize - (src_va % kPageSize);
    if (src_chunk < chunk) chunk = src_chunk;
    if (chunk > length) chunk = length;
    // The source first: a page left unzeroed must be filled at once.
    const uint8_t* from = src.resolve(src_va, Access::Read);
    if (!from) return Error::BadAddress;
    uint8_t* to = dst.resolve(dst_va, Access::Write, check_user, fresh_for(dst_va, chunk, check_user));
    if (!to) return Error::BadAddress;
    __builtin_memcpy(to, from, chunk);
    dst_va += chunk;
    src_va += chunk;
    length -= chunk;
  }
  return {};
}


}  // namespace kernel
