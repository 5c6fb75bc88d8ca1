// fatfs::FatTable: the file allocation table — one entry per cluster, the
// next cluster of a chain, free (0), or end of chain. Reads come from the
// active FAT; writes go to every copy (unless FAT32 mirroring is off). It
// keeps the free count and the next-free hint FSInfo publishes.
//
// A hostile image cannot make it loop or reach outside the volume: a link
// to a cluster that does not exist, or to a free one, is IoError, and a
// walk longer than the volume has clusters is a loop (IoError).
#pragma once

#include <cstdint>

#include "bpb.h"
#include "disk.h"
#include "result.h"

namespace fatfs {

class FatTable {
 public:
  static constexpr uint32_t kEnd = 0x0FFFFFFF;  // end of chain, as the caller sees it

  FatTable(Disk& disk, const Geometry& g) : disk_(disk), g_(g) {}

  // Counts the free clusters (at mount).
  Status scan();
  uint32_t free_count() const { return free_; }
  uint32_t next_free_hint() const { return hint_; }
  // Where allocation starts looking (FSInfo's hint, when it is valid).
  void set_hint(uint32_t cluster) {
    if (g_.valid_cluster(cluster)) hint_ = cluster;
  }

  // The raw entry of cluster (normalised: any end-of-chain value is kEnd).
  Result<uint32_t> get(uint32_t cluster);
  // The cluster after cluster in a chain: a valid cluster or kEnd;
  // IoError for a free, bad or out-of-range link.
  Result<uint32_t> next(uint32_t cluster);
  Status set(uint32_t cluster, uint32_t value);

  // A free cluster, marked end of chain and linked after `after` (0: a new
  // chain). NoSpace when none is left.
  Result<uint32_t> allocate(uint32_t after);
  // Frees the chain from first on. A chain that runs into a free cluster
  // or out of the volume is IoError, with what came before already freed.
  Status free_chain(uint32_t first);
  // How many clusters the chain from first has: IoError for a chain that
  // loops (it would never end), leaves the volume or runs into a free one.
  Result<uint32_t> chain_length(uint32_t first);
  // How many clusters after `cluster` (a valid one) follow it one by one in
  // its chain (cluster+1, cluster+2, …), up to max: a file's data that one
  // device request can move. Reads the FAT a block at a time.
  Result<uint32_t> consecutive(uint32_t cluster, uint32_t max);
  // Takes up to want free clusters right after `last` (the end of a chain)
  // and links them on: last+1, last+2, …, the chain ending at the last one
  // taken. How many it took (0 if last+1 is not free). A block of the FAT
  // at a time; the end mark lands with the links, in the same epoch.
  Result<uint32_t> extend(uint32_t last, uint32_t want);
  // The cluster `index` links after first (IoError if the chain is shorter).
  Result<uint32_t> walk(uint32_t first, uint32_t index);

 private:
  uint64_t entry_byte(uint32_t fat, uint32_t cluster) const;
  Result<uint32_t> read_entry(uint32_t fat, uint32_t cluster);
  Status write_entry(uint32_t fat, uint32_t cluster, uint32_t value);
  uint32_t width() const { return g_.type == FatType::Fat32 ? 4 : 2; }  // FAT16/32 entry bytes
  uint32_t read_fat() const { return g_.mirrored ? 0 : g_.active_fat; }

  Disk& disk_;
  const Geometry& g_;
  uint32_t free_ = 0;
  uint32_t hint_ = 2;
};

}  // namespace fatfs
