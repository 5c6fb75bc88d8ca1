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

bool set_options(Options& options, const Text& word) {
  bool on = word[0] == '-';
  for (const char* letter = word.c_str() + 1; *letter; ++letter) {
    switch (*letter) {
      case 'e': options.exit_on_error = on; break;
      case 'u': options.unset_is_error = on; break;
      case 'x': options.trace = on; break;
      default: return false;
    }
  }
  return true;
}

// set [-eux] [+eux] [--] [arg...]: options, then the positional parameters
// if any argument (or --) follows.
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
  for (; first < argv.size(); ++first) {
    const Text& word = argv[first];
    if (word == "--") {
      ++first;
      break;
    }
    if ((word[0] != '-' && word[0] != '+') || word.size() < 2) break;
    if (!set_options(shell.options(), word)) {
      Text what("set: ");
      what.append(word);
      complain(what.c_str(), "unknown option");
      return 2;
    }
  }
  bool ends_options = first > 1 && argv[first - 1] == "--";
  if (first == argv.size() && !ends_options) return 0;  // options only: $1.. stay
  Vec<Text> arguments;
  for (size_t i = first; i < argv.size(); ++i) arguments.push(argv[i]);
  shell.set_arguments(static_cast<Vec<Text>&&>(arguments));
  return 0;
}

}  // namespace sh
