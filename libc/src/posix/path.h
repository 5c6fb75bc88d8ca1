// Paths as libc resolves them: vfs takes absolute paths, so a relative one
// is joined to the process's working directory here. Host-testable.
#pragma once

#include <stddef.h>

namespace tessera::posix {

// Writes cwd/path (or path, if absolute) to out. 0, or ENOENT for an empty
// path, ENAMETOOLONG if the result (with its NUL) exceeds capacity.
int join_path(const char* cwd, const char* path, char* out, size_t capacity);

// Rewrites an absolute path in place without "." and ".." components,
// repeated or trailing slashes: what getcwd shows after chdir.
void normalize_path(char* path);

}  // namespace tessera::posix
