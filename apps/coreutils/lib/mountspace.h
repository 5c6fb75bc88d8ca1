// The caller's mountspace, for mount, umount, unshare and df: what the
// utilities need of it, and nothing more. Two implementations:
// mountspace_tessera.cc over idl/vfs.capnp and procmgr (the target), and
// mountspace_linux.cc over mount(2), umount(2) and unshare(2) (the host,
// where it needs privileges the tests do not have).
// Every call returns 0, or -1 with errno set.
#pragma once

namespace coreutils {

// Makes `to` show what `from` shows (absolute paths).
int mount_bind(const char* from, const char* to);

// Removes the mount at path.
int mount_remove(const char* path);

// Calls visit(path) for each mount point of the caller's mountspace.
int mount_list(void (*visit)(const char* path, void* context), void* context);

// Runs argv[0] (a path, or a name looked up in /bin) with argv and envp in
// a private copy of the caller's mountspace, and waits for it. status: its
// exit status as a shell shows it (128 + signal if a signal ended it).
int run_in_private_mountspace(char* const argv[], char* const envp[], int& status);

}  // namespace coreutils
