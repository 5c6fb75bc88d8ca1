// Filling a ramfs tree from the boot archive (a cpio "newc" image): every
// regular file and directory is copied in, with the directories a name
// implies ("bin/init" makes "bin").
#pragma once

#include <cstddef>
#include <cstdint>
#include <span>

#include "result.h"
#include "tree.h"

namespace ramfs {

struct LoadCounts {
  size_t files = 0;
  size_t directories = 0;
  size_t skipped = 0;  // other node types, unusable names ("..", too long)
};

// Copies archive into tree. Entries up to a corrupt header stay loaded;
// the result is then Malformed. A name that clashes with what is already
// there (a file where a directory is needed) is skipped; NoSpace stops
// the load.
Result<LoadCounts> load_archive(Tree& tree, std::span<const uint8_t> archive);

}  // namespace ramfs
