// What the POSIX calls share beyond <unistd.h>.
#pragma once

#include <sys/stat.h>

#include "description.h"
#include "fs.idl.h"

namespace tessera::posix {

// Opens path (relative to the working directory) through vfs: 0 and a new
// description, or a negative errno. flags and mode as open's (the mode
// less the process's umask).
int open_description(const char* path, int flags, mode_t mode, Description*& out);

// struct stat from the file system's Stat.
void fill_stat(const idl::fs::Stat& in, struct stat* out);

}  // namespace tessera::posix
