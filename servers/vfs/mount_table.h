// MountSpace: one mountspace, the list of (mount point -> file system)
// pairs that sessions resolve their paths against. Host-testable: it knows
// file systems only by an opaque FsId and never talks to them; the server
// keeps the file systems and their reference counts (one reference per
// mount entry that names them, in every mountspace).
//
// Rules:
//   - resolve() takes the longest mount point that contains the path, on
//     component boundaries ("/tmpx" is not under "/tmp");
//   - mounts at the same point stack: the newest shadows the older ones,
//     and umount() removes the newest, uncovering the one below;
//   - a mount shows its file system from `root` down (root "/" for a plain
//     mount; a bind mount shows part of a file system);
//   - paths arrive normalised, so ".." has already been applied to the text
//     and crosses out of a mount.
// copy_from() makes a private copy: later changes to either do not reach
// the other. The mounts live on the heap, as many as are made (at most
// kMaxMounts); a mount that finds no memory fails with NoMemory.
#pragma once

#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "result.h"
#include "path.h"

namespace vfs {

using FsId = uint64_t;

struct Mount {
  Path point;  // where it is mounted in this mountspace
  FsId fs = 0;
  Path root;  // the directory of fs shown at `point`
};

// Where a path leads: a file system and the path inside it, in the
// file-system protocol's form (no leading slash). For a plain mount that is
// part of the path resolved, which it points into (no copy: this is every
// open's path); below a bind mount it is made in `joined`.
struct Resolution {
  Resolution() = default;
  Resolution(const Resolution&) = delete;  // path may point into joined
  Resolution& operator=(const Resolution&) = delete;

  // The path inside fs as a Path (a bind's root); NameTooLong if it does
  // not fit.
  Result<Path> absolute() const { return Path().join(path); }

  FsId fs = 0;
  std::string_view path;
  Path joined;
};

class MountSpace {
 public:
  static constexpr size_t kMaxMounts = 32;

  MountSpace() = default;
  // Copying can fail: copy_from() says so.
  MountSpace(const MountSpace&) = delete;
  MountSpace& operator=(const MountSpace&) = delete;
  ~MountSpace() { std::free(mounts_); }

  // Makes this a copy of other; NoMemory, and nothing changed, if it cannot.
  Status copy_from(const MountSpace& other);

  // Mounts fs (from its directory root) at point, above any mount there.
  // NoMemory at kMaxMounts or when no memory is left.
  Status mount(const Path& point, FsId fs, const Path& root = Path());
  // Removes the newest mount at exactly point and returns its file system.
  // InvalidArgument if nothing is mounted there; Busy for the last mount at
  // "/" (a mountspace always has a root).
  Result<FsId> umount(const Path& point);
  // Makes `to` show what `from` resolves to: a mount of the same file system
  // whose root is from's path inside it. NotFound if from resolves nowhere.
  Status bind(const Path& from, const Path& to);

  // The file system and path that path leads to, into out (which may
  // point into path); NotFound if no mount contains it (only after the
  // root was unmounted, which umount refuses). NameTooLong if a bind's root
  // plus the rest would pass kPathMax.
  Status resolve(const Path& path, Resolution& out) const;

  // Removes every mount.
  void clear() { count_ = 0; }

  // The newest mount exactly at path, or nullptr.
  const Mount* newest_at(const Path& path) const;
  // Whether something is mounted exactly at path.
  bool is_mount_point(const Path& path) const;
  // Whether a mount point is path itself or lies beneath it.
  bool has_mount_within(const Path& path) const;

  // Mounts in the order they were made (oldest first); nullptr past the end.
  const Mount* at(size_t index) const { return index < count_ ? &mounts_[index] : nullptr; }
  size_t size() const { return count_; }

 private:
  // Room for `capacity` mounts, the current ones kept.
  Status reserve(size_t capacity);

  Mount* mounts_ = nullptr;  // malloc'd; Mount is plain bytes (Path holds no pointers)
  size_t count_ = 0;
  size_t capacity_ = 0;
};

}  // namespace vfs
