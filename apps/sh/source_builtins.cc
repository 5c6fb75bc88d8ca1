// The built-ins that run text or say what a name is: eval, . (and its
// bash name source), command -v / -V and type.
#include <errno.h>
#include <unistd.h>

#include "builtins.h"
#include "programs.h"

namespace sh {

const char* Shell::kind_of(const char* name, Text& path) const {
  if (find_function(name)) return "function";
  if (find_builtin(name)) return "builtin";
  return search_path(name, variables_.find("PATH"), X_OK, path) ? "program" : nullptr;
}

// eval args: runs the arguments, joined by spaces, as shell text.
int eval_builtin(Shell& shell, const Vec<Text>& argv) {
  Text text;
  for (size_t i = 1; i < argv.size(); ++i) {
    if (i > 1) text.push(' ');
    text.append(argv[i]);
  }
  shell.set_status(0);
  shell.run(text.c_str(), false);
  return shell.status();
}

// . file: runs the file's text in this shell; a name without "/" is
// looked for in $PATH only, as POSIX says.
int dot_builtin(Shell& shell, const Vec<Text>& argv) {
  if (argv.size() < 2) {
    complain(argv[0].c_str(), "filename argument required");
    return 2;
  }
  Text path;
  Text text;
  if (!search_path(argv[1].c_str(), shell.variables().find("PATH"), R_OK, path)) {
    complain(argv[1].c_str(), "not found");
    return 2;
  }
  if (!read_file(path.c_str(), text)) {
    complain(argv[1].c_str(), strerror(errno));
    return 2;
  }
  shell.set_status(0);
  shell.run(text.c_str(), false);
  return shell.status();
}

// command -v name...: how each name would run; -V says it in words (type).
// 1 if a name is nothing. (command name args, past functions, is
// Shell::run_simple's; `command` alone does nothing.)
int command_builtin(Shell& shell, const Vec<Text>& argv) {
  if (argv.size() == 1) return 0;
  if (argv[1] != "-v" && argv[1] != "-V") {
    complain("command", "only -v and -V are supported");
    return 2;
  }
  bool verbose = argv[1] == "-V";
  int status = 0;
  for (size_t i = 2; i < argv.size(); ++i) {
    const char* name = argv[i].c_str();
    Text path;
    const char* kind = shell.kind_of(name, path);
    Text line(name);
    if (!kind) {
      status = 1;
      if (!verbose) continue;
      line.append(": not found\n");
      put(2, line.c_str());
      continue;
    }
    bool program = strcmp(kind, "program") == 0;
    if (!verbose) {
      line = program ? path : Text(name);
    } else if (program) {
      line.append(" is ");
      line.append(path);
    } else {
      line.append(strcmp(kind, "function") == 0 ? " is a shell function" : " is a shell builtin");
    }
    line.push('\n');
    put(1, line.c_str());
  }
  return status;
}

// exec [program args...]: with redirections alone, they stay the shell's
// (run_builtin). Tessera has no execve: the program runs in the shell's
// place, with its descriptors, and the shell ends with its status.
int exec_builtin(Shell& shell, const Vec<Text>& argv) {
  if (argv.size() == 1) return 0;
  Text path;
  const char* kind = shell.kind_of(argv[1].c_str(), path);
  if (!kind || strcmp(kind, "program") != 0) {
    complain(argv[1].c_str(), "not found");
    shell.exit(kNotFound);
    return kNotFound;
  }
  Text command;
  for (size_t i = 1; i < argv.size(); ++i) {
    if (i > 1) command.push(' ');
    command.append(single_quoted(argv[i]));
  }
  shell.run(command.c_str(), false);
  shell.exit(shell.status());
  return shell.status();
}

// type name...: command -V.
int type_builtin(Shell& shell, const Vec<Text>& argv) {
  Vec<Text> verbose;
  verbose.push(Text("command"));
  verbose.push(Text("-V"));
  for (size_t i = 1; i < argv.size(); ++i) verbose.push(argv[i]);
  return command_builtin(shell, verbose);
}

}  // namespace sh
