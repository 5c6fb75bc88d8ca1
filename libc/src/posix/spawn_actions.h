// posix_spawn's file actions, applied in the order they were added to a
// copy of the parent's descriptor table: that copy, less its close-on-exec
// fds, is what the child inherits. Host-testable: the opener is a
// parameter.
#pragma once

#include <errno.h>
#include <fcntl.h>
#include <sys/types.h>

#include "fd_table.h"

struct __spawn_action {
  enum Kind { Open, Close, Dup2, Foreground } kind;
  int fd;      // the fd the action sets or closes; Foreground: the terminal's
  int source;  // Dup2: the fd fd becomes a copy of
  int flags;   // Open
  mode_t mode;
  char* path;  // Open: owned (malloc)
};

namespace tessera::posix {

// 0, or the errno of the first action that failed. open(path, flags, mode,
// D*&) returns 0 or a negative errno.
template <class D, class Opener>
int apply_file_actions(FdTable<D>& table, const __spawn_action* actions, int count, Opener&& open) {
  for (int i = 0; i < count; ++i) {
    const __spawn_action& a = actions[i];
    if (!FdTable<D>::valid(a.fd)) return EBADF;
    switch (a.kind) {
      case __spawn_action::Open: {
        D* d = nullptr;
        if (int e = open(a.path, a.flags, a.mode, d); e < 0) return -e;
        table.install_at(a.fd, d, (a.flags & O_CLOEXEC) != 0);
        break;
      }
      case __spawn_action::Close:
        // Closing an fd that is not open does nothing (POSIX.1-2024).
        (void)table.close(a.fd);
        break;
      case __spawn_action::Dup2:
        if (a.source == a.fd) {
          // dup2 onto itself keeps the fd, without close-on-exec.
          if (int e = table.set_close_on_exec(a.fd, false); e < 0) return -e;
        } else if (int e = table.dup2(a.source, a.fd); e < 0) {
          return -e;
        }
        break;
      case __spawn_action::Foreground: {
        // The fd must be a terminal now; the spawn itself gives the console
        // to the child's group (spawn.cc).
        const D* d = table.get(a.fd);
        if (!d) return EBADF;
        if (!d->is_terminal()) return ENOTTY;
        break;
      }
    }
  }
  table.drop_close_on_exec();
  return 0;
}

}  // namespace tessera::posix
