// The ramfs tree; see tree.h. Directories keep their entries in an array
// sorted by name (binary search to look up, stable indices for readdir while
// nothing changes). A file's blocks hang off index blocks of kPerIndex
// pointers, themselves in a table that grows as the file does.
#include "tree.h"

#include <stdlib.h>
#include <string.h>

#include "alloc.h"
#include "node.h"
#include "ipc/attribute_bits.h"
#include "ipc/open_flags.h"
#include "path.h"

namespace ramfs {

namespace flags = ipc::open_flags;

namespace {

// A component of a normalised path, given its length.
Status check_name(const char* name, size_t length) {
  if (length == 0 || (name[0] == '.' && (length == 1 || (length == 2 && name[1] == '.'))))
    return Error::InvalidArgument;
  if (length > kMaxName) return Error::NameTooLong;
  return {};
}

// One pass over the bytes (every open takes it): each component checked,
// a NUL anywhere or a trailing "/" is InvalidArgument. Runs before any
// lookup, so a bad path fails the same way whatever exists. The result is
// where the last slash is (npos: none), which splits off the last name.
Result<size_t> check_path(std::string_view path) {
  if (path.empty()) return std::string_view::npos;
  const char* text = path.data();
  size_t start = 0;
  for (size_t i = 0; i < path.size(); ++i) {
    char c = text[i];
    if (c == '\0') return Error::InvalidArgument;
    if (c != '/') continue;
    TRY(check_name(text + start, i - start));
    start = i + 1;
  }
  TRY(check_name(text + start, path.size() - start));  // "" after a trailing "/"
  return start == 0 ? std::string_view::npos : start - 1;
}

}  // namespace


namespace {

char* copy_name(std::string_view name) {
  auto* copy = static_cast<char*>(malloc(name.size() ? name.size() : 1));
  if (copy) memcpy(copy, name.data(), name.size());
  return copy;
}

// The block holding byte number * kBlockSize of file, allocated (zeroed)
// with its index block if missing; nullptr when memory runs out or a new
// block would pass block_limit.
uint8_t* block_for_write(Node& file, uint64_t number, BlockPool& blocks, size_t& allocated_blocks,
                         size_t block_limit) {
  uint64_t slot = number / kPerIndex;
  if (slot >= file.index_slots) {
    uint64_t grown = file.index_slots ? file.index_slots * 2 : 1;
    if (grown <= slot) grown = slot + 1;
    if (grown > kMaxIndexes) grown = kMaxIndexes;
    auto* table = static_cast<IndexBlock**>(realloc(file.indexes, grown * sizeof(IndexBlock*)));
    if (!table) return nullptr;
    for (uint64_t i = file.index_slots; i < grown; ++i) table[i] = nullptr;
    file.indexes = table;
    file.index_slots = static_cast<uint32_t>(grown);
  }
  IndexBlock*& index = file.indexes[slot];
  if (!index) {
    index = static_cast<IndexBlock*>(calloc(1, sizeof(IndexBlock)));
    if (!index) return nullptr;
  }
  uint8_t*& block = index->blocks[number % kPerIndex];
  if (!block) {
    if (allocated_blocks >= block_limit) return nullptr;
    block = blocks.take();
    if (!block) return nullptr;
    ++index->used;
    ++allocated_blocks;
  }
  return block;
}

}  // namespace

struct Tree::Parent {
  Node* dir;
  std::string_view name;
};

Tree::Tree() {
  root_ = make<Node>(NodeKind::Directory, next_inode_++, 0755);
  if (!root_) return;
  root_->linked = true;
  ++live_nodes_;
}

Tree::~Tree() {
  if (!root_) return;
  // Depth-first, without recursion: empty each directory from its last
  // entry, descending into subdirectories first.
  Node* dir = root_;
  while (dir) {
    if (dir->count == 0) {
      Node* up = dir->parent;
      if (up) {
        --up->count;
        free(up->entries[up->count].name);
      }
      dir->linked = false;
      dir->holds = 0;
      free_if_unused(dir);
      dir = up;
      continue;
    }
    Entry& last = dir->entries[dir->count - 1];
    if (last.node->is_dir()) {
      dir = last.node;
      continue;
    }
    last.node->linked = false;
    last.node->holds = 0;
    free_if_unused(last.node);
    free(last.name);
    --dir->count;
  }
}

Result<Node*> Tree::walk(std::string_view path) const {
  auto checked = check_path(path);
  if (!checked) return checked.error();
  return descend(path);
}

Result<Node*> Tree::descend(std::string_view path) const {
  if (!root_) return Error::NoMemory;
  Node* node = root_;
  while (!path.empty()) {
    if (!node->is_dir()) return Error::NotDirectory;
    size_t slash = path.find('/');
    size_t index;
    if (!node->find(text_before(path, slash), index)) return Error::NotFound;
    node = node->entries[index].node;
    path = text_after(path, slash);
  }
  return node;
}

Result<Tree::Parent> Tree::walk_parent(std::string_view path) const {
  if (path.empty()) return Error::InvalidArgument;
  auto checked = check_path(path);
  if (!checked) return checked.error();
  size_t slash = *checked;
  std::string_view dir_path = slash == std::string_view::npos ? std::string_view() : text_before(path, slash);
  std::string_view name = slash == std::string_view::npos ? path : text_after(path, slash);
  auto dir = descend(dir_path);
  if (!dir) return dir.error();
  if (!(*dir)->is_dir()) return Error::NotDirectory;
  return Parent{*dir, name};
}

Result<Node*> Tree::create(Node& dir, std::string_view name, NodeKind kind, uint32_t mode) {
  if (!dir.reserve_entry()) return Error::NoSpace;
  char* copy = copy_name(name);
  if (!copy) return Error::NoSpace;
  Node* node = make<Node>(kind, next_inode_, mode);
  if (!node) {
    free(copy);
    return Error::NoSpace;
  }
  node->generation = ++changes_;
  ++next_inode_;
  ++live_nodes_;
  dir.insert(dir.lower_bound(name), copy, static_cast<uint32_t>(name.size()), node);
  stamp(*node);
  node->atime = node->mtime;
  stamp(dir);
  return node;
}

void Tree::stamp(Node& node) const {
  if (clock_) node.mtime = clock_();
}

void Tree::detach(Node& dir, size_t index) {
  Node* node = dir.entries[index].node;
  free(dir.entries[index].name);
  memmove(dir.entries + index, dir.entries + index + 1, (dir.count - index - 1) * sizeof(Entry));
  --dir.count;
  if (node->is_dir()) --dir.subdirs;
  node->linked = false;
  node->parent = nullptr;
  stamp(dir);
}

void Tree::free_if_unused(Node* node) {
  if (node->linked || node->holds > 0) return;
  free_blocks_from(*node, 0);
  free(node->entries);
  unmake(node);
  --live_nodes_;
}

void Tree::free_blocks_from(Node& file, uint64_t first_block) {
  for (uint64_t slot = first_block / kPerIndex; slot < file.index_slots; ++slot) {
    IndexBlock* index = file.indexes[slot];
    if (!index) continue;
    uint64_t start = slot == first_block / kPerIndex ? first_block % kPerIndex : 0;
    for (uint64_t i = start; i < kPerIndex && index->used > 0; ++i) {
      if (!index->blocks[i]) continue;
      blocks_.give(index->blocks[i]);
      index->blocks[i] = nullptr;
      --index->used;
      --allocated_blocks_;
    }
    if (index->used == 0) {
      free(index);
      file.indexes[slot] = nullptr;
    }
  }
  if (first_block == 0) {
    free(file.indexes);
    file.indexes = nullptr;
    file.index_slots = 0;
  }
}

Result<Node*> Tree::open(std::string_view path, uint32_t open_flags, uint32_t mode) {
  uint32_t access = open_flags & flags::kAccessMask;
  if (access == flags::kAccessMask) return Error::InvalidArgument;
  bool writes = access != flags::kReadOnly;
  bool exclusive = (open_flags & flags::kCreate) && (open_flags & flags::kExclusive);
  Node* node;
  if (path.empty()) {
    if (!root_) return Error::NoMemory;
    if (exclusive) return Error::AlreadyExists;
    node = root_;
  } else {
    auto parent = walk_parent(path);
    if (!parent) return parent.error();
    size_t index;
    if (parent->dir->find(parent->name, index)) {
      if (exclusive) return Error::AlreadyExists;
      node = parent->dir->entries[index].node;
    } else {
      if (!(open_flags & flags::kCreate)) return Error::NotFound;
      if (open_flags & flags::kDirectory) return Error::InvalidArgument;
      auto created = create(*parent->dir, parent->name, NodeKind::File, mode);
      if (!created) return created.error();
      node = *created;
    }
  }
  if (node->is_dir()) {
    if (writes || (open_flags & flags::kTruncate)) return Error::IsDirectory;
  } else {
    if (open_flags & flags::kDirectory) return Error::NotDirectory;
    if (writes && (open_flags & flags::kTruncate)) TRY(truncate(*node, 0));
  }
  ++node->holds;
  return node;
}

void Tree::retain(Node* node) { ++node->holds; }

void Tree::close(Node* node) {
  --node->holds;
  free_if_unused(node);
}

Result<NodeStat> Tree::stat(std::string_view path) const {
  auto node = walk(path);
  if (!node) return node.error();
  return stat(**node);
}

NodeStat Tree::stat(const Node& node) {
  NodeStat s{};
  s.kind = node.kind;
  s.inode = node.inode;
  s.mode = node.mode;
  s.atime = node.atime;
  s.mtime = node.mtime;
  s.generation = node.generation;
  if (node.is_dir()) {
    s.size = node.count;
    s.links = node.linked ? 2 + node.subdirs : 0;
  } else {
    s.size = node.size;
    s.links = node.linked ? 1 : 0;
  }
  return s;
}

NodeKind Tree::kind(const Node& node) { return node.kind; }

Status Tree::mkdir(std::string_view path, uint32_t mode) {
  if (path.empty()) return root_ ? Error::AlreadyExists : Error::NoMemory;
  auto parent = walk_parent(path);
  if (!parent) return parent.error();
  size_t index;
  if (parent->dir->find(parent->name, index)) return Error::AlreadyExists;
  auto created = create(*parent->dir, parent->name, NodeKind::Directory, mode);
  if (!created) return created.error();
  return {};
}

Status Tree::rmdir(std::string_view path) {
  if (path.empty()) return Error::Busy;
  auto parent = walk_parent(path);
  if (!parent) return parent.error();
  size_t index;
  if (!parent->dir->find(parent->name, index)) return Error::NotFound;
  Node* node = parent->dir->entries[index].node;
  if (!node->is_dir()) return Error::NotDirectory;
  if (node->count > 0) return Error::NotEmpty;
  detach(*parent->dir, index);
  free_if_unused(node);
  return {};
}

Status Tree::unlink(std::string_view path) {
  if (path.empty()) return Error::IsDirectory;
  auto parent = walk_parent(path);
  if (!parent) return parent.error();
  size_t index;
  if (!parent->dir->find(parent->name, index)) return Error::NotFound;
  Node* node = parent->dir->entries[index].node;
  if (node->is_dir()) return Error::IsDirectory;
  detach(*parent->dir, index);
  free_if_unused(node);
  return {};
}

Status Tree::rename(std::string_view from, std::string_view to) {
  if (from.empty() || to.empty()) return Error::InvalidArgument;
  auto source = walk_parent(from);
  if (!source) return source.error();
  size_t source_index;
  if (!source->dir->find(source->name, source_index)) return Error::NotFound;
  Node* node = source->dir->entries[source_index].node;
  auto target = walk_parent(to);
  if (!target) return target.error();
  Node* dir = target->dir;

  // A directory may not move under itself.
  if (node->is_dir()) {
    for (Node* up = dir; up; up = up->parent) {
      if (up == node) return Error::InvalidArgument;
    }
  }
  size_t target_index;
  Node* replaced = nullptr;
  if (dir->find(target->name, target_index)) {
    replaced = dir->entries[target_index].node;
    if (replaced == node) return {};
    if (node->is_dir() && !replaced->is_dir()) return Error::NotDirectory;
    if (!node->is_dir() && replaced->is_dir()) return Error::IsDirectory;
    if (replaced->is_dir() && replaced->count > 0) return Error::NotEmpty;
  }

  // Everything that can fail comes before the first change.
  if (!replaced && !dir->reserve_entry()) return Error::NoSpace;
  char* name = copy_name(target->name);
  if (!name) return Error::NoSpace;
  if (replaced) detach(*dir, target_index);
  // The replaced entry may have preceded the source in the same directory.
  (void)source->dir->find(source->name, source_index);
  detach(*source->dir, source_index);
  dir->insert(dir->lower_bound(target->name), name, static_cast<uint32_t>(target->name.size()), node);
  stamp(*dir);
  if (replaced) free_if_unused(replaced);
  return {};
}

namespace {

// n bytes of block from within into to: zeros for a hole (no block).
void copy_from_block(const uint8_t* block, size_t within, uint8_t* to, size_t n) {
  if (block) {
    memcpy(to, block + within, n);
  } else {
    memset(to, 0, n);
  }
}

}  // namespace

// The first block from inside it, then whole blocks (walking each index
// block's pointers in turn: a missing index block reads as zeros), then
// what is left of the last.
void copy_blocks(const Node& file, uint64_t offset, uint8_t* to, size_t total) {
  uint8_t* const end = to + total;
  uint64_t number = offset / kBlockSize;
  size_t within = static_cast<size_t>(offset % kBlockSize);
  copy_from_block(file.block(number), within, to, kBlockSize - within);  // total passes this block's end
  to += kBlockSize - within;
  ++number;
  size_t whole = size_t(end - to) / kBlockSize;
  while (whole > 0) {
    uint64_t slot = number / kPerIndex;
    const IndexBlock* index = slot < file.index_slots ? file.indexes[slot] : nullptr;
    size_t first = static_cast<size_t>(number % kPerIndex);
    size_t count = kPerIndex - first < whole ? kPerIndex - first : whole;
    for (size_t i = first; i < first + count; ++i, to += kBlockSize)
      copy_from_block(index ? index->blocks[i] : nullptr, 0, to, kBlockSize);
    number += count;
    whole -= count;
  }
  if (to < end) copy_from_block(file.block(number), 0, to, size_t(end - to));
}

Result<size_t> Tree::write(Node& node, uint64_t offset, std::span<const uint8_t> data) {
  if (node.is_dir()) return Error::IsDirectory;
  if (data.empty()) return size_t{0};
  if (offset > kMaxFileSize || data.size() > kMaxFileSize - offset) return Error::TooLarge;
  size_t done = 0;
  while (done < data.size()) {
    uint64_t position = offset + done;
    size_t within = static_cast<size_t>(position % kBlockSize);
    size_t chunk = kBlockSize - within;
    if (chunk > data.size() - done) chunk = data.size() - done;
    uint8_t* block = block_for_write(node, position / kBlockSize, blocks_, allocated_blocks_, block_limit_);
    if (!block) break;
    memcpy(block + within, data.data() + done, chunk);
    done += chunk;
  }
  if (done == 0) return Error::NoSpace;
  node.generation = ++changes_;
  stamp(node);
  if (offset + done > node.size) node.size = offset + done;
  return done;
}

Status Tree::truncate(Node& node, uint64_t size) {
  if (node.is_dir()) return Error::IsDirectory;
  if (size > kMaxFileSize) return Error::TooLarge;
  if (size < node.size) {
    free_blocks_from(node, (size + kBlockSize - 1) / kBlockSize);
    // Keep the invariant: bytes past the end of a kept block are zero.
    if (size % kBlockSize) {
      uint8_t* block = node.block(size / kBlockSize);
      if (block) memset(block + size % kBlockSize, 0, kBlockSize - size % kBlockSize);
    }
  }
  node.size = size;
  node.generation = ++changes_;
  stamp(node);
  return {};
}

void Tree::set_attributes(Node& node, const server::Attributes& attributes) {
  if (attributes.set & ipc::attribute_bits::kMode) node.mode = attributes.mode & kModeBits;
  if (attributes.set & ipc::attribute_bits::kAtime) node.atime = attributes.atime;
  if (attributes.set & ipc::attribute_bits::kMtime) node.mtime = attributes.mtime;
}

Result<DirEntry> Tree::readdir(const Node& node, uint32_t index) const {
  if (!node.is_dir()) return Error::NotDirectory;
  if (index >= node.count) return Error::OutOfRange;
  const Entry& entry = node.entries[index];
  return DirEntry{entry.view(), entry.node->kind};
}

}  // namespace ramfs
