// The built-ins: commands that change the shell itself, so they run in it
// rather than as programs: cd, pwd, exit, export, unset, wait, jobs, true,
// false, and those of the shell language: break, continue, return
// (flow_builtins.cc), shift, set (argument_builtins.cc), read
// (read_builtin.cc), test and [ (test_expression.h), eval, . and source,
// command -v, type and exec (source_builtins.cc), local (functions.cc), trap (trap_builtin.cc), printf (printf_builtin.cc).
#pragma once

#include "shell.h"

namespace sh {

using Builtin = int (*)(Shell& shell, const Vec<Text>& argv);

// The built-in called name, or null.
Builtin find_builtin(const char* name);

int break_builtin(Shell& shell, const Vec<Text>& argv);
int continue_builtin(Shell& shell, const Vec<Text>& argv);
int return_builtin(Shell& shell, const Vec<Text>& argv);
int shift_builtin(Shell& shell, const Vec<Text>& argv);
int set_builtin(Shell& shell, const Vec<Text>& argv);
// -e, -u, -x (any together: -eu), or + to turn them off (set's, and sh's
// own); false for other letters.
bool set_options(Options& options, const Text& word);
int read_builtin(Shell& shell, const Vec<Text>& argv);
int test_builtin(Shell& shell, const Vec<Text>& argv);
int bracket_builtin(Shell& shell, const Vec<Text>& argv);
int eval_builtin(Shell& shell, const Vec<Text>& argv);
int dot_builtin(Shell& shell, const Vec<Text>& argv);
int command_builtin(Shell& shell, const Vec<Text>& argv);
int type_builtin(Shell& shell, const Vec<Text>& argv);
int local_builtin(Shell& shell, const Vec<Text>& argv);
int exec_builtin(Shell& shell, const Vec<Text>& argv);
int trap_builtin(Shell& shell, const Vec<Text>& argv);
int printf_builtin(Shell& shell, const Vec<Text>& argv);

}  // namespace sh
