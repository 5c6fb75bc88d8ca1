// The ASID allocator's bookkeeping, apart from the harts and the TLB so
// that host tests can run it with a small ASID width
// (tests/host/asid_allocator_test.cc). ASIDs are handed out in
// generations: when none is free, the generation rolls over, every ASID
// is free again but those in use on a hart right now, which their spaces
// keep, and every hart must flush its whole TLB before it runs another
// space. A space whose tag is of an older generation takes a new ASID the
// next time it is switched in.
#pragma once

#include <cstddef>
#include <cstdint>

namespace kernel::asid {

constexpr uint16_t kShared = 0;  // every space whose ASID is kShared flushes on each switch

// The ASID an address space runs with and the generation it is valid in.
struct Tag {
  uint64_t generation = 0;
  uint16_t asid = kShared;
};

class Allocator {
 public:
  static constexpr unsigned kMaxCount = 1u << 16;

  // count: how many ASIDs the hart implements (1 to kMaxCount; ASID 0 is
  // kShared, never handed out alone).
  void set_count(unsigned count) {
    count_ = count;
    next_ = 1;
  }
  unsigned count() const { return count_; }
  uint64_t generation() const { return generation_; }
  bool current(const Tag& tag) const { return tag.generation == generation_; }

  // Gives tag (not of this generation) an ASID of this generation. If none
  // is free, rolls over first, has keep_live() call keep() for the space
  // live on each hart, and returns true: the caller must then have every
  // hart flush its TLB before it runs another space. kShared only if the
  // harts hold every ASID there is.
  template <typename KeepLive>
  bool renew(Tag& tag, KeepLive&& keep_live) {
    bool rolled = false;
    uint16_t asid = find_free();
    if (asid == kShared && count_ > 1) {
      roll_over();
      keep_live();
      rolled = true;
      asid = find_free();
    }
    if (asid != kShared) take(asid);
    tag = Tag{generation_, asid};
    return rolled;
  }
  // A space running on a hart across a roll-over keeps its ASID in the new
  // generation: no other space may be given it.
  void keep(Tag& tag) {
    if (tag.asid == kShared || current(tag)) return;
    take(tag.asid);
    tag.generation = generation_;
  }
  // The space is gone: its ASID is free again if it is of this generation
  // (an older one's was freed by the roll-over).
  void release(const Tag& tag) {
    if (tag.asid != kShared && current(tag)) in_use_[tag.asid / 64] &= ~(uint64_t{1} << (tag.asid % 64));
  }

 private:
  uint16_t find_free() {
    for (unsigned tried = 1; tried < count_; ++tried) {
      unsigned a = next_ + tried - 1;
      if (a >= count_) a -= count_ - 1;  // 1 .. count_-1, round robin
      if (!(in_use_[a / 64] & (uint64_t{1} << (a % 64)))) {
        next_ = a + 1 < count_ ? a + 1 : 1;
        return static_cast<uint16_t>(a);
      }
    }
    return kShared;
  }
  void take(uint16_t asid) { in_use_[asid / 64] |= uint64_t{1} << (asid % 64); }
  void roll_over() {
    ++generation_;
    for (uint64_t& word : in_use_) word = 0;
    next_ = 1;
  }

  uint64_t in_use_[kMaxCount / 64] = {};
  unsigned count_ = 1;
  unsigned next_ = 1;
  uint64_t generation_ = 1;  // a zeroed Tag (generation 0) is never current
};

}  // namespace kernel::asid
