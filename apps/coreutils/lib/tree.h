// Copying and removing files and whole directory trees (cp, cp -r, mv
// across file systems, rm -r). Failures are reported as they happen
// (`name: path: strerror`); a walk goes on with the next entry, and the
// result says whether anything failed (kExitOk or kExitFailure).
#pragma once

namespace coreutils {

// Copies the bytes of regular file `from` to `to` (created or truncated,
// with from's permission bits).
int copy_file(const char* from, const char* to);

// Copies `from` to `to`: a file as copy_file does, a directory with
// everything below it (`to` is made, or must already be a directory).
int copy_tree(const char* from, const char* to);

// Removes path; a directory with everything below it. Symbolic links are
// removed, never followed. With ignore_missing a path that does not exist
// is no failure.
int remove_tree(const char* path, bool ignore_missing);

}  // namespace coreutils
