// Directory slots, LFN assembly and entry placement; see directory.h.
#include "directory.h"

#include <string.h>

#include "le.h"

namespace fatfs {

namespace {

// Where the 13 UCS-2 characters of an LFN slot sit.
constexpr uint8_t kLfnOffsets[13] = {1, 3, 5, 7, 9, 14, 16, 18, 20, 22, 24, 28, 30};
constexpr uint32_t kCharsPerSlot = 13;

bool is_dot_entry(const uint8_t* raw) { return raw[0] == '.'; }

}  // namespace

uint32_t Entry::first_cluster(FatType type) const {
  uint32_t high = type == FatType::Fat32 ? uint32_t(le16(raw + 20)) << 16 : 0;
  return high | le16(raw + 26);
}

uint32_t Entry::size() const { return le32(raw + 28); }

// Walks the slots of a directory in order.
class Directory::Cursor {
 public:
  explicit Cursor(Directory& d) : d_(d), cluster_(d.cluster_) {}

  Status start() {
    if (cluster_ != 0 && !d_.g_.valid_cluster(cluster_)) return Error::IoError;
    done_ = cluster_ == 0 && d_.g_.root_entries == 0;
    return {};
  }
  // Jumps to a slot whose byte an earlier scan gave.
  Status seek(SlotPosition at) {
    const Geometry& g = d_.g_;
    index_ = at.index;
    if (cluster_ == 0) {
      done_ = index_ >= g.root_entries;
      return {};
    }
    uint64_t sector = at.byte / g.bytes_per_sector;
    if (sector < g.first_data_sector) return Error::IoError;
    uint64_t cluster = (sector - g.first_data_sector) / g.sectors_per_cluster + 2;
    if (cluster > ~0u || !g.valid_cluster(uint32_t(cluster))) return Error::IoError;
    cluster_ = uint32_t(cluster);
    offset_ = uint32_t(at.byte - g.cluster_byte(cluster_));
    return {};
  }
  bool done() const { return done_; }
  uint32_t index() const { return index_; }
  uint32_t last_cluster() const { return cluster_; }
  uint64_t pos() const {
    if (cluster_ == 0) return d_.g_.sector_byte(d_.g_.first_root_sector) + uint64_t(index_) * kEntrySize;
    return d_.g_.cluster_byte(cluster_) + offset_;
  }
  Status advance() {
    ++index_;
    if (cluster_ == 0) {
      done_ = index_ >= d_.g_.root_entries;
      return {};
    }
    offset_ += kEntrySize;
    if (offset_ < d_.g_.cluster_bytes) return {};
    auto next = d_.fat_.next(cluster_);
    if (!next) return next.error();
    if (*next == FatTable::kEnd) {
      done_ = true;
      return {};
    }
    if (index_ >= kMaxDirSlots) return Error::IoError;  // a loop, or garbage
    cluster_ = *next;
    offset_ = 0;
    return {};
  }

 private:
  Directory& d_;
  uint32_t cluster_;
  uint32_t offset_ = 0;
  uint32_t index_ = 0;
  bool done_ = false;
};

Status Directory::scan_with(void* context, Visitor visit, SlotPosition from) {
  Cursor cursor(*this);
  TRY(cursor.start());
  if (from.byte != 0 && !cursor.done()) TRY(cursor.seek(from));
  // Skipping slots reads no entries, only the FAT at cluster boundaries.
  while (!cursor.done() && cursor.index() < from.index) TRY(cursor.advance());
  // The LFN slots seen so far: they are only a name if they run N..1 with
  // one checksum and end right before a short entry with that checksum.
  Entry entry;
  uint16_t chars[20 * kCharsPerSlot];
  uint32_t expect = 0, total = 0, lfn_slots = 0;
  uint8_t checksum = 0;
  bool complete = false;
  for (bool first = true;; first = false) {
    if (!first) TRY(cursor.advance());
    if (cursor.done()) break;
    uint8_t raw[kEntrySize];
    auto p = disk_.read(cursor.pos());
    if (!p) return p.error();
    memcpy(raw, *p, kEntrySize);
    if (raw[0] == 0x00) break;
    if (raw[0] == 0xE5) {
      expect = 0, complete = false;
      continue;
    }
    if ((raw[11] & 0x3F) == attr::kLongName) {
      uint32_t ord = raw[0] & 0x1F;
      if (raw[0] & 0x40) {
        if (ord == 0 || ord > 20) {
          expect = 0, complete = false;
          continue;
        }
        total = ord, expect = ord, checksum = raw[13], lfn_slots = 0;
      } else if (expect == 0 || ord != expect || raw[13] != checksum) {
        expect = 0, complete = false;
        continue;
      }
      for (uint32_t k = 0; k < kCharsPerSlot; ++k) chars[(ord - 1) * kCharsPerSlot + k] = le16(raw + kLfnOffsets[k]);
      entry.slots[lfn_slots++] = cursor.pos();
      --expect;
      complete = expect == 0;
      continue;
    }
    bool named = complete && lfn_checksum(raw) == checksum;
    expect = 0, complete = false;
    if ((raw[11] & attr::kVolumeId) || is_dot_entry(raw)) continue;
    memcpy(entry.raw, raw, kEntrySize);
    entry.name.length = 0;
    if (named) {
      while (entry.name.length < total * kCharsPerSlot && chars[entry.name.length] != 0)
        entry.name.chars[entry.name.length] = chars[entry.name.length], ++entry.name.length;
      if (entry.name.length > kMaxNameChars) entry.name.length = 0;
    }
    if (entry.name.length == 0) {
      entry.name = short_name_text(raw);
      entry.slot_count = 0;
    } else {
      entry.slot_count = lfn_slots;
    }
    entry.slots[entry.slot_count++] = cursor.pos();
    entry.next_slot = cursor.index() + 1;
    if (visit(context, entry)) return {};
  }
  return {};
}

Result<Entry> Directory::find(const LongName& name) {
  Entry* found = nullptr;
  Entry copy;
  TRY(each([&](const Entry& e) {
    if (!same_name(e.name, name) && !short_name_is(e.raw, name)) return false;
    copy = e;
    found = &copy;
    return true;
  }));
  if (!found) return Error::NotFound;
  return copy;
}

Result<Entry> Directory::find_at(const LongName& name, SlotPosition at) {
  bool found = false;
  Entry copy;
  auto first_only = [&](const Entry& e) {
    found = e.start().byte == at.byte && (same_name(e.name, name) || short_name_is(e.raw, name));
    if (found) copy = e;
    return true;
  };
  TRY(scan_with(
      &first_only, [](void* context, const Entry& e) { return (*static_cast<decltype(first_only)*>(context))(e); },
      at));
  if (!found) return Error::NotFound;
  return copy;
}

Result<bool> Directory::has_short(const uint8_t* short_name) {
  bool found = false;
  TRY(each([&](const Entry& e) { return found = memcmp(e.raw, short_name, 11) == 0; }));
  return found;
}

Result<bool> Directory::empty() {
  bool any = false;
  TRY(each([&](const Entry&) { return any = true; }));
  return !any;
}

Status Directory::grow(uint32_t last_cluster) {
  uint64_t slots = 0;
  for (uint32_t c = cluster_; c != FatTable::kEnd; slots += g_.cluster_bytes / kEntrySize) {
    if (slots >= kMaxDirSlots) return Error::NoSpace;
    auto n = fat_.next(c);
    if (!n) return n.error();
    c = *n;
  }
  auto c = fat_.allocate(last_cluster);
  if (!c) return c.error();
  // A new directory cluster reads as "no more entries".
  uint64_t base = g_.cluster_byte(*c);
  for (uint32_t off = 0; off < g_.cluster_bytes; off += disk_.block_size()) {
    auto block = disk_.overwrite(base + off);
    if (!block) return block.error();
    memset(*block, 0, disk_.block_size());
  }
  return {};
}

Status Directory::find_room(uint32_t count, const uint8_t* check, SlotRun& run, bool& taken) {
  run.slot_count = count;
  for (;;) {
    Cursor cursor(*this);
    TRY(cursor.start());
    uint32_t have = 0;
    bool past_end = false;
    run.first_index = 0;
    for (bool first = true;; first = false) {
      if (!first) TRY(cursor.advance());
      if (cursor.done()) break;
      auto p = disk_.read(cursor.pos());
      if (!p) return p.error();
      const uint8_t* raw = *p;
      if (raw[0] == 0x00) past_end = true;
      bool room_found = have == count;
      if (past_end || raw[0] == 0xE5) {
        if (!room_found && have == 0) run.first_index = cursor.index();
        if (!room_found) run.slots[have++] = cursor.pos();
      } else {
        if (!room_found) have = 0;
        // A live short entry, as each() sees them.
        bool short_entry = (raw[11] & 0x3F) != attr::kLongName && !(raw[11] & attr::kVolumeId) && !is_dot_entry(raw);
        if (check && short_entry && memcmp(raw, check, 11) == 0) taken = true;
      }
      // Past the end marker nothing is live: the check is done too.
      if (have == count && (!check || past_end || taken)) return {};
    }
    if (have == count) return {};
    if (cluster_ == 0) return Error::NoSpace;  // the fixed root cannot grow
    TRY(grow(cursor.last_cluster()));
    check = nullptr;  // every slot was seen
  }
}

Status Directory::reserve(const LongName& name, SlotRun& run, uint8_t* short_name) {
  bool plain = exact_short_name(name, short_name);
  uint32_t count = plain ? 1 : (name.length + kCharsPerSlot - 1) / kCharsPerSlot + 1;
  uint8_t basis[11];
  bool fits = false;
  if (!plain) {
    alias_basis(name, basis);
    // A name that only differs from 8.3 by case keeps its plain alias if
    // that is free; any other gets the first free ~N tail.
    LongName upper_name = name;
    for (uint32_t i = 0; i < upper_name.length; ++i) {
      uint16_t& c = upper_name.chars[i];
      if (c >= 'a' && c <= 'z') c = uint16_t(c - 32);
    }
    uint8_t upper[11];
    fits = exact_short_name(upper_name, upper);
  }
  // The room, and whether the basis is taken, in one pass.
  bool taken = false;
  TRY(find_room(count, plain ? nullptr : basis, run, taken));
  if (plain) return {};
  if (fits && !taken) {
    memcpy(short_name, basis, 11);
    return {};
  }
  for (uint32_t n = 1;; ++n) {
    if (n > 999999) return Error::NoSpace;
    alias_with_tail(basis, n, short_name);
    auto used = has_short(short_name);
    if (!used) return used.error();
    if (!*used) return {};
  }
}

Status Directory::write(const SlotRun& run, const LongName& name, const uint8_t* raw) {
  uint8_t sum = lfn_checksum(raw);
  uint32_t lfn = run.slot_count - 1;
  for (uint32_t k = 0; k < lfn; ++k) {
    uint32_t ord = lfn - k;
    auto p = disk_.modify(run.slots[k]);
    if (!p) return p.error();
    uint8_t* slot = *p;
    memset(slot, 0, kEntrySize);
    slot[0] = uint8_t(ord | (k == 0 ? 0x40 : 0));
    slot[11] = attr::kLongName;
    slot[13] = sum;
    for (uint32_t i = 0; i < kCharsPerSlot; ++i) {
      uint32_t at = (ord - 1) * kCharsPerSlot + i;
      uint16_t c = at < name.length ? name.chars[at] : at == name.length ? 0x0000 : 0xFFFF;
      put16(slot + kLfnOffsets[i], c);
    }
  }
  auto p = disk_.modify(run.slots[lfn]);
  if (!p) return p.error();
  memcpy(*p, raw, kEntrySize);
  return {};
}

Status Directory::erase(const Entry& entry) {
  for (uint32_t k = 0; k < entry.slot_count; ++k) {
    auto p = disk_.modify(entry.slots[k]);
    if (!p) return p.error();
    (*p)[0] = 0xE5;
  }
  return {};
}

}  // namespace fatfs
