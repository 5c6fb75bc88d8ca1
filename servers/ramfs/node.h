// A node of the ramfs tree (tree.h): a directory's sorted entries or a
// file's blocks. Its own header so that the file server (server.h) reaches
// a node from libserver's TreeNode without a call.
#pragma once

#include <stdlib.h>
#include <string.h>

#include <cstddef>
#include <cstdint>
#include <span>
#include <string_view>

#include "result.h"
#include "server/file_tree.h"
#include "tree.h"

namespace ramfs {

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

// Byte order, then the shorter first: the order of std::string_view's <.
inline int compare(std::string_view a, std::string_view b) {
  size_t common = a.size() < b.size() ? a.size() : b.size();
  for (size_t i = 0; i < common; ++i) {
    if (a[i] != b[i]) return static_cast<unsigned char>(a[i]) < static_cast<unsigned char>(b[i]) ? -1 : 1;
  }
  return a.size() == b.size() ? 0 : (a.size() < b.size() ? -1 : 1);
}

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

  // A file's bytes (a directory's size stays 0: Tree::read relies on it).
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

// Copies total bytes of file from offset, all before its end, into to.
void copy_blocks(const Node& file, uint64_t offset, uint8_t* to, size_t total);

// Tree::read is here, inline, so that the file server's read is one
// function around one copy when the read lies in one block (a read of up
// to 4 KiB at its alignment); copy_blocks takes the others.
inline Result<uint32_t> Tree::read(const Node& node, uint64_t offset, std::span<uint8_t> out) const {
  uint8_t* const to = out.data();
  uint64_t total = out.size();
  // Only a file has bytes: one test for the end and for a directory.
  if (offset >= node.size) {
    if (node.is_dir()) return Error::IsDirectory;
    return uint32_t{0};
  }
  if (total > node.size - offset) total = node.size - offset;
  if (total > UINT32_MAX) total = UINT32_MAX;
  if (total == 0) return uint32_t{0};  // an empty span may have no data
  size_t within = static_cast<size_t>(offset % kBlockSize);
  if (within + total > kBlockSize) {
    copy_blocks(node, offset, to, total);
  } else if (const uint8_t* block = node.block(offset / kBlockSize)) {
    memcpy(to, block + within, total);
  } else {
    memset(to, 0, total);
  }
  return static_cast<uint32_t>(total);
}

// A Node is the server::TreeNode the file server holds (server.h).
inline Node& node_of(server::TreeNode& node) { return static_cast<Node&>(node); }
inline server::TreeNode* tree_node_of(Node* node) { return node; }

}  // namespace ramfs
