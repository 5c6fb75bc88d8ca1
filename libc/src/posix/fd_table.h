// A process's file-descriptor table: fds name open file descriptions,
// which several fds (dup) and processes (inheritance) may share. The table
// holds one reference per fd it fills; D supplies retain() and release()
// (the last release closes the description).
//
// Errors are negative errno values. Host-testable: no syscalls.
#pragma once

#include <errno.h>

namespace tessera::posix {

template <class D>
class FdTable {
 public:
  static constexpr int kSize = 64;  // <limits.h>'s OPEN_MAX

  struct Slot {
    D* description = nullptr;
    bool close_on_exec = false;
  };

  FdTable() = default;
  FdTable(const FdTable&) = delete;
  FdTable& operator=(const FdTable&) = delete;
  ~FdTable() { clear(); }

  static bool valid(int fd) { return fd >= 0 && fd < kSize; }

  D* get(int fd) const { return valid(fd) ? slots_[fd].description : nullptr; }
  // One past the highest fd that names a description (0: none): walks of
  // the table stop there, not at kSize (a process has 3 fds, mostly).
  int end() const { return end_; }
  const Slot& slot(int fd) const { return slots_[fd]; }

  // Puts description (whose reference the table takes) at the lowest free
  // fd >= lowest; -EMFILE (and the reference dropped) if none.
  int install(D* description, bool close_on_exec, int lowest = 0) {
    for (int fd = lowest < 0 ? 0 : lowest; fd < kSize; ++fd) {
      if (!slots_[fd].description) {
        slots_[fd] = {description, close_on_exec};
        if (fd >= end_) end_ = fd + 1;
        return fd;
      }
    }
    description->release();
    return -EMFILE;
  }

  // Puts description (whose reference the table takes) at fd, closing
  // what fd named.
  void install_at(int fd, D* description, bool close_on_exec) {
    D* old = slots_[fd].description;
    slots_[fd] = {description, close_on_exec};
    if (fd >= end_) end_ = fd + 1;
    if (old) old->release();
  }

  // dup and fcntl(F_DUPFD): the lowest free fd >= lowest names fd's description.
  int dup(int fd, int lowest, bool close_on_exec) {
    D* d = get(fd);
    if (!d) return -EBADF;
    if (lowest >= kSize) return -EINVAL;
    d->retain();
    return install(d, close_on_exec, lowest);
  }

  // dup2: target names fd's description (and is not close-on-exec).
  int dup2(int fd, int target) {
    D* d = get(fd);
    if (!d || !valid(target)) return -EBADF;
    if (fd == target) return target;
    d->retain();
    install_at(target, d, false);
    return target;
  }

  int close(int fd) {
    D* d = get(fd);
    if (!d) return -EBADF;
    slots_[fd] = {};
    while (end_ > 0 && !slots_[end_ - 1].description) --end_;
    d->release();
    return 0;
  }

  int set_close_on_exec(int fd, bool value) {
    if (!get(fd)) return -EBADF;
    slots_[fd].close_on_exec = value;
    return 0;
  }

  // This table becomes a copy of other (each description retained once more).
  void copy_from(const FdTable& other) {
    clear();
    for (int fd = 0; fd < other.end_; ++fd) {
      slots_[fd] = other.slots_[fd];
      if (slots_[fd].description) slots_[fd].description->retain();
    }
    end_ = other.end_;
  }

  // What a new program keeps: every fd not close-on-exec.
  void drop_close_on_exec() {
    for (int fd = 0, end = end_; fd < end; ++fd) {
      if (slots_[fd].description && slots_[fd].close_on_exec) close(fd);
    }
  }

  void clear() {
    for (int fd = 0, end = end_; fd < end; ++fd) {
      if (slots_[fd].description) close(fd);
    }
  }

 private:
  Slot slots_[kSize];
  int end_ = 0;
};

}  // namespace tessera::posix
