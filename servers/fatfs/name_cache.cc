// NameCache: a direct-mapped table keyed by directory and case-folded name.
#include "name_cache.h"

namespace fatfs {

uint32_t NameCache::hash(uint32_t dir, const LongName& name) {
  // FNV-1a over the directory and the name as FAT compares it (ASCII
  // letters without case), so that names same_name() equates collide.
  uint32_t h = 2166136261u ^ dir;
  for (uint32_t i = 0; i < name.length; ++i) {
    uint16_t c = name.chars[i];
    if (c >= 'a' && c <= 'z') c = uint16_t(c - 32);
    h = (h ^ c) * 16777619u;
  }
  return h;
}

bool NameCache::find(uint32_t dir, const LongName& name, uint64_t generation, SlotPosition& out) const {
  uint32_t h = hash(dir, name);
  const Line& line = lines_[h % kLines];
  if (!line.used || line.generation != generation || line.dir != dir || line.hash != h) return false;
  out = line.at;
  return true;
}

void NameCache::remember(uint32_t dir, const LongName& name, uint64_t generation, SlotPosition at) {
  uint32_t h = hash(dir, name);
  lines_[h % kLines] = {generation, at, dir, h, true};
}

}  // namespace fatfs
