// server::FileTree: what a file system gives the file server that serves it
// (server/tree_file_server.h): paths, nodes and bytes. The server does the
// rest of the FileSystem and File protocol (idl/fs.capnp): open files as
// channels, access modes, O_APPEND, shared buffers, limits and error
// replies. Nothing here does IPC, so a tree and the protocol over it are
// tested on the host.
//
// Paths are relative to the root and already normalised by vfs ("a/b";
// "" is the root). Errors are abi::Error values and reach the client as
// they are. A tree is called by one server thread at a time.
#pragma once

#include <cstdint>
#include <span>
#include <string_view>

#include "result.h"

namespace server {

enum class NodeKind : uint8_t { File, Directory };

struct NodeStat {
  NodeKind kind;
  uint64_t size;   // bytes of a file; a directory's is the tree's own measure
  uint64_t inode;  // the root is 1
  uint32_t mode;   // permission bits
  uint32_t links;
  int64_t atime = 0;  // nanoseconds since 1970 UTC; 0 where the tree keeps none
  int64_t mtime = 0;
  uint64_t generation = 0;  // as fs::Stat.generation
};

// What File.setAttributes (chmod, utimensat) changes: the fields whose bit
// (ipc/attribute_bits.h) is in `set`. The times are the client's: the tree
// keeps them as given.
struct Attributes {
  uint32_t set;
  uint32_t mode;  // permission bits, 07777
  int64_t atime;
  int64_t mtime;
};

struct DirEntry {
  std::string_view name;  // valid until the next call on the tree
  NodeKind kind;
};

// What df shows of the tree.
struct TreeSpace {
  const char* type;  // "ramfs", "fat32", ...: at most 15 bytes
  uint32_t block_size;
  uint64_t blocks;
  uint64_t free_blocks;
  uint64_t files;  // nodes in use; 0 when the tree cannot tell
};

// A node held open: each tree's node type derives from it, and the server
// only hands back what open() gave it.
struct TreeNode {};

class FileTree {
 public:
  virtual ~FileTree() = default;

  // Opens, and with kCreate creates, the node at path (flags are the
  // protocol's, ipc/open_flags.h); it is held until close(). IsDirectory for
  // a directory opened for writing, NotDirectory for kDirectory on a file.
  virtual Result<TreeNode*> open(std::string_view path, uint32_t flags, uint32_t mode) = 0;
  // Drops the hold of an open; fails if what the node still had to write
  // could not be written (the hold is dropped all the same).
  virtual Status close(TreeNode* node) = 0;

  virtual Result<NodeStat> stat(std::string_view path) = 0;
  virtual Status mkdir(std::string_view path, uint32_t mode) = 0;
  virtual Status rmdir(std::string_view path) = 0;
  virtual Status unlink(std::string_view path) = 0;
  // POSIX rename: replaces a file, or an empty directory with a directory.
  virtual Status rename(std::string_view from, std::string_view to) = 0;

  virtual NodeStat stat(TreeNode& node) = 0;
  // Bytes read into out: 0 at or past the end.
  virtual Result<uint32_t> read(TreeNode& node, uint64_t offset, std::span<uint8_t> out) = 0;
  // Bytes written: fewer than data when space ran out part way, NoSpace if
  // none fit.
  virtual Result<uint32_t> write(TreeNode& node, uint64_t offset, std::span<const uint8_t> data) = 0;
  virtual Status truncate(TreeNode& node, uint64_t size) = 0;
  // The index-th entry of a directory; OutOfRange past the last.
  virtual Result<DirEntry> readdir(TreeNode& node, uint32_t index) = 0;
  // What the tree cannot keep it approximates (FAT: a read-only attribute
  // for the mode, 2-second times) or refuses.
  virtual Status set_attributes(TreeNode& node, const Attributes& attributes) = 0;

  // Returns when everything written so far is on the tree's storage. A tree
  // without storage has nothing to do.
  virtual Status sync() { return {}; }

  // Bulk buffers (File.setBuffer): a tree over a device may share them
  // with the device, so bulk data moves between the device and the
  // client's memory without a copy in the tree. With shares_buffers(),
  // buffer_shared() gets each buffer as the server maps it (the mapping,
  // and a handle to the membuf that is the tree's to keep), and
  // buffer_unshared() is called before that mapping goes.
  virtual bool shares_buffers() const { return false; }
  virtual void buffer_shared(uint32_t membuf, std::span<uint8_t> mapped, bool writable) {}
  virtual void buffer_unshared(std::span<uint8_t> mapped) {}
  virtual TreeSpace space() = 0;
};

}  // namespace server
