#include "path.h"

#include <errno.h>
#include <string.h>

namespace tessera::posix {

int join_path(const char* cwd, const char* path, char* out, size_t capacity) {
  size_t path_length = strlen(path);
  if (path_length == 0) return ENOENT;
  if (path[0] == '/') {
    if (path_length + 1 > capacity) return ENAMETOOLONG;
    memcpy(out, path, path_length + 1);
    return 0;
  }
  size_t cwd_length = strlen(cwd);
  bool slash = cwd_length > 0 && cwd[cwd_length - 1] == '/';
  size_t total = cwd_length + (slash ? 0 : 1) + path_length;
  if (total + 1 > capacity) return ENAMETOOLONG;
  memcpy(out, cwd, cwd_length);
  if (!slash) out[cwd_length++] = '/';
  memcpy(out + cwd_length, path, path_length + 1);
  return 0;
}

void normalize_path(char* path) {
  // out grows behind in: each component is copied, dropped (".") or
  // removes the one before it ("..").
  size_t out = 0;
  const char* in = path;
  while (*in) {
    while (*in == '/') ++in;
    const char* end = in;
    while (*end && *end != '/') ++end;
    size_t length = static_cast<size_t>(end - in);
    if (length == 0 || (length == 1 && in[0] == '.')) {
      // nothing to keep
    } else if (length == 2 && in[0] == '.' && in[1] == '.') {
      while (out > 0 && path[out - 1] != '/') --out;
      if (out > 0) --out;  // and its slash
    } else {
      path[out++] = '/';
      memmove(path + out, in, length);
      out += length;
    }
    in = end;
  }
  if (out == 0) path[out++] = '/';
  path[out] = '\0';
}

}  // namespace tessera::posix
