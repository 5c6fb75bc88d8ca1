// chmod's mode operand (POSIX chmod, "Extended Description"): an octal
// number, or symbolic clauses separated by commas, each [ugoa]* then one or
// more of an operator (+ - =) with permissions from rwxXst. Copying
// another class's bits (`g=u`) is not supported.
#pragma once

#include <sys/types.h>

namespace coreutils {

// The mode spec makes of current (permission bits, 07777) for a file that
// is a directory or not; a clause without who letters is masked by umask.
// False for a spec that is not one.
bool change_mode(const char* spec, mode_t current, bool directory, mode_t umask, mode_t& out);

}  // namespace coreutils
