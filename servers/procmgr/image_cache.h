// procmgr's cache of program files it has read whole, so that spawning a
// program again skips reading it (docs/benchmarks.md, "Spawning").
//
// An entry is found only by the same spawner (the owner: the pid whose
// ProcessManager session asked), the same path and the same identity the
// file server gave when the file was opened again (inode, size, mtime and
// generation). The owner scope means a file served by a session one
// spawner chose (its own file system, a stand-in Vfs) can never be run in
// place of another spawner's file; the generation means a file rewritten
// since is read again. A file system that keeps no generation (0) is never
// cached.
//
// Host-testable: it keeps images as (address, size, buffer) and hands
// evicted ones to the release function it was given. A process mapping an
// evicted image's buffer keeps its pages (the mapping holds the buffer). Not thread-safe: the caller locks.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string_view>

#include "elf.h"

namespace procmgr {

// What the file server says the file is; equal identities, same bytes.
struct ProgramIdentity {
  uint64_t inode;
  uint64_t size;
  int64_t mtime;
  uint64_t generation;
  bool operator==(const ProgramIdentity&) const = default;
};

// A whole file read into memory: `size` bytes at `address`, `mapped` of
// them (page rounded) owned by the cache, and the handle of the membuf
// that holds them (read and map only), from which new processes map the
// program's read-only segments. `elf` is what parse_elf found in those
// bytes when they were read: nobody can write them since (procmgr keeps
// them read-only too), so a spawn from the cache does not parse them again.
struct CachedImage {
  uint64_t address = 0;
  uint64_t mapped = 0;
  uint64_t size = 0;
  uint32_t buffer = 0;
  tessera::ElfImage elf{};
};

class ImageCache {
 public:
  static constexpr size_t kEntries = 8;
  static constexpr size_t kMaxPath = 255;           // longer paths are not cached
  static constexpr uint64_t kMaxBytes = 2ull << 20;  // all images together
  using Release = void (*)(const CachedImage&);

  constexpr explicit ImageCache(Release release) : release_(release) {}
  ImageCache(const ImageCache&) = delete;
  ImageCache& operator=(const ImageCache&) = delete;

  // Whether insert would keep such a file.
  static bool cacheable(std::string_view path, const ProgramIdentity& identity);
  // The image owner read from path with this identity, or nullptr; valid
  // until the next insert or forget.
  const CachedImage* find(int64_t owner, std::string_view path, const ProgramIdentity& identity);
  // Keeps image (its memory is the cache's now), evicting the least
  // recently used entries to stay within kEntries and kMaxBytes, and any
  // older image of the same owner and path. An image that cannot be kept
  // is released at once.
  void insert(int64_t owner, std::string_view path, const ProgramIdentity& identity, const CachedImage& image);
  // Releases what insert would for an image of `mapped` bytes: owner's
  // older image of path, then the least recently used ones. Called before
  // reading a file, so that the memory it frees is reused for it.
  void make_room(int64_t owner, std::string_view path, uint64_t mapped);
  // Releases every image owner read: it has ended.
  void forget(int64_t owner);

  size_t size() const;
  uint64_t bytes() const { return bytes_; }

 private:
  struct Entry {
    bool used = false;
    int64_t owner = 0;
    ProgramIdentity identity{};
    uint64_t last_use = 0;
    CachedImage image;
    size_t path_length = 0;
    char path[kMaxPath];
    std::string_view path_view() const { return {path, path_length}; }
  };
  void evict(Entry& entry);
  Entry* least_recently_used();

  Release release_;
  Entry entries_[kEntries];
  uint64_t uses_ = 0;
  uint64_t bytes_ = 0;
};

}  // namespace procmgr
