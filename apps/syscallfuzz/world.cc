#include "world.h"

#include <string.h>

#include "ipc/syscall.h"

namespace fuzz {

namespace {

// Addresses that are never the fuzzer's memory.
constexpr uint64_t kInvalidAddresses[] = {
    0,
    ~0ull,
    0xffffffc080200000,  // the kernel's image
    0xffffffd000001000,  // the kernel stack region
    0x0000004000000000,  // the first address above user space
    0x0000003ffffff000,  // the unmapped page above the main stack
    0x0000000c00000000,  // unmapped (image range, far above any image)
    0x8000000000000000,
    0x0000000000000008,
};

abi::ObjectType type_of(uint32_t value) {
  int64_t info = sys::handle_info(value);
  return info < 0 ? abi::ObjectType::None : static_cast<abi::ObjectType>(uint64_t(info) >> 32);
}

}  // namespace

bool World::init() {
  int64_t scratch = sys::mem_map(kScratchBytes, abi::kProtRead | abi::kProtWrite);
  int64_t stacks = sys::mem_map(kHelperSlots * kHelperStackBytes, abi::kProtRead | abi::kProtWrite);
  if (sys::failed(scratch) || sys::failed(stacks)) return false;
  scratch_ = uint64_t(scratch);
  helper_stacks_ = uint64_t(stacks);
  // Text the kernel may print (debug_write) stays readable on the console.
  memset(reinterpret_cast<void*>(scratch_), '.', kScratchBytes);
  return true;
}

void World::remember_dead(uint32_t value) {
  if (dead_count_ < kMaxDead) {
    dead_[dead_count_++] = value;
  } else {
    dead_[dead_next_] = value;
    dead_next_ = (dead_next_ + 1) % kMaxDead;
  }
}

void World::add_handle(uint32_t value) {
  abi::ObjectType type = type_of(value);
  if (type == abi::ObjectType::None) return;
  for (size_t i = 0; i < live_count_; ++i) {
    if (live_[i].value == value) return;
  }
  if (live_count_ == kMaxLive) {
    // Full: close the oldest half, so the table neither grows without bound
    // nor stays the same for the rest of the run. Device handles stay: they
    // were given once and cannot be made again.
    size_t kept = 0;
    for (size_t i = 0; i < live_count_; ++i) {
      bool device = live_[i].type == abi::ObjectType::Irq || live_[i].type == abi::ObjectType::MmioRange;
      if (i < kMaxLive / 2 && !device) {
        (void)sys::handle_close(live_[i].value);
        remember_dead(live_[i].value);
      } else {
        live_[kept++] = live_[i];
      }
    }
    live_count_ = kept;
  }
  live_[live_count_++] = Handle{value, type};
}

void World::add_pair(uint32_t a, uint32_t b) {
  pairs_[pair_next_][0] = a;
  pairs_[pair_next_][1] = b;
  pair_next_ = (pair_next_ + 1) % kMaxPairs;
}

uint32_t World::peer_of(uint32_t value) const {
  for (const auto& pair : pairs_) {
    if (pair[0] == value) return pair[1];
    if (pair[1] == value) return pair[0];
  }
  return 0;
}

void World::add_victim(uint32_t process) {
  if (victim_count_ == kMaxVictims) end_oldest_victim();
  int64_t copy = sys::handle_dup(process, abi::rights::kWait | abi::rights::kManage);
  if (copy >= 0) victims_[victim_count_++] = uint32_t(copy);
  add_handle(process);
}

void World::end_oldest_victim() {
  (void)sys::process_kill(victims_[0]);
  (void)sys::process_wait(victims_[0]);
  (void)sys::handle_close(victims_[0]);
  memmove(victims_, victims_ + 1, sizeof(uint32_t) * --victim_count_);
}

void World::add_source(uint32_t value) {
  abi::ObjectType type = type_of(value);
  if (type != abi::ObjectType::None && source_count_ < 8) sources_[source_count_++] = Handle{value, type};
}

void World::refresh() {
  size_t kept = 0;
  for (size_t i = 0; i < live_count_; ++i) {
    if (type_of(live_[i].value) == live_[i].type) {
      live_[kept++] = live_[i];
    } else {
      remember_dead(live_[i].value);
    }
  }
  live_count_ = kept;
  for (size_t s = 0; s < source_count_; ++s) {
    bool present = false;
    for (size_t i = 0; i < live_count_ && !present; ++i) present = live_[i].type == sources_[s].type;
    if (!present) add_handle(uint32_t(sys::handle_dup(sources_[s].value, uint32_t(sys::handle_info(sources_[s].value)))));
  }
}

void World::close_all() {
  while (victim_count_) end_oldest_victim();
  for (size_t i = 0; i < live_count_; ++i) (void)sys::handle_close(live_[i].value);
  live_count_ = 0;
  for (size_t i = 0; i < region_count_; ++i) (void)sys::mem_unmap(regions_[i].address, regions_[i].size);
  region_count_ = 0;
}

uint64_t World::handle(Random& r, abi::ObjectType wanted) {
  unsigned roll = unsigned(r.below(100));
  if (roll < 70 && live_count_ > 0) {
    if (wanted != abi::ObjectType::None && r.percent(60)) {
      size_t start = r.below(live_count_);
      for (size_t i = 0; i < live_count_; ++i) {
        const Handle& h = live_[(start + i) % live_count_];
        if (h.type == wanted) return h.value;
      }
    }
    return live_[r.below(live_count_)].value;
  }
  if (roll < 82 && dead_count_ > 0) return dead_[r.below(dead_count_)];  // closed or reused
  switch (r.below(6)) {
    case 0: return 0;
    case 1: return ~0ull;
    case 2: return r.next() & 0xffffffff;  // forged
    case 3: return (live_count_ ? live_[r.below(live_count_)].value : 1) | (1ull << (32 + r.below(32)));
    case 4: return r.below(16);
    default: return r.next();
  }
}

uint64_t World::readable(Random& r) {
  switch (r.below(6)) {
    case 0:
    case 1: return scratch_ + r.below(kScratchBytes / 2);  // valid, often misaligned
    case 2: return scratch_ + kScratchBytes - r.below(64);  // runs off the end
    case 3:
      if (region_count_) return regions_[r.below(region_count_)].address + r.below(8);
      return scratch_;
    default: return r.pick(kInvalidAddresses);
  }
}

uint64_t World::writable(Random& r) {
  if (r.percent(50)) return scratch_ + r.below(kScratchBytes);
  return r.pick(kInvalidAddresses);
}

uint64_t World::length(Random& r) {
  switch (r.below(8)) {
    case 0: return 0;
    case 1: return r.below(16);
    case 2: return r.below(300);
    case 3: return 4096 * (1 + r.below(4));
    case 4: return 4096 * r.below(1024) + r.below(2);
    case 5: return 1ull << r.below(64);
    case 6: return ~0ull - r.below(4096);
    default: return r.below(5000);
  }
}

uint64_t World::unmappable(Random& r, uint64_t& size) {
  if (region_count_ && r.percent(70)) {
    const Region& region = regions_[r.below(region_count_)];
    size = r.percent(80) ? region.size : length(r);
    return region.address + (r.percent(90) ? 0 : r.below(4096));
  }
  size = length(r);
  return r.pick(kInvalidAddresses);
}

void World::add_region(uint64_t address, uint64_t size) {
  trim_regions();
  regions_[region_count_++] = Region{address, size};
}

void World::forget_region(uint64_t address) {
  for (size_t i = 0; i < region_count_; ++i) {
    if (regions_[i].address == address) {
      regions_[i] = regions_[--region_count_];
      return;
    }
  }
}

void World::trim_regions() {
  if (region_count_ < kMaxRegions) return;
  (void)sys::mem_unmap(regions_[0].address, regions_[0].size);
  regions_[0] = regions_[--region_count_];
}

bool World::take_helper(Random& r, size_t& slot, uint64_t& stack_top) {
  size_t start = r.below(kHelperSlots);
  for (size_t i = 0; i < kHelperSlots; ++i) {
    size_t s = (start + i) % kHelperSlots;
    if (helper_busy[s]) continue;
    slot = s;
    stack_top = helper_stacks_ + (s + 1) * kHelperStackBytes;
    return true;
  }
  return false;
}

}  // namespace fuzz
