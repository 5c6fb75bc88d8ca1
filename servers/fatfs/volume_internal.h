// What the Volume's files share that the header does not show: the result
// of walking a path.
#pragma once

#include "volume.h"

namespace fatfs {

constexpr uint32_t kMaxDepth = 256;  // directories a path may walk through

struct Volume::Located {
  bool root;                      // the path is the root itself
  bool exists;                    // the last component names an entry (always for the root)
  uint32_t dir;                   // first cluster of the directory the last component is in
  LongName leaf;                  // the last component
  Entry entry;                    // its entry, when it exists
  uint32_t ancestors[kMaxDepth];  // every directory walked, the root first, dir last
  uint32_t depth;
};

inline uint32_t clusters_for(uint64_t bytes, uint32_t cluster_bytes) {
  return uint32_t((bytes + cluster_bytes - 1) / cluster_bytes);
}

}  // namespace fatfs
