#include "programs.h"

#include <errno.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include "shell.h"

namespace sh {

bool read_file(const char* path, Text& text) {
  int fd = open(path, O_RDONLY | O_CLOEXEC);
  if (fd < 0) return false;
  char chunk[4096];
  ssize_t got;
  while ((got = read(fd, chunk, sizeof chunk)) > 0 || (got < 0 && errno == EINTR)) {
    if (got > 0) text.append(chunk, static_cast<size_t>(got));
  }
  int error = errno;
  close(fd);
  errno = error;
  return got == 0;
}

bool search_path(const char* name, const Text* search_path, int mode, Text& path) {
  struct stat info;
  auto usable = [&] { return stat(path.c_str(), &info) == 0 && !S_ISDIR(info.st_mode) && access(path.c_str(), mode) == 0; };
  if (strchr(name, '/')) {
    path = name;
    return usable();
  }
  const char* directories = search_path ? search_path->c_str() : "/bin:/usr/bin";
  for (const char* at = directories;;) {
    const char* colon = strchr(at, ':');
    size_t length = colon ? static_cast<size_t>(colon - at) : strlen(at);
    path = length ? Text(at, length) : Text(".");  // an empty entry is the working directory
    path.push('/');
    path.append(name);
    if (usable()) return true;
    if (!colon) return false;
    at = colon + 1;
  }
}

// Where the program name runs from: name itself when it has a "/", else
// the first directory of $PATH holding it. Sets *status to 127 when there
// is no such file and to 126 when the file found is no program.
bool find_program(const char* name, const Text* search_path, Text& path, int* status) {
  struct stat info;
  if (strchr(name, '/')) {
    path = name;
  } else {
    bool found = sh::search_path(name, search_path, F_OK, path);
    if (!found) {
      complain(name, "not found");
      *status = kNotFound;
      return false;
    }
  }
  if (stat(path.c_str(), &info) != 0) {
    complain(name, "not found");
    *status = kNotFound;
    return false;
  }
  if (S_ISDIR(info.st_mode) || access(path.c_str(), X_OK) != 0) {
    complain(name, S_ISDIR(info.st_mode) ? "is a directory" : "permission denied");
    *status = kNotExecutable;
    return false;
  }
  return true;
}

}  // namespace sh
