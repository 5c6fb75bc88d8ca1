// Option parsing with getopt(3), the POSIX way on every C library: options
// end at the first operand or at `--`. (glibc's getopt would otherwise move
// options found after operands forward, so that `env X=1 ls -l` gave -l to
// env.)
#pragma once

#include <unistd.h>  // optind, optarg

namespace coreutils {

// getopt(argc, argv, spec), but -1 at the first operand. After -1, optind
// is the index of the first operand. On '?' it has said what was wrong
// (`name: unknown option -x`); the caller adds its usage line.
int next_option(int argc, char* const argv[], const char* spec);

}  // namespace coreutils
