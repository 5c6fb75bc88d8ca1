// Volume: changes to the tree — create, mkdir, rmdir, unlink, rename —
// each ordered so that a crash leaves at worst lost clusters (volume.h).
#include <string.h>

#include "le.h"
#include "volume.h"
#include "volume_internal.h"

namespace fatfs {

namespace {

void set_cluster(uint8_t* raw, uint32_t cluster) {
  put16(raw + 20, uint16_t(cluster >> 16));
  put16(raw + 26, uint16_t(cluster));
}

}  // namespace

Status Volume::create(const Located& at, uint8_t attributes, uint32_t first, uint64_t& entry) {
  SlotRun run;
  uint8_t raw[kEntrySize] = {};
  Directory dir = directory(at.dir);
  ++dir_changes_;
  TRY(dir.reserve(at.leaf, run, raw));
  // A directory cluster reserve() added, and whatever `first` holds, go
  // before the entry that points at them.
  cache_.barrier();
  raw[11] = attributes;
  set_cluster(raw, first);
  stamp(raw, true);
  TRY(dir.write(run, at.leaf, raw));
  entry = run.slots[run.slot_count - 1];
  // Found straight away by the lookup that usually follows (open).
  names_.remember(at.dir, at.leaf, dir_changes_, run.start());
  return {};
}

Status Volume::check_chain(const Entry& entry) {
  uint32_t first = entry.first_cluster(g_.type);
  if (entry.is_dir() || first == 0) return {};
  auto length = fat_.chain_length(first);
  return length ? Status{} : Status(length.error());
}

Status Volume::release(uint32_t first, uint64_t entry) {
  Node* open = find_node(entry);
  if (open) {
    open->unlinked = true;  // freed with its last close
    return {};
  }
  return g_.valid_cluster(first) ? fat_.free_chain(first) : Status{};
}

Status Volume::mkdir(std::string_view path) {
  auto found = locate(path);
  if (!found) return found.error();
  if (found->exists) return Error::AlreadyExists;
  auto cluster = fat_.allocate(0);
  if (!cluster) return cluster.error();
  // The new directory's cluster: "." and "..", then nothing.
  uint64_t base = g_.cluster_byte(*cluster);
  for (uint32_t off = 0; off < g_.cluster_bytes; off += disk_.block_size()) {
    auto block = disk_.overwrite(base + off);
    if (!block) return block.error();
    memset(*block, 0, disk_.block_size());
  }
  uint8_t dots[2 * kEntrySize] = {};
  memset(dots, ' ', 11);
  memset(dots + kEntrySize, ' ', 11);
  dots[0] = '.';
  dots[kEntrySize] = dots[kEntrySize + 1] = '.';
  dots[11] = dots[kEntrySize + 11] = attr::kDirectory;
  set_cluster(dots, *cluster);
  // ".." of a directory in the root says 0, whatever the root's cluster.
  set_cluster(dots + kEntrySize, found->dir == root_cluster() ? 0 : found->dir);
  stamp(dots, true);
  stamp(dots + kEntrySize, true);
  auto p = disk_.modify(base);
  if (!p) return p.error();
  memcpy(*p, dots, sizeof dots);
  uint64_t entry;
  Status made = create(*found, attr::kDirectory, *cluster, entry);
  if (!made) (void)fat_.free_chain(*cluster);  // nothing points at it
  return made;
}

Status Volume::unlink(std::string_view path) {
  auto found = locate(path);
  if (!found) return found.error();
  if (found->root || (found->exists && found->entry.is_dir())) return Error::IsDirectory;
  if (!found->exists) return Error::NotFound;
  TRY(check_chain(found->entry));
  ++dir_changes_;
  TRY(directory(found->dir).erase(found->entry));
  // The entry goes before its clusters are freed.
  cache_.barrier();
  return release(found->entry.first_cluster(g_.type), found->entry.pos());
}

Status Volume::rmdir(std::string_view path) {
  auto found = locate(path);
  if (!found) return found.error();
  if (found->root) return Error::Busy;
  if (!found->exists) return Error::NotFound;
  if (!found->entry.is_dir()) return Error::NotDirectory;
  uint32_t cluster = found->entry.first_cluster(g_.type);
  if (!subdirectory_ok(*found, cluster)) return Error::IoError;
  auto empty = directory(cluster).empty();
  if (!empty) return empty.error();
  if (!*empty) return Error::NotEmpty;
  ++dir_changes_;
  TRY(directory(found->dir).erase(found->entry));
  cache_.barrier();
  return release(cluster, found->entry.pos());
}

Status Volume::rename(std::string_view from, std::string_view to) {
  auto source = locate(from);
  if (!source) return source.error();
  if (source->root) return Error::Busy;
  if (!source->exists) return Error::NotFound;
  auto target = locate(to);
  if (!target) return target.error();
  if (target->root) return Error::Busy;
  const Entry& moving = source->entry;
  bool same_entry = target->exists && target->entry.pos() == moving.pos();
  if (same_entry && target->leaf.length == moving.name.length &&
      memcmp(target->leaf.chars, moving.name.chars, moving.name.length * 2) == 0)
    return {};  // renamed to itself
  bool replaces = target->exists && !same_entry;
  uint32_t moving_cluster = moving.first_cluster(g_.type);
  if (moving.is_dir()) {
    // A directory cannot move into itself or below itself.
    for (uint32_t i = 0; i < target->depth; ++i) {
      if (target->ancestors[i] == moving_cluster) return Error::InvalidArgument;
    }
  }
  uint32_t replaced_cluster = 0;
  if (replaces) {
    replaced_cluster = target->entry.first_cluster(g_.type);
    if (moving.is_dir() && !target->entry.is_dir()) return Error::NotDirectory;
    if (!moving.is_dir() && target->entry.is_dir()) return Error::IsDirectory;
    TRY(check_chain(target->entry));
    if (target->entry.is_dir()) {
      if (!subdirectory_ok(*target, replaced_cluster)) return Error::IoError;
      auto empty = directory(replaced_cluster).empty();
      if (!empty) return empty.error();
      if (!*empty) return Error::NotEmpty;
    }
  }
  // Room first, so that a full directory fails the rename before anything
  // changed; then the old entries go before the new one appears.
  SlotRun run;
  uint8_t raw[kEntrySize];
  Directory into = directory(target->dir);
  ++dir_changes_;
  TRY(into.reserve(target->leaf, run, raw));
  if (replaces) TRY(into.erase(target->entry));
  TRY(directory(source->dir).erase(moving));
  cache_.barrier();
  memcpy(raw + 11, moving.raw + 11, kEntrySize - 11);
  raw[12] = 0;  // the case flags described the old short name
  TRY(into.write(run, target->leaf, raw));
  uint64_t entry = run.slots[run.slot_count - 1];
  if (moving.is_dir() && target->dir != source->dir && g_.valid_cluster(moving_cluster)) {
    auto dotdot = disk_.modify(g_.cluster_byte(moving_cluster) + kEntrySize);
    if (!dotdot) return dotdot.error();
    if ((*dotdot)[0] == '.' && (*dotdot)[1] == '.')
      set_cluster(*dotdot, target->dir == root_cluster() ? 0 : target->dir);
  }
  Node* open = find_node(moving.pos());
  if (open) {
    open->entry = entry;
    open->parent = target->dir;
  }
  if (!replaces) return {};
  cache_.barrier();
  return release(replaced_cluster, target->entry.pos());
}

}  // namespace fatfs
