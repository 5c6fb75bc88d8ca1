// The ramfs file-system tree: directories and files held in memory, with
// no IPC, so that it builds and is tested on the host as well.
//
// Paths are relative to the root and normalised ("a/b/c"; "" is the root):
// an empty, "." or ".." component is InvalidArgument, a component over
// kMaxName bytes is NameTooLong. File data lives in kBlockSize blocks found
// through a two-level table and allocated on first write; holes read as
// zeros.
//
// Space: when memory runs out, or a write needs a block past the block
// limit (set_block_limit), what would grow the tree is NoSpace and the
// tree is unchanged, except that a write keeps the bytes it managed to
// store. Nothing already stored is ever lost to a full file system.
//
// Invariants: every directory entry names a live node, and a node is in at
// most one directory (no hard links). A node is freed when it is in no
// directory and no open refers to it. In an allocated block, every byte at
// or past the file's size is zero, so growing a file shows zeros.
//
// Not thread-safe: the server serialises requests.
#pragma once

#include <cstddef>
#include <cstdint>
#include <span>
#include <string_view>

#include "block_pool.h"
#include "result.h"
#include "server/file_tree.h"

namespace ramfs {

constexpr size_t kMaxName = 255;
constexpr uint64_t kMaxFileSize = uint64_t{4} << 30;

// The server's types (server/file_tree.h). In a NodeStat, a directory's
// size is its number of entries, mode the permission bits given at
// creation, links 0 once unlinked and 2 + subdirectories for a directory.
using server::DirEntry;  // its name is valid until the directory changes
using server::NodeKind;
using server::NodeStat;

class Node;  // node.h

// Open flags are the protocol's (ipc/open_flags.h, Linux values).
class Tree {
 public:
  Tree();
  ~Tree();
  Tree(const Tree&) = delete;
  Tree& operator=(const Tree&) = delete;

  // Opens, and with kCreate creates, the node at path; the node is held
  // until close(). Errors: NotFound, NotDirectory (a component is a file,
  // or kDirectory on a file), AlreadyExists (kCreate | kExclusive),
  // IsDirectory (a directory opened for writing or truncation),
  // InvalidArgument (bad access mode, kCreate | kDirectory on a missing
  // name), NameTooLong, NoSpace (a new file), NoMemory (no root).
  Result<Node*> open(std::string_view path, uint32_t flags, uint32_t mode);
  // Another hold on an open node (a second channel to the same open file).
  void retain(Node* node);
  // Drops a hold from open() or retain(); frees an unlinked node's last.
  void close(Node* node);

  Result<NodeStat> stat(std::string_view path) const;
  // NoSpace when there is no room for the directory.
  Status mkdir(std::string_view path, uint32_t mode);
  // NotEmpty if it has entries, NotDirectory for a file, Busy for the root.
  Status rmdir(std::string_view path);
  // IsDirectory for a directory.
  Status unlink(std::string_view path);
  // Moves from to to, replacing a file or an empty directory there.
  // InvalidArgument to move a directory into itself or to move the root;
  // IsDirectory for a file over a directory, NotDirectory for a directory
  // over a file, NotEmpty over a directory with entries.
  Status rename(std::string_view from, std::string_view to);

  // Operations on a held node.
  static NodeStat stat(const Node& node);
  static NodeKind kind(const Node& node);
  // Bytes read (0 at or past the end; at most UINT32_MAX, the protocol's
  // count); IsDirectory for a directory. Inline, in node.h.
  Result<uint32_t> read(const Node& node, uint64_t offset, std::span<uint8_t> out) const;
  // Bytes written: all of data, or fewer if space ran out after some were.
  // TooLarge past kMaxFileSize, NoSpace (not a byte fits), IsDirectory.
  Result<size_t> write(Node& node, uint64_t offset, std::span<const uint8_t> data);
  // TooLarge past kMaxFileSize, IsDirectory.
  Status truncate(Node& node, uint64_t size);
  // The index-th entry, in name order; OutOfRange past the last,
  // NotDirectory for a file.
  Result<DirEntry> readdir(const Node& node, uint32_t index) const;
  // chmod and utimensat: the mode and times named by attributes.set
  // (ipc/attribute_bits.h), kept as given.
  void set_attributes(Node& node, const server::Attributes& attributes);

  // Where times come from: now() gives nanoseconds since 1970 UTC. With a
  // clock, a new node's times, a file's mtime on every write and
  // truncation, and a directory's mtime on every entry made, removed or
  // renamed are stamped (atime is not kept on reads, as a noatime mount).
  // Without one (the default), times are 0 until set_attributes sets them.
  void set_clock(int64_t (*now)()) { clock_ = now; }

  // Counters for tests and leak checks.
  size_t live_nodes() const { return live_nodes_; }
  size_t allocated_blocks() const { return allocated_blocks_; }
  // Blocks a write can take without more memory from the system.
  size_t spare_blocks() const { return blocks_.spare(); }
  // Writes take no data block beyond the limit-th (blocks already held
  // stay); the default is no limit.
  void set_block_limit(size_t blocks) { block_limit_ = blocks; }
  size_t block_limit() const { return block_limit_; }

 private:
  struct Parent;
  // path checked (every component), then looked up.
  Result<Node*> walk(std::string_view path) const;
  // Looks up a path already checked.
  Result<Node*> descend(std::string_view path) const;
  Result<Parent> walk_parent(std::string_view path) const;
  Result<Node*> create(Node& dir, std::string_view name, NodeKind kind, uint32_t mode);
  void detach(Node& dir, size_t index);
  void free_if_unused(Node* node);
  void free_blocks_from(Node& file, uint64_t first_block);

  void stamp(Node& node) const;

  Node* root_;
  int64_t (*clock_)() = nullptr;
  uint64_t next_inode_ = 1;
  uint64_t changes_ = 0;  // counts every change of any file's bytes: the generations
  size_t live_nodes_ = 0;
  size_t allocated_blocks_ = 0;
  size_t block_limit_ = SIZE_MAX;
  BlockPool blocks_;
};

}  // namespace ramfs
