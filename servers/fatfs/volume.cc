// Volume: path lookup, open nodes, mount and sync. File data is in
// volume_data.cc, directory changes in volume_tree.cc.
#include "volume.h"

#include <stdlib.h>
#include <string.h>

#include <new>

#include "ipc/attribute_bits.h"
#include "ipc/open_flags.h"
#include "le.h"
#include "volume_internal.h"

namespace fatfs {

namespace flags = ipc::open_flags;

namespace {

constexpr int64_t kNanoseconds = 1000000000;  // the protocol's times are in nanoseconds

constexpr uint32_t kFsInfoLead = 0x41615252, kFsInfoStruct = 0x61417272, kFsInfoTrail = 0xAA550000;

}  // namespace

Volume::~Volume() {
  while (nodes_) {
    Node* next = nodes_->next;
    free(nodes_);
    nodes_ = next;
  }
}

Status Volume::mount(const char** reason) {
  *reason = "cannot read the boot sector";
  if (cache_.block_size() < 512) return Error::Malformed;
  auto block = cache_.get(0);
  if (!block) return block.error();
  uint8_t sector[512];
  memcpy(sector, *block, sizeof sector);
  uint64_t device_bytes = cache_.device().block_count() * cache_.block_size();
  auto g = parse_boot_sector(sector, device_bytes, reason);
  if (!g) return g.error();
  if (g->bytes_per_sector % cache_.block_size() != 0) {
    *reason = "sectors smaller than the disk's blocks";
    return Error::Malformed;
  }
  g_ = *g;
  *reason = "cannot read the FAT";
  TRY(fat_.scan());
  if (g_.fsinfo_sector) {
    uint64_t at = g_.sector_byte(g_.fsinfo_sector);
    // FSInfo is one sector: the first device block holding it has all
    // of it, as sectors are whole device blocks.
    auto p = disk_.read(at);
    if (!p) return p.error();
    const uint8_t* info = *p;
    if (disk_.room(at) >= 512 && le32(info) == kFsInfoLead && le32(info + 484) == kFsInfoStruct &&
        le32(info + 508) == kFsInfoTrail) {
      fsinfo_sector_ = g_.fsinfo_sector;
      fat_.set_hint(le32(info + 492));
    }
  }
  *reason = nullptr;
  return {};
}

Status Volume::sync() {
  for (Node* n = nodes_; n; n = n->next) TRY(commit(*n));
  bool fsinfo_changed = fat_.free_count() != fsinfo_free_ || fat_.next_free_hint() != fsinfo_hint_;
  if (fsinfo_sector_ && fsinfo_changed && !cache_.device().read_only()) {
    auto p = disk_.modify(g_.sector_byte(fsinfo_sector_) + 488);
    if (!p) return p.error();
    put32(*p, fat_.free_count());
    put32(*p + 4, fat_.next_free_hint());
    fsinfo_free_ = fat_.free_count();
    fsinfo_hint_ = fat_.next_free_hint();
  }
  return cache_.sync();
}

Result<Volume::Located> Volume::locate(std::string_view path) {
  Located at;
  at.dir = root_cluster();
  at.ancestors[0] = at.dir;
  at.depth = 1;
  at.root = path.empty();
  at.exists = at.root;
  if (at.root) return at;
  for (;;) {
    size_t slash = path.find('/');
    // (substr would bring in exceptions, which this target has none of.)
    std::string_view component(path.data(), slash == std::string_view::npos ? path.size() : slash);
    auto name = name_from_utf8(component);
    if (!name) return name.error();
    at.leaf = *name;
    auto entry = lookup(at.dir, at.leaf);
    if (slash == std::string_view::npos) {
      at.exists = entry.ok();
      if (entry)
        at.entry = *entry;
      else if (entry.error() != Error::NotFound)
        return entry.error();
      return at;
    }
    if (!entry) return entry.error();
    if (!entry->is_dir()) return Error::NotDirectory;
    uint32_t cluster = entry->first_cluster(g_.type);
    if (!subdirectory_ok(at, cluster)) return Error::IoError;
    if (at.depth == kMaxDepth) return Error::NameTooLong;
    at.ancestors[at.depth++] = cluster;
    at.dir = cluster;
    path.remove_prefix(slash + 1);
  }
}

Result<Entry> Volume::lookup(uint32_t dir, const LongName& name) {
  SlotPosition at;
  if (names_.find(dir, name, dir_changes_, at)) {
    auto hit = directory(dir).find_at(name, at);
    // Another name with the same hash: scan.
    if (hit || hit.error() != Error::NotFound) return hit;
  }
  auto entry = directory(dir).find(name);
  if (entry) names_.remember(dir, name, dir_changes_, entry->start());
  return entry;
}

bool Volume::subdirectory_ok(const Located& at, uint32_t cluster) const {
  // A subdirectory in a cluster that does not exist, or in one of the
  // directories above it, is a directory that contains itself.
  if (!g_.valid_cluster(cluster)) return false;
  for (uint32_t i = 0; i < at.depth; ++i) {
    if (at.ancestors[i] == cluster) return false;
  }
  return true;
}

Node* Volume::find_node(uint64_t entry) {
  for (Node* n = nodes_; n; n = n->next) {
    if (n->entry == entry && !n->unlinked) return n;
  }
  return nullptr;
}

Result<Node*> Volume::node_for(const Located& at) {
  uint64_t entry = at.root ? 0 : at.entry.pos();
  Node* node = find_node(entry);
  if (node) return node;
  uint32_t first = at.root ? root_cluster() : at.entry.first_cluster(g_.type);
  if (!at.root && at.entry.is_dir() && !subdirectory_ok(at, first)) return Error::IoError;
  // A file's chain is checked once, at open: one that loops is refused.
  // (Directories are bounded by their slot limit as they are read.)
  if (!at.root && !at.entry.is_dir() && first != 0) {
    auto length = fat_.chain_length(first);
    if (!length) return length.error();
    if (uint64_t(*length) * g_.cluster_bytes < at.entry.size()) return Error::IoError;  // the size lies
  }
  void* memory = malloc(sizeof(Node));
  if (!memory) return Error::NoMemory;
  node = new (memory) Node{};
  node->entry = entry;
  node->parent = at.dir;
  node->dir = at.root || at.entry.is_dir();
  node->first = first;
  node->size = node->dir ? 0 : at.entry.size();
  node->next = nodes_;
  nodes_ = node;
  return node;
}

Result<Node*> Volume::open(std::string_view path, uint32_t open_flags) {
  if ((open_flags & flags::kAccessMask) == flags::kAccessMask) return Error::InvalidArgument;
  auto found = locate(path);
  if (!found) return found.error();
  Located& at = *found;
  bool writes = flags::writes(open_flags);
  if (!at.exists) {
    if (!(open_flags & flags::kCreate)) return Error::NotFound;
    if (open_flags & flags::kDirectory) return Error::InvalidArgument;
    uint64_t entry;
    TRY(create(at, attr::kArchive, 0, entry));
    auto again = locate(path);
    if (!again) return again.error();
    if (!again->exists) return Error::IoError;
    return hold(*again, open_flags);
  }
  if ((open_flags & flags::kCreate) && (open_flags & flags::kExclusive)) return Error::AlreadyExists;
  bool dir = at.root || at.entry.is_dir();
  if (dir && (writes || (open_flags & flags::kTruncate))) return Error::IsDirectory;
  if (!dir && (open_flags & flags::kDirectory)) return Error::NotDirectory;
  // As Linux's vfat: a read-only file's mode has no write bits, so an open
  // for writing is refused (an open made before stays writable); removing
  // or renaming it changes its directory, not it, and is allowed.
  if (!dir && writes && (at.entry.raw[11] & attr::kReadOnly)) return Error::AccessDenied;
  return hold(at, open_flags);
}

Result<Node*> Volume::hold(const Located& at, uint32_t open_flags) {
  auto node = node_for(at);
  if (!node) return node.error();
  ++(*node)->refs;
  if ((open_flags & flags::kTruncate) && flags::writes(open_flags) && (*node)->size != 0) {
    Status cut = truncate(**node, 0);
    if (!cut) {
      (void)close(*node);
      return cut.error();
    }
  }
  return *node;
}

Status Volume::close(Node* node) {
  if (--node->refs > 0) return {};
  Status committed = commit(*node);
  // The clusters of a node removed while open go now; a failure leaves
  // lost clusters, which nothing points at.
  if (node->unlinked && g_.valid_cluster(node->first)) (void)fat_.free_chain(node->first);
  for (Node** link = &nodes_; *link; link = &(*link)->next) {
    if (*link == node) {
      *link = node->next;
      break;
    }
  }
  free(node);
  return committed;
}

NodeStat Volume::stat(const Node& node) {
  NodeStat s{};
  s.kind = node.dir ? NodeKind::Directory : NodeKind::File;
  s.size = node.dir ? 0 : node.size;
  s.inode = node.entry ? node.entry / kEntrySize : 1;
  s.mode = node.dir ? 0755 : 0644;
  s.links = node.dir ? 2 : 1;
  // The root has no entry, and an unlinked node's slot may hold another's.
  if (node.entry == 0 || node.unlinked) return s;
  auto raw = disk_.read(node.entry);
  if (!raw) return s;  // the times and attribute are lost, the rest is true
  // Windows marks customised folders read-only: on a directory the
  // attribute means nothing (Linux's vfat without `rodir`).
  if (!node.dir && ((*raw)[11] & attr::kReadOnly)) s.mode &= ~0222u;
  s.mtime = int64_t(unix_time({le16(*raw + 24), le16(*raw + 22)})) * kNanoseconds;
  s.atime = int64_t(unix_time({le16(*raw + 18), 0})) * kNanoseconds;
  return s;
}

Status Volume::set_attributes(Node& node, const server::Attributes& attributes) {
  if (node.entry == 0) return Error::AccessDenied;  // the root has no entry to keep them
  if (node.unlinked) return {};                     // nothing will show them
  // What writes left to store first: storing stamps the time of the write.
  TRY(commit(node));
  auto raw = disk_.modify(node.entry);
  if (!raw) return raw.error();
  uint8_t* entry = *raw;
  if ((attributes.set & ipc::attribute_bits::kMode) && !node.dir) {
    // FAT's one permission: no write bit at all is its read-only attribute.
    if (attributes.mode & 0222) entry[11] &= uint8_t(~attr::kReadOnly);
    else entry[11] |= attr::kReadOnly;
  }
  if (attributes.set & ipc::attribute_bits::kMtime) {
    FatTime t = fat_time(attributes.mtime > 0 ? uint64_t(attributes.mtime / kNanoseconds) : 0);
    put16(entry + 22, t.time);
    put16(entry + 24, t.date);
  }
  if (attributes.set & ipc::attribute_bits::kAtime) {
    put16(entry + 18, fat_time(attributes.atime > 0 ? uint64_t(attributes.atime / kNanoseconds) : 0).date);
  }
  return {};
}

Result<NodeStat> Volume::stat(std::string_view path) {
  auto at = locate(path);
  if (!at) return at.error();
  if (!at->exists) return Error::NotFound;
  if (at->root) {
    Node root{};
    root.dir = true;
    return stat(root);
  }
  // An open file's size may be ahead of its entry.
  if (Node* open = find_node(at->entry.pos())) return stat(*open);
  Node view{};
  view.entry = at->entry.pos();
  view.dir = at->entry.is_dir();
  view.size = at->entry.size();
  return stat(view);
}

Result<DirEntry> Volume::readdir(Node& node, uint32_t index) {
  if (!node.dir) return Error::NotDirectory;
  // Listing in order goes on from the last entry instead of from the start.
  bool resume = node.readdir_changes == dir_changes_ && node.readdir_index <= index;
  uint32_t seen = resume ? node.readdir_index : 0;
  bool found = false;
  NodeKind kind = NodeKind::File;
  TRY(directory(node.first)
          .each(
              [&](const Entry& e) {
                if (seen++ != index) return false;
                name_to_utf8(e.name, name_);
                kind = e.is_dir() ? NodeKind::Directory : NodeKind::File;
                node.readdir_index = index + 1;
                node.readdir_slot = e.next_slot;
                node.readdir_changes = dir_changes_;
                return found = true;
              },
              resume ? node.readdir_slot : 0));
  if (!found) return Error::OutOfRange;
  return DirEntry{std::string_view(name_), kind};
}

void Volume::stamp(uint8_t* raw, bool created) {
  FatTime t = fat_time(clock_.now());
  put16(raw + 22, t.time);
  put16(raw + 24, t.date);
  put16(raw + 18, t.date);
  if (created) {
    raw[13] = 0;
    put16(raw + 14, t.time);
    put16(raw + 16, t.date);
  }
}

}  // namespace fatfs
