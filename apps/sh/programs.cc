#include "programs.h"

#include <sys/stat.h>
#include <unistd.h>

#include "shell.h"

namespace sh {

// Where the program name runs from: name itself when it has a "/", else
// the first directory of $PATH holding it. Sets *status to 127 when there
// is no such file and to 126 when the file found is no program.
bool find_program(const char* name, const Text* search_path, Text& path, int* status) {
  struct stat info;
  if (strchr(name, '/')) {
    path = name;
  } else {
    const char* directories = search_path ? search_path->c_str() : "/bin:/usr/bin";
    bool found = false;
    for (const char* at = directories; !found;) {
      const char* colon = strchr(at, ':');
      size_t length = colon ? static_cast<size_t>(colon - at) : strlen(at);
      path = length ? Text(at, length) : Text(".");  // an empty entry is the working directory
      path.push('/');
      path.append(name);
      found = stat(path.c_str(), &info) == 0 && !S_ISDIR(info.st_mode);
      if (!colon) break;
      at = colon + 1;
    }
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
