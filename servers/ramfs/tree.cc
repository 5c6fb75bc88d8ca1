// The ramfs tree; see tree.h. Directories keep their entries in an array
// sorted by name (binary search to look up, stable indices for readdir while
// nothing changes). A file's blocks hang off index blocks of kPerIndex
// pointers, themselves in a table that grows as the file does.
#include "tree.h"

#include <stdlib.h>
#include <string.h>

#include "alloc.h"
#include "ipc/attribute_bits.h"
#include "ipc/open_flags.h"
#include "path.h"

namespace ramfs {

namespace flags = ipc::open_flags;

namespace {

constexpr size_t kPerIndex = kBlockSize / sizeof(void*);
constexpr uint64_t kIndexSpan = uint64_t{kBlockSize} * kPerIndex;
constexpr size_t kMaxIndexes = kMaxFileSize / kIndexSpan;
constexpr uint32_t kModeBits = 07777;

struct IndexBlock {
  uint8_t* blocks[kPerIndex];
  uint32_t used;
};

struct Entry {
  char* name;
  uint32_t length;
  Node* node;

  std::string_view view() const { return {name, length}; }
};

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

// Byte order, then the shorter first: the order of std::string_view's <.
int compare(std::string_view a, std::string_view b) {
  size_t common = a.size() < b.size() ? a.size() : b.size();
  for (size_t i = 0; i < common; ++i) {
    if (a[i] != b[i]) return static_cast<unsigned char>(a[i]) < static_cast<unsigned char>(b[i]) ? -1 : 1;
  }
  return a.size() == b.size() ? 0 : (a.size() < b.size() ? -1 : 1);
}

}  // namespace

class Node : public server::TreeNode {
 public:
  Node(NodeKind kind, uint64_t inode, uint32_t mode) : kind(kind), inode(inode), mode(mode & kModeBits) {}

  const NodeKind kind;
  const uint64_t inode;
  uint32_t mode;
  int64_t atime = 0;  // nanoseconds since 1970 UTC; 0: never stamped or set
  int64_t mtime = 0;
  uint64_t generation = 0;  // the tree's change count when its bytes last changed
  uint32_t holds = 0;
  bool linked = false;
  Node* parent = nullptr;  // the directory holding it, while linked

  // A directory's entries, sorted by name.
  Entry* entries = nullptr;
  uint32_t count = 0;
  uint32_t capacity = 0;
  uint32_t subdirs = 0;

  // A file's bytes.
  uint64_t size = 0;
  IndexBlock** indexes = nullptr;
  uint32_t index_slots = 0;

  bool is_dir() const { return kind == NodeKind::Directory; }

  // Where name is (true), or would go: one comparison a probe.
  bool find(std::string_view name, size_t& index) const {
    size_t low = 0, high = count;
    while (low < high) {
      size_t mid = (low + high) / 2;
      int order = compare(entries[mid].view(), name);
      if (order == 0) {
        index = mid;
        return true;
      }
      if (order < 0) {
        low = mid + 1;
      } else {
        high = mid;
      }
    }
    index = low;
    return false;
  }
  size_t lower_bound(std::string_view name) const {
    size_t index;
    (void)find(name, index);
    return index;
  }
  bool reserve_entry() {
    if (count < capacity) return true;
    uint32_t grown = capacity ? capacity * 2 : 8;
    auto* bigger = static_cast<Entry*>(realloc(entries, grown * sizeof(Entry)));
    if (!bigger) return false;
    entries = bigger;
    capacity = grown;
    return true;
  }
  // reserve_entry() must have succeeded.
  void insert(size_t index, char* name, uint32_t length, Node* node) {
    memmove(entries + index + 1, entries + index, (count - index) * sizeof(Entry));
    entries[index] = Entry{name, length, node};
    ++count;
    node->linked = true;
    node->parent = this;
    if (node->is_dir()) ++subdirs;
  }

  uint8_t* block(uint64_t number) const {
    uint64_t slot = number / kPerIndex;
    if (slot >= index_slots || !indexes[slot]) return nullptr;
    return indexes[slot]->blocks[number % kPerIndex];
  }
};

namespace {

char* copy_name(std::string_view name) {
  auto* copy = static_cast<char*>(malloc(name.size() ? name.size() : 1));
  if (copy) memcpy(copy, name.data(), name.size());
  return copy;
}

// The block holding byte number * kBlockSize of file, allocated (zeroed)
// with its index block if missing; nullptr when memory runs out or a new
// block would pass block_limit.
uint8_t* block_for_write(Node& file, uint64_t number, size_t& allocated_blocks, size_t block_limit) {
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
    block = static_cast<uint8_t*>(calloc(1, kBlockSize));
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

Node& node_of(server::TreeNode& node) { return static_cast<Node&>(node); }
server::TreeNode* tree_node_of(Node* node) { return node; }

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
      free(index->blocks[i]);
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

Result<size_t> Tree::read(const Node& node, uint64_t offset, std::span<uint8_t> out) const {
  if (node.is_dir()) return Error::IsDirectory;
  if (offset >= node.size) return size_t{0};
  uint64_t available = node.size - offset;
  size_t total = out.size() < available ? out.size() : static_cast<size_t>(available);
  // Block by block: only the first may start inside its block.
  uint8_t* to = out.data();
  uint8_t* const end = to + total;
  uint64_t number = offset / kBlockSize;
  size_t within = static_cast<size_t>(offset % kBlockSize);
  while (to < end) {
    size_t chunk = kBlockSize - within;
    if (chunk > size_t(end - to)) chunk = size_t(end - to);
    const uint8_t* block = node.block(number++);
    if (block) {
      memcpy(to, block + within, chunk);
    } else {
      memset(to, 0, chunk);
    }
    to += chunk;
    within = 0;
  }
  return total;
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
    uint8_t* block = block_for_write(node, position / kBlockSize, allocated_blocks_, block_limit_);
    if (!block) break;
    memcpy(block + within, data.data() + done, chunk);
    done += chunk;
  }
  if (allocated_blocks_ > peak_blocks_) peak_blocks_ = allocated_blocks_;
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
