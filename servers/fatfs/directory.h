// fatfs::Directory: the 32-byte slots of one directory — the fixed root of
// FAT12/16 or a cluster chain — read as entries with their long names, and
// changed a whole entry (LFN slots and short slot) at a time.
//
// A directory is at most 65536 slots (the specification's limit); a chain
// longer than that is a loop or garbage, and IoError.
#pragma once

#include <cstdint>

#include "bpb.h"
#include "disk.h"
#include "fat_table.h"
#include "name_cache.h"
#include "names.h"
#include "result.h"

namespace fatfs {

constexpr uint32_t kEntrySize = 32;
constexpr uint32_t kMaxSlotsPerEntry = 21;  // 20 LFN slots of 13 characters + the short one
constexpr uint32_t kMaxDirSlots = 65536;

namespace attr {
constexpr uint8_t kReadOnly = 0x01, kHidden = 0x02, kSystem = 0x04, kVolumeId = 0x08, kDirectory = 0x10,
                  kArchive = 0x20, kLongName = 0x0F;
}

// One directory entry as found.
struct Entry {
  uint8_t raw[kEntrySize];            // the short entry
  uint64_t slots[kMaxSlotsPerEntry];  // byte of each slot, the short one last
  uint32_t slot_count;
  uint32_t next_slot;  // the index of the slot after it in its directory
  LongName name;       // the long name, or the short one as text

  uint64_t pos() const { return slots[slot_count - 1]; }
  SlotPosition start() const { return {slots[0], next_slot - slot_count}; }
  bool is_dir() const { return raw[11] & attr::kDirectory; }
  uint32_t first_cluster(FatType type) const;
  uint32_t size() const;
};

// Where a new entry will go: slot_count consecutive free slots.
struct SlotRun {
  uint64_t slots[kMaxSlotsPerEntry];
  uint32_t slot_count;
  uint32_t first_index;  // of slots[0] in the directory

  SlotPosition start() const { return {slots[0], first_index}; }
};

class Directory {
 public:
  // cluster 0 is FAT12/16's fixed root.
  Directory(Disk& disk, FatTable& fat, const Geometry& g, uint32_t cluster)
      : disk_(disk), fat_(fat), g_(g), cluster_(cluster) {}

  // Calls visit(entry) for every live entry but "." and "..", in order,
  // until it returns true.
  // from_slot: start there instead (the next_slot of an entry seen before).
  template <class Visit>
  Status each(Visit&& visit, uint32_t from_slot = 0) {
    return scan_with(
        &visit, [](void* context, const Entry& e) { return (*static_cast<Visit*>(context))(e); },
        SlotPosition{0, from_slot});
  }
  // NotFound if no entry has that long or short name.
  Result<Entry> find(const LongName& name);
  // The entry that starts at `at` (a position an earlier scan of this
  // directory gave), if it has that name; NotFound if not.
  Result<Entry> find_at(const LongName& name, SlotPosition at);
  // Whether any entry (live) has this 11-byte short name.
  Result<bool> has_short(const uint8_t* short_name);
  Result<bool> empty();

  // Finds (growing the directory if it must) room for an entry with this
  // name, and the short name it will have: the name itself when it is a
  // valid 8.3 name, else a unique alias.
  Status reserve(const LongName& name, SlotRun& run, uint8_t* short_name);
  // Writes the entry into the reserved run: LFN slots, then raw (whose
  // first 11 bytes are the short name from reserve()).
  Status write(const SlotRun& run, const LongName& name, const uint8_t* raw);
  // Marks every slot of the entry free.
  Status erase(const Entry& entry);

 private:
  class Cursor;
  using Visitor = bool (*)(void*, const Entry&);
  // From slot from.index; from.byte, when not 0, is where that slot is,
  // so the scan starts there instead of walking to it.
  Status scan_with(void* context, Visitor visit, SlotPosition from);
  Status grow(uint32_t last_cluster);
  // The first run of count free slots (growing the directory if none is
  // left) in one pass that also sets taken when a live entry has the short
  // name check (if not null).
  Status find_room(uint32_t count, const uint8_t* check, SlotRun& run, bool& taken);

  Disk& disk_;
  FatTable& fat_;
  const Geometry& g_;
  uint32_t cluster_;
};

}  // namespace fatfs
