// The built-ins: commands that change the shell itself, so they run in it
// rather than as programs: cd, pwd, exit, export, unset, wait, true, false.
#pragma once

#include "shell.h"

namespace sh {

using Builtin = int (*)(Shell& shell, const Vec<Text>& argv);

// The built-in called name, or null.
Builtin find_builtin(const char* name);

}  // namespace sh
