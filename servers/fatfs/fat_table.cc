// FatTable: the 12-, 16- and 28-bit entry formats and chain walking; see
// fat_table.h.
#include "fat_table.h"

#include "le.h"

namespace fatfs {

namespace {

// End-of-chain and bad-cluster values of each type.
uint32_t end_min(FatType t) { return t == FatType::Fat12 ? 0xFF8 : t == FatType::Fat16 ? 0xFFF8 : 0x0FFFFFF8; }
uint32_t bad_value(FatType t) { return end_min(t) - 1; }

}  // namespace

uint64_t FatTable::entry_byte(uint32_t fat, uint32_t cluster) const {
  uint64_t base = g_.sector_byte(g_.reserved_sectors + uint64_t(fat) * g_.fat_sectors);
  switch (g_.type) {
    case FatType::Fat12:
      return base + cluster + cluster / 2;
    case FatType::Fat16:
      return base + uint64_t(cluster) * 2;
    case FatType::Fat32:
      return base + uint64_t(cluster) * 4;
  }
  return base;
}

Result<uint32_t> FatTable::read_entry(uint32_t fat, uint32_t cluster) {
  uint64_t at = entry_byte(fat, cluster);
  auto p = disk_.read(at);
  if (!p) return p.error();
  if (g_.type == FatType::Fat32) return le32(*p) & 0x0FFFFFFF;
  if (g_.type == FatType::Fat16) return uint32_t(le16(*p));
  // A FAT12 entry may straddle two blocks: read its bytes one at a time.
  uint32_t lo = (*p)[0];
  auto q = disk_.read(at + 1);
  if (!q) return q.error();
  uint32_t pair = lo | uint32_t((*q)[0]) << 8;
  return (cluster & 1) ? pair >> 4 : pair & 0xFFF;
}

Status FatTable::write_entry(uint32_t fat, uint32_t cluster, uint32_t value) {
  uint64_t at = entry_byte(fat, cluster);
  auto p = disk_.modify(at);
  if (!p) return p.error();
  if (g_.type == FatType::Fat32) {
    // The top four bits are reserved: keep what is there.
    put32(*p, (le32(*p) & 0xF0000000) | (value & 0x0FFFFFFF));
    return {};
  }
  if (g_.type == FatType::Fat16) {
    put16(*p, uint16_t(value));
    return {};
  }
  if (cluster & 1) {
    (*p)[0] = uint8_t(((*p)[0] & 0x0F) | (value << 4 & 0xF0));
    auto q = disk_.modify(at + 1);
    if (!q) return q.error();
    (*q)[0] = uint8_t(value >> 4);
  } else {
    (*p)[0] = uint8_t(value);
    auto q = disk_.modify(at + 1);
    if (!q) return q.error();
    (*q)[0] = uint8_t(((*q)[0] & 0xF0) | (value >> 8 & 0x0F));
  }
  return {};
}

Result<uint32_t> FatTable::get(uint32_t cluster) {
  if (!g_.valid_cluster(cluster)) return Error::IoError;
  auto v = read_entry(g_.mirrored ? 0 : g_.active_fat, cluster);
  if (!v) return v.error();
  return *v >= end_min(g_.type) ? kEnd : *v;
}

Result<uint32_t> FatTable::next(uint32_t cluster) {
  auto v = get(cluster);
  if (!v) return v.error();
  if (*v == kEnd || g_.valid_cluster(*v)) return *v;
  return Error::IoError;  // free, bad or out of range in the middle of a chain
}

Status FatTable::set(uint32_t cluster, uint32_t value) {
  if (!g_.valid_cluster(cluster)) return Error::IoError;
  uint32_t raw = value == kEnd ? (g_.type == FatType::Fat32 ? 0x0FFFFFFF : end_min(g_.type) | 7) : value;
  for (uint32_t fat = 0; fat < g_.fat_count; ++fat) {
    if (!g_.mirrored && fat != g_.active_fat) continue;
    TRY(write_entry(fat, cluster, raw));
  }
  return {};
}

Status FatTable::scan() {
  free_ = 0;
  for (uint32_t c = 2; c - 2 < g_.cluster_count; ++c) {
    auto v = get(c);
    if (!v) return v.error();
    if (*v == 0) ++free_;
  }
  return {};
}

Result<uint32_t> FatTable::allocate(uint32_t after) {
  if (free_ == 0) return Error::NoSpace;
  uint32_t c = g_.valid_cluster(hint_) ? hint_ : 2;
  for (uint32_t tried = 0; tried < g_.cluster_count; ++tried) {
    auto v = get(c);
    if (!v) return v.error();
    if (*v == 0) {
      // The new cluster ends its chain before anything points at it.
      TRY(set(c, kEnd));
      if (after) TRY(set(after, c));
      --free_;
      hint_ = g_.valid_cluster(c + 1) ? c + 1 : 2;
      return c;
    }
    c = g_.valid_cluster(c + 1) ? c + 1 : 2;
  }
  free_ = 0;  // the count was wrong: there is no free cluster
  return Error::NoSpace;
}

Status FatTable::free_chain(uint32_t first) {
  uint32_t c = first;
  for (uint32_t steps = 0; c != kEnd; ++steps) {
    if (steps > g_.cluster_count) return Error::IoError;
    auto v = get(c);
    if (!v) return v.error();
    if (*v == 0 || *v == bad_value(g_.type)) return Error::IoError;
    TRY(set(c, 0));
    ++free_;
    if (c < hint_) hint_ = c;
    if (*v != kEnd && !g_.valid_cluster(*v)) return Error::IoError;
    c = *v;
  }
  return {};
}

Result<uint32_t> FatTable::chain_length(uint32_t first) {
  if (!g_.valid_cluster(first)) return Error::IoError;
  uint32_t length = 1;
  // A chain without a loop ends within as many links as there are clusters.
  for (uint32_t c = first;; ++length) {
    if (length > g_.cluster_count) return Error::IoError;
    auto n = next(c);
    if (!n) return n.error();
    if (*n == FatTable::kEnd) return length;
    c = *n;
  }
}

Result<uint32_t> FatTable::consecutive(uint32_t cluster, uint32_t max) {
  uint32_t n = 0;
  while (n < max) {
    uint32_t c = cluster + n;
    if (g_.type == FatType::Fat12) {  // entries straddle blocks: one at a time
      auto v = next(c);
      if (!v) return v.error();
      if (*v != c + 1) return n;
      ++n;
      continue;
    }
    uint64_t at = entry_byte(read_fat(), c);
    auto p = disk_.read(at);
    if (!p) return p.error();
    uint32_t in_block = disk_.room(at) / width();
    uint32_t take = in_block < max - n ? in_block : max - n;
    // A link past the last cluster is never one of the run: stop before it.
    uint32_t inside = g_.cluster_count + 1 - c;
    bool at_end = take > inside;
    if (at_end) take = inside;
    // Entries sit aligned in the block (the FAT starts on a sector): one
    // load each, the hot loop of every long read and write.
    uint32_t k = 0;
    if (width() == 4) {
      while (k < take && (le32_aligned(*p + k * 4) & 0x0FFFFFFF) == c + k + 1) ++k;
    } else {
      while (k < take && le16_aligned(*p + k * 2) == c + k + 1) ++k;
    }
    n += k;
    if (k < take || at_end) return n;
  }
  return n;
}

Result<uint32_t> FatTable::extend(uint32_t last, uint32_t want) {
  if (!g_.valid_cluster(last)) return Error::IoError;
  if (want > free_) want = free_;
  if (g_.type == FatType::Fat12) {
    // Entries straddle blocks: one cluster at a time, as allocate() does.
    uint32_t n = 0;
    for (; n < want && g_.valid_cluster(last + n + 1); ++n) {
      auto v = get(last + n + 1);
      if (!v) return v.error();
      if (*v != 0) break;
      TRY(set(last + n + 1, kEnd));
      TRY(set(last + n, last + n + 1));
      --free_;
    }
    if (n) hint_ = g_.valid_cluster(last + n + 1) ? last + n + 1 : 2;
    return n;
  }
  // How many free ones follow, a FAT block at a time.
  uint32_t n = 0;
  while (n < want && g_.valid_cluster(last + n + 1)) {
    uint64_t at = entry_byte(read_fat(), last + n + 1);
    auto p = disk_.read(at);
    if (!p) return p.error();
    uint32_t in_block = disk_.room(at) / width(), k = 0;
    for (; k < in_block && n < want && g_.valid_cluster(last + n + 1); ++k, ++n) {
      uint32_t v = width() == 4 ? le32_aligned(*p + k * 4) & 0x0FFFFFFF : le16_aligned(*p + k * 2);
      if (v != 0) break;
    }
    if (k < in_block && n < want && g_.valid_cluster(last + n + 1)) break;  // a used one
  }
  if (n == 0) return 0u;
  // Entries last .. last+n-1 link to the next; last+n ends the chain.
  uint32_t end = g_.type == FatType::Fat32 ? 0x0FFFFFFF : 0xFFFF;
  for (uint32_t fat = 0; fat < g_.fat_count; ++fat) {
    if (!g_.mirrored && fat != g_.active_fat) continue;
    for (uint32_t i = 0; i <= n;) {
      uint64_t at = entry_byte(fat, last + i);
      auto p = disk_.modify(at);
      if (!p) return p.error();
      uint32_t in_block = disk_.room(at) / width();
      for (uint32_t k = 0; k < in_block && i <= n; ++k, ++i) {
        uint32_t value = i == n ? end : last + i + 1;
        if (width() == 4)
          put32_aligned(*p + k * 4, (le32_aligned(*p + k * 4) & 0xF0000000) | value);  // the top four bits are reserved
        else
          put16_aligned(*p + k * 2, uint16_t(value));
      }
    }
  }
  free_ -= n;
  hint_ = g_.valid_cluster(last + n + 1) ? last + n + 1 : 2;
  return n;
}

Result<uint32_t> FatTable::walk(uint32_t first, uint32_t index) {
  if (!g_.valid_cluster(first)) return Error::IoError;
  if (index >= g_.cluster_count) return Error::IoError;
  uint32_t c = first;
  for (uint32_t i = 0; i < index; ++i) {
    auto n = next(c);
    if (!n) return n.error();
    if (*n == kEnd) return Error::IoError;
    c = *n;
  }
  return c;
}

}  // namespace fatfs
