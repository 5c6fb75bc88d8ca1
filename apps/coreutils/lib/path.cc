#include "path.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

namespace coreutils {

namespace {

char* copy_of(const char* text, size_t length) {
  char* out = static_cast<char*>(malloc(length + 1));
  if (!out) {
    errno = ENOMEM;
    return nullptr;
  }
  memcpy(out, text, length);
  out[length] = '\0';
  return out;
}

}  // namespace

char* path_join(const char* dir, const char* name) {
  size_t dir_length = strlen(dir);
  while (dir_length > 1 && dir[dir_length - 1] == '/') --dir_length;
  bool slash = dir_length > 0 && dir[dir_length - 1] != '/';
  size_t name_length = strlen(name);
  char* out = static_cast<char*>(malloc(dir_length + slash + name_length + 1));
  if (!out) {
    errno = ENOMEM;
    return nullptr;
  }
  memcpy(out, dir, dir_length);
  if (slash) out[dir_length] = '/';
  memcpy(out + dir_length + slash, name, name_length + 1);
  return out;
}

char* path_last_name(const char* path) {
  size_t end = strlen(path);
  while (end > 1 && path[end - 1] == '/') --end;
  size_t start = end;
  while (start > 0 && path[start - 1] != '/') --start;
  if (start == end) return copy_of(path, end);  // "" or "/"
  return copy_of(path + start, end - start);
}

char* path_normalize(const char* path) {
  size_t length = strlen(path);
  bool absolute = path[0] == '/';
  // The result is never longer than the input, plus "." for an empty one.
  char* out = static_cast<char*>(malloc(length + 2));
  if (!out) {
    errno = ENOMEM;
    return nullptr;
  }
  size_t used = 0;
  if (absolute) out[used++] = '/';
  size_t base = used;      // what ".." may never remove
  size_t i = 0;
  while (i < length) {
    while (i < length && path[i] == '/') ++i;
    size_t start = i;
    while (i < length && path[i] != '/') ++i;
    size_t name_length = i - start;
    const char* name = path + start;
    if (name_length == 0 || (name_length == 1 && name[0] == '.')) continue;
    if (name_length == 2 && name[0] == '.' && name[1] == '.') {
      bool last_is_dotdot = used >= base + 2 && out[used - 1] == '.' && out[used - 2] == '.' &&
                            (used == base + 2 || out[used - 3] == '/');
      if (used > base && !last_is_dotdot) {
        while (used > base && out[used - 1] != '/') --used;
        if (used > base) --used;  // the slash before the removed name
        continue;
      }
      if (absolute) continue;  // "/.." is "/"
    }
    if (used > base) out[used++] = '/';
    memcpy(out + used, name, name_length);
    used += name_length;
  }
  if (used == 0) out[used++] = '.';
  out[used] = '\0';
  return out;
}

char* path_absolute(const char* path, const char* cwd) {
  if (path[0] == '/') return path_normalize(path);
  char* joined = path_join(cwd, path);
  if (!joined) return nullptr;
  char* out = path_normalize(joined);
  free(joined);
  return out;
}

bool path_is_within(const char* inner, const char* outer) {
  size_t n = strlen(outer);
  if (strncmp(inner, outer, n) != 0) return false;
  if (n == 1 && outer[0] == '/') return true;
  return inner[n] == '\0' || inner[n] == '/';
}

}  // namespace coreutils
