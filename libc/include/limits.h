// <limits.h>: the compiler's numeric limits, and the POSIX ones this
// system has (docs/posix.md).
#pragma once

#include_next <limits.h>

#define PATH_MAX 1024  // with the terminator: vfs takes paths of up to 1023 bytes
#define NAME_MAX 255   // a directory entry's name (File.readdir)
#define OPEN_MAX 64    // file descriptors per process
// The bytes of argv and envp a spawn may pass: every string with its NUL
// and 8 for its pointer (ipc/spawn_arguments.h).
#define ARG_MAX 524288
// Writes of up to this many bytes reach the server in one call, so a pipe
// takes them whole.
#define PIPE_BUF 4096
