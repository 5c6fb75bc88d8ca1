// shift [n] and set [--] [arg...]: the positional parameters $1.. .
#include <stdlib.h>

#include "builtins.h"

namespace sh {

int shift_builtin(Shell& shell, const Vec<Text>& argv) {
  long count = 1;
  if (argv.size() > 1) {
    char* end = nullptr;
    count = strtol(argv[1].c_str(), &end, 10);
    if (argv[1].empty() || *end != '\0' || count < 0) {
      complain("shift", "bad number");
      return 2;
    }
  }
  const Vec<Text>& arguments = shell.arguments();
  if (static_cast<size_t>(count) > arguments.size()) {
    complain("shift", "can't shift that many");
    return 1;
  }
  Vec<Text> rest;
  for (size_t i = static_cast<size_t>(count); i < arguments.size(); ++i) rest.push(arguments[i]);
  shell.set_arguments(static_cast<Vec<Text>&&>(rest));
  return 0;
}

// Options (set -e, set -x) are not kept: only the arguments.
int set_builtin(Shell& shell, const Vec<Text>& argv) {
  if (argv.size() == 1) {
    shell.variables().for_each([](const Text& name, const Text& value, bool) {
      Text line(name);
      line.push('=');
      line.append(single_quoted(value));
      line.push('\n');
      put(1, line.c_str());
    });
    return 0;
  }
  size_t first = 1;
  if (argv[1] == "--") {
    first = 2;
  } else if (argv[1][0] == '-' || argv[1][0] == '+') {
    Text what("set: ");
    what.append(argv[1]);
    complain(what.c_str(), "unknown option");
    return 2;
  }
  Vec<Text> arguments;
  for (size_t i = first; i < argv.size(); ++i) arguments.push(argv[i]);
  shell.set_arguments(static_cast<Vec<Text>&&>(arguments));
  return 0;
}

}  // namespace sh
