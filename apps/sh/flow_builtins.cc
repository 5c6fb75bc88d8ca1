// break [n], continue [n] and return [n]: they set where running goes
// (Shell::set_flow); the loops and function calls act on it (compound.cc,
// functions.cc).
#include <stdlib.h>

#include "builtins.h"

namespace sh {

namespace {

// The optional count of break and continue: a positive number, 1 when
// missing; -1 (having said why) when bad.
long loop_count(const Vec<Text>& argv) {
  if (argv.size() == 1) return 1;
  char* end = nullptr;
  long count = strtol(argv[1].c_str(), &end, 10);
  if (argv.size() > 2 || argv[1].empty() || *end != '\0' || count < 1) {
    complain(argv[0].c_str(), "bad loop count");
    return -1;
  }
  return count;
}

}  // namespace

int break_builtin(Shell& shell, const Vec<Text>& argv) {
  long count = loop_count(argv);
  if (count < 0) return 2;
  shell.set_flow(Flow::Break, count);
  return 0;
}

int continue_builtin(Shell& shell, const Vec<Text>& argv) {
  long count = loop_count(argv);
  if (count < 0) return 2;
  shell.set_flow(Flow::Continue, count);
  return 0;
}

int return_builtin(Shell& shell, const Vec<Text>& argv) {
  if (shell.function_depth() == 0) {
    complain("return", "not in a function");
    return 1;
  }
  int status = shell.status();
  if (argv.size() > 1) {
    char* end = nullptr;
    status = static_cast<int>(strtol(argv[1].c_str(), &end, 10)) & 0xff;
    if (argv[1].empty() || *end != '\0') {
      complain("return", "numeric argument required");
      status = 2;
    }
  }
  shell.set_flow(Flow::Return, 0);
  return status;
}

}  // namespace sh
