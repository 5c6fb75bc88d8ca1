// fatfs::NameCache: where recent lookups found their entries, so that a
// path walked again (a stat, an open of a known file) does not scan its
// directory from the start: a FAT directory has no index, and finding the
// 500th file of a 1,000-file directory reads a thousand slots.
//
// A position is only good for the generation of the volume's directories
// it was found in: the volume counts every change to any directory, and a
// line of another generation is a miss. So a remembered position is never
// stale; the volume still checks the name of the entry it finds there.
#pragma once

#include <cstdint>

#include "names.h"

namespace fatfs {

// Where an entry starts in its directory: its first slot (an LFN slot, or
// the short one), as a byte on the volume and an index in the directory.
struct SlotPosition {
  uint64_t byte;
  uint32_t index;
};

class NameCache {
 public:
  bool find(uint32_t dir, const LongName& name, uint64_t generation, SlotPosition& out) const;
  void remember(uint32_t dir, const LongName& name, uint64_t generation, SlotPosition at);

 private:
  static constexpr uint32_t kLines = 256;  // direct-mapped
  struct Line {
    uint64_t generation;
    SlotPosition at;
    uint32_t dir, hash;
    bool used;
  };
  static uint32_t hash(uint32_t dir, const LongName& name);

  Line lines_[kLines] = {};
};

}  // namespace fatfs
