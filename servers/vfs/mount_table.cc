#include "mount_table.h"

#include <new>

namespace vfs {

Status MountSpace::reserve(size_t capacity) {
  if (capacity <= capacity_) return {};
  auto* mounts = static_cast<Mount*>(std::malloc(capacity * sizeof(Mount)));
  if (!mounts) return Error::NoMemory;
  for (size_t i = 0; i < count_; ++i) new (&mounts[i]) Mount(mounts_[i]);
  std::free(mounts_);
  mounts_ = mounts;
  capacity_ = capacity;
  return {};
}

Status MountSpace::copy_from(const MountSpace& other) {
  if (this == &other) return {};
  TRY(reserve(other.count_));
  count_ = other.count_;
  for (size_t i = 0; i < count_; ++i) new (&mounts_[i]) Mount(other.mounts_[i]);
  return {};
}

Status MountSpace::mount(const Path& point, FsId fs, const Path& root) {
  if (count_ == kMaxMounts) return Error::NoMemory;
  if (count_ == capacity_) {
    size_t grown = capacity_ ? capacity_ * 2 : 4;
    TRY(reserve(grown < kMaxMounts ? grown : kMaxMounts));
  }
  new (&mounts_[count_++]) Mount{point, fs, root};
  return {};
}

Result<FsId> MountSpace::umount(const Path& point) {
  size_t newest = count_;
  size_t at_point = 0;
  for (size_t i = 0; i < count_; ++i) {
    if (mounts_[i].point == point) {
      newest = i;
      ++at_point;
    }
  }
  if (newest == count_) return Error::InvalidArgument;
  if (point.is_root() && at_point == 1) return Error::Busy;
  FsId fs = mounts_[newest].fs;
  for (size_t i = newest + 1; i < count_; ++i) mounts_[i - 1] = mounts_[i];
  --count_;
  return fs;
}

Status MountSpace::bind(const Path& from, const Path& to) {
  Resolution target;
  TRY(resolve(from, target));
  auto root = target.absolute();
  if (!root) return root.error();
  return mount(to, target.fs, *root);
}

Status MountSpace::resolve(const Path& path, Resolution& out) const {
  const Mount* best = nullptr;
  // Later entries are newer: on a tie in length the newest wins.
  for (size_t i = 0; i < count_; ++i) {
    const Mount& m = mounts_[i];
    if ((!best || m.point.size() >= best->point.size()) && m.point.contains(path)) best = &m;
  }
  if (!best) return Error::NotFound;
  out.fs = best->fs;
  std::string_view below = best->point.below(path);
  if (best->root.is_root()) {
    out.path = below;
    return {};
  }
  auto inside = best->root.join(below);
  if (!inside) return inside.error();
  out.joined = *inside;
  out.path = out.joined.relative();
  return {};
}

const Mount* MountSpace::newest_at(const Path& path) const {
  for (size_t i = count_; i-- > 0;) {
    if (mounts_[i].point == path) return &mounts_[i];
  }
  return nullptr;
}

bool MountSpace::is_mount_point(const Path& path) const { return newest_at(path) != nullptr; }

bool MountSpace::has_mount_within(const Path& path) const {
  for (size_t i = 0; i < count_; ++i) {
    if (path.contains(mounts_[i].point)) return true;
  }
  return false;
}

}  // namespace vfs
