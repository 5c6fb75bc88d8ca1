#include "mount_table.h"

namespace vfs {

void MountSpace::assign(const MountSpace& other) {
  // Only the live entries: the table is large and mostly empty.
  count_ = other.count_;
  for (size_t i = 0; i < count_; ++i) mounts_[i] = other.mounts_[i];
}

Status MountSpace::mount(const Path& point, FsId fs, const Path& root) {
  if (count_ == kMaxMounts) return Error::NoMemory;
  Mount& m = mounts_[count_++];
  m.point = point;
  m.fs = fs;
  m.root = root;
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
  auto target = resolve(from);
  if (!target) return target.error();
  return mount(to, target->fs, target->path);
}

Result<Resolution> MountSpace::resolve(const Path& path) const {
  const Mount* best = nullptr;
  // Later entries are newer: on a tie in length the newest wins.
  for (size_t i = 0; i < count_; ++i) {
    const Mount& m = mounts_[i];
    if (m.point.contains(path) && (!best || m.point.size() >= best->point.size())) best = &m;
  }
  if (!best) return Error::NotFound;
  auto inside = best->root.join(best->point.below(path));
  if (!inside) return inside.error();
  Resolution r;
  r.fs = best->fs;
  r.path = *inside;
  return r;
}

bool MountSpace::is_mount_point(const Path& path) const {
  for (size_t i = 0; i < count_; ++i) {
    if (mounts_[i].point == path) return true;
  }
  return false;
}

bool MountSpace::has_mount_within(const Path& path) const {
  for (size_t i = 0; i < count_; ++i) {
    if (path.contains(mounts_[i].point)) return true;
  }
  return false;
}

}  // namespace vfs
