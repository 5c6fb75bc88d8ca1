// Path text for cp, mv, mount and the walks: joining, the last name, and
// lexical normalisation (no file system is asked). Results come from malloc;
// the caller frees them. nullptr means out of memory (errno ENOMEM).
#pragma once

namespace coreutils {

// dir + "/" + name, with one slash between them.
char* path_join(const char* dir, const char* name);

// The last name in path, trailing slashes dropped ("a/b/" gives "b"; "/" gives "/").
char* path_last_name(const char* path);

// The path without "." components, repeated slashes and trailing slashes,
// with ".." removing the name before it ("a/../b" is "b", "/.." is "/").
// A relative path that climbs above its start keeps its leading "..".
// "" normalises to ".".
char* path_normalize(const char* path);

// path made absolute against cwd (an absolute path), then normalised.
char* path_absolute(const char* path, const char* cwd);

// Whether normalised absolute path `inner` is `outer` or lies below it.
bool path_is_within(const char* inner, const char* outer);

}  // namespace coreutils
