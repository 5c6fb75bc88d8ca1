// What the fuzzer holds while it runs: the handles it made (live ones by
// type, and values it closed or moved away), the memory regions it mapped,
// and the helper threads it started. Arguments are drawn from here, so a
// call gets valid, stale, reused and rights-reduced handles of every type.
//
// The fuzzer's own memory (image, stack, the scratch and argument pages) is
// never in the region list: no call it makes may unmap or overwrite it.
#pragma once

#include <cstddef>
#include <cstdint>

#include "abi/rights.h"
#include "random.h"

namespace fuzz {

struct Handle {
  uint32_t value;
  abi::ObjectType type;
};

struct Region {
  uint64_t address;
  uint64_t size;
};

class World {
 public:
  static constexpr size_t kMaxLive = 192;
  static constexpr size_t kMaxDead = 64;
  static constexpr size_t kMaxRegions = 24;
  static constexpr size_t kHelperSlots = 8;
  static constexpr size_t kHelperStackBytes = 16 * 1024;

  // Maps the scratch pages the arguments point into.
  bool init();

  // A handle to add; the type comes from handle_info (anything not a live
  // handle is ignored). Trims the pool when it is full.
  void add_handle(uint32_t value);
  // Channel ends made together, so that a call can target an end a
  // helper serves: the other end of value, or 0 if not known.
  void add_pair(uint32_t a, uint32_t b);
  uint32_t peer_of(uint32_t value) const;
  // A victim process (victim.h): a copy of its handle is kept out of the
  // pool, so that every victim is killed and waited for before the fuzzer
  // ends (the oldest first when the list is full), whatever the fuzzing
  // did with the pool's handle.
  void add_victim(uint32_t process);
  // A handle to an object the fuzzer cannot make (a device): kept out of
  // the pool, and duplicated into it whenever the pool has none of its type.
  void add_source(uint32_t value);
  // Checks every live handle and keeps the dead ones as stale values.
  void refresh();
  void close_all();
  size_t live_count() const { return live_count_; }

  // A handle argument: usually a live one (of `wanted` type if not None),
  // sometimes closed, reused, forged, zero or with upper bits set.
  uint64_t handle(Random& r, abi::ObjectType wanted);
  // A process argument where 0 means the caller: 0 or handle().
  uint64_t process_or_self(Random& r) { return r.percent(30) ? 0 : handle(r, abi::ObjectType::Process); }

  // A pointer the kernel reads from: valid scratch, misaligned, unmapped,
  // kernel, null, wrapping, or the start of a region the fuzzer mapped.
  uint64_t readable(Random& r);
  // A pointer the kernel may write to in this process: never anything but
  // the scratch page or addresses that are not the fuzzer's memory.
  uint64_t writable(Random& r);
  // A length: 0, small, page-sized, huge or all ones.
  static uint64_t length(Random& r);
  // An address for mem_unmap: a mapped region's, misaligned or invalid.
  uint64_t unmappable(Random& r, uint64_t& size);
  void add_region(uint64_t address, uint64_t size);
  void forget_region(uint64_t address);
  // Unmaps the oldest region when the list is full.
  void trim_regions();

  // A free helper stack (its top) and its slot, or false if none is free.
  bool take_helper(Random& r, size_t& slot, uint64_t& stack_top);
  volatile bool helper_busy[kHelperSlots] = {};
  // What each helper does, set before it starts (helpers.cc).
  uint64_t helper_job[kHelperSlots] = {};
  uint64_t helper_handle[kHelperSlots] = {};

  // Where the kernel reads and writes this thread's IPC buffer: the start
  // of scratch at first, then whatever set_ipc_buffer last accepted.
  uint64_t ipc_buffer = 0;

  uint64_t scratch() const { return scratch_; }
  static constexpr uint64_t kScratchBytes = 16 * 1024;

 private:
  Handle live_[kMaxLive] = {};
  size_t live_count_ = 0;
  uint32_t dead_[kMaxDead] = {};
  size_t dead_count_ = 0;
  size_t dead_next_ = 0;
  static constexpr size_t kMaxPairs = 64;
  uint32_t pairs_[kMaxPairs][2] = {};
  size_t pair_next_ = 0;
  static constexpr size_t kMaxVictims = 16;
  uint32_t victims_[kMaxVictims] = {};
  size_t victim_count_ = 0;
  void end_oldest_victim();
  Handle sources_[8] = {};
  size_t source_count_ = 0;
  Region regions_[kMaxRegions] = {};
  size_t region_count_ = 0;
  uint64_t scratch_ = 0;
  uint64_t helper_stacks_ = 0;

  void remember_dead(uint32_t value);
};

}  // namespace fuzz
