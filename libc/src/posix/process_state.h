// The POSIX state of this process: its descriptor table, its working
// directory and its sessions with vfs and procmgr. Programs procmgr starts
// find the sessions in their startup handles and inherit the rest
// (inheritance.h); others (init's services) start with fds 0, 1 and 2 on
// the kernel's debug console, "/" as their directory and no sessions.
//
// Not thread-safe: a program that calls the POSIX layer from several
// threads serialises the calls itself.
#pragma once

#include <errno.h>
#include <limits.h>
#include <sys/types.h>

#include "description.h"
#include "fd_table.h"
#include "ipc/message.h"

namespace tessera::posix {

using Table = FdTable<Description>;

Table& descriptors();
// The absolute, normalised working directory.
char* working_directory();

// umask's: the mode bits open and mkdir leave out (not inherited).
mode_t& file_creation_mask();

// 0 where the process has none.
ipc::Handle vfs_session();
ipc::Handle procmgr_session();
void set_sessions(ipc::Handle vfs, ipc::Handle procmgr);

// Sets up the state at start-up, before main and the program's own
// constructors.
void start();

// Writes path, joined to the working directory, to out: 0 or an errno.
int absolute_path(const char* path, char (&out)[PATH_MAX]);

// errno = error; returns -1 (the C calls' failure).
inline int fail(int error) {
  errno = error;
  return -1;
}

}  // namespace tessera::posix
