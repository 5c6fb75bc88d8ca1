// fatfs::Volume: a mounted FAT12/16/32 file system — paths, open nodes,
// file data and directories — over a BlockCache, with no IPC, so that it
// builds and is tested on the host against images the real tools make.
//
// Paths are relative to the root and normalised by vfs ("a/b", "" is the
// root). Names are looked up without regard to ASCII case, as FAT does.
//
// Writes update a file's entry (size, first cluster, time) when the file is
// closed or synced, not on every write: until then its size is the one
// before the writes, and the clusters they added are lost clusters if the
// system crashes.
//
// Crash ordering (docs/storage.md): every change that points at clusters
// is written after the clusters' FAT entries (cache barrier), and every
// change that frees clusters after the directory entries that stop
// pointing at them. A crash at any moment leaves at worst lost clusters,
// never a cross-linked file. A rename writes the new entry after the old
// one is gone, so a crash in between loses the file's name (its clusters
// become lost clusters fsck.fat can recover), never links it twice.
//
// A hostile image gets IoError where it lies (a chain that loops or leaves
// the volume, a directory that contains itself), Malformed at mount for a
// boot sector whose numbers do not add up; never a crash or a hang.
//
// Not thread-safe: the server serialises requests.
#pragma once

#include <cstdint>
#include <string_view>

#include "block_cache.h"
#include "bpb.h"
#include "clock.h"
#include "directory.h"
#include "disk.h"
#include "fat_table.h"
#include "result.h"
#include "server/file_tree.h"

namespace fatfs {

constexpr uint64_t kMaxFileSize = 0xFFFFFFFFull;

// The server's types (server/file_tree.h). FAT keeps no permissions nor
// links: a NodeStat's mode is 0755 for a directory and 0644 for a file, its
// links 2 and 1; a node's inode is where its entry sits (the root's is 1).
using server::DirEntry;  // its name is valid until the next call on the volume
using server::NodeKind;
using server::NodeStat;

// An open file or directory. Every open of the same entry shares one.
struct Node : server::TreeNode {
  uint64_t entry;   // byte of its short entry; 0 for the root
  uint32_t parent;  // first cluster of the directory holding it
  uint32_t first;   // its first cluster; 0 for an empty file
  uint32_t size;
  bool dir;
  bool unlinked = false;     // its entry is gone: the clusters go with the last close
  bool entry_stale = false;  // size or first cluster changed since the entry was written
  uint32_t refs = 0;
  uint32_t cursor_index = 0, cursor_cluster = 0;  // the last cluster found, for sequential access
  // Where readdir left off: entry index readdir_index starts at slot
  // readdir_slot, while the volume's directories have not changed since.
  uint32_t readdir_index = 0, readdir_slot = 0;
  uint64_t readdir_changes = ~0ull;
  Node* next = nullptr;
};

struct Space {
  uint32_t cluster_bytes;
  uint32_t clusters;
  uint32_t free;
};

class Volume {
 public:
  Volume(BlockCache& cache, Clock& clock) : cache_(cache), disk_(cache), fat_(disk_, g_), clock_(clock) {}
  ~Volume();
  Volume(const Volume&) = delete;
  Volume& operator=(const Volume&) = delete;

  // Reads and checks the boot sector and the FAT. Malformed (with *reason)
  // for what is not a FAT volume the specification allows; IoError if the
  // disk fails.
  Status mount(const char** reason);
  const Geometry& geometry() const { return g_; }
  Space space() const { return {g_.cluster_bytes, g_.cluster_count, fat_.free_count()}; }

  // Open flags are the protocol's (ipc/open_flags.h). Errors as ramfs's
  // Tree::open, plus IoError and ReadOnly; AccessDenied for an open for
  // writing of a file with the read-only attribute.
  Result<Node*> open(std::string_view path, uint32_t flags);
  // Writes the node's entry if it is stale (the error, if that failed).
  Status close(Node* node);

  Result<NodeStat> stat(std::string_view path);
  // The mode and times of the node's entry: a file's read-only attribute
  // (no write bits), write date and time, access date (no time of day).
  NodeStat stat(const Node& node);
  Status mkdir(std::string_view path);
  Status rmdir(std::string_view path);
  Status unlink(std::string_view path);
  // POSIX rename: replaces a file, or an empty directory with a directory.
  Status rename(std::string_view from, std::string_view to);

  Result<uint32_t> read(Node& node, uint64_t offset, uint8_t* out, uint32_t count);
  // A short count when the volume filled up part way; NoSpace if nothing fit.
  Result<uint32_t> write(Node& node, uint64_t offset, const uint8_t* data, uint32_t count);
  Status truncate(Node& node, uint64_t size);
  // The index-th entry of a directory; OutOfRange past the last.
  Result<DirEntry> readdir(Node& node, uint32_t index);
  // chmod and utimensat on the node's entry: a file's mode without write
  // bits sets the read-only attribute, any other clears it (a directory's
  // mode is not kept); times are kept as FAT can
  // (2-second write time, access date). AccessDenied for the root, which
  // has no entry.
  Status set_attributes(Node& node, const server::Attributes& attributes);

  // Writes every stale entry, FSInfo and every dirty block, and flushes
  // the disk.
  Status sync();

 private:
  struct Located;
  uint32_t root_cluster() const { return g_.type == FatType::Fat32 ? g_.root_cluster : 0; }
  Directory directory(uint32_t cluster) { return Directory(disk_, fat_, g_, cluster); }
  // Directory::find, through the name cache.
  Result<Entry> lookup(uint32_t dir, const LongName& name);
  // Walks path: the entry of its last component, if there is one.
  Result<Located> locate(std::string_view path);
  bool subdirectory_ok(const Located& at, uint32_t cluster) const;
  Node* find_node(uint64_t entry);
  Result<Node*> node_for(const Located& at);
  Result<Node*> hold(const Located& at, uint32_t open_flags);
  Result<uint32_t> cluster_at(Node& node, uint32_t index);
  // Where on the disk the file's byte offset is, and how many of the count
  // bytes from it lie in consecutive clusters: one piece of the disk.
  struct Extent {
    uint64_t byte;
    uint32_t length;
  };
  Result<Extent> extent(Node& node, uint64_t offset, uint32_t count);
  Status fill(Node& node, uint64_t offset, const uint8_t* data, uint32_t count);
  // Allocates clusters up to byte end: how far the file can now reach.
  Result<uint32_t> grow(Node& node, uint64_t end);
  // Undoes a grow() that did not reach far enough.
  Status give_back(Node& node, uint32_t first_before);
  // Keeps the first `keep` clusters of the chain at first, frees the rest.
  Status cut(uint32_t first, uint32_t keep);
  // Writes the node's first cluster, size and time into its entry.
  Status store(Node& node);
  // store() for a node whose entry is stale, after a barrier.
  Status commit(Node& node);
  // A file's clusters go (or, while it is open, go with its last close).
  Status release(uint32_t first, uint64_t entry);
  // IoError for a file whose chain cannot be freed safely (a loop, a link
  // out of the volume): nothing is removed then.
  Status check_chain(const Entry& entry);
  Status create(const Located& at, uint8_t attributes, uint32_t first, uint64_t& entry);
  void stamp(uint8_t* raw, bool created);

  BlockCache& cache_;
  Disk disk_;
  Geometry g_{};
  FatTable fat_;
  Clock& clock_;
  uint32_t fsinfo_sector_ = 0;                      // 0: none to keep up to date
  uint32_t fsinfo_free_ = ~0u, fsinfo_hint_ = ~0u;  // what FSInfo says since the last sync
  Node* nodes_ = nullptr;
  uint64_t dir_changes_ = 0;  // counts changes to any directory's slots
  NameCache names_;           // of this count's generation only
  char name_[kMaxNameBytes + 1];
};

}  // namespace fatfs
