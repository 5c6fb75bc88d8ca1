#include "builtins.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <unistd.h>

#include "../coreutils/lib/mode_change.h"
#include "parser.h"

namespace sh {

namespace {

constexpr size_t kPathMax = 4096;  // the longest working directory pwd shows

int cd(Shell& shell, const Vec<Text>& argv) {
  if (argv.size() > 2) {
    complain("cd", "too many arguments");
    return 1;
  }
  const Text* home = shell.variables().find("HOME");
  const char* target = argv.size() == 2 ? argv[1].c_str() : (home && !home->empty() ? home->c_str() : "/");
  if (chdir(target) != 0) {
    Text what("cd: ");
    what.append(target);
    complain(what.c_str(), strerror(errno));
    return 1;
  }
  char cwd[kPathMax];
  if (getcwd(cwd, sizeof cwd)) shell.variables().set("PWD", cwd);
  return 0;
}

int pwd(Shell&, const Vec<Text>&) {
  char cwd[kPathMax];
  if (!getcwd(cwd, sizeof cwd)) {
    complain("pwd", strerror(errno));
    return 1;
  }
  Text line(cwd);
  line.push('\n');
  put(1, line.c_str());
  return 0;
}

int exit_builtin(Shell& shell, const Vec<Text>& argv) {
  int status = shell.status();
  if (argv.size() > 1) {
    char* end = nullptr;
    status = static_cast<int>(strtol(argv[1].c_str(), &end, 10)) & 0xff;
    if (argv[1].empty() || *end != '\0') {
      complain("exit", "numeric argument required");
      status = 2;
    }
  }
  shell.exit(status);
  return status;
}

int export_builtin(Shell& shell, const Vec<Text>& argv) {
  if (argv.size() == 1) {
    shell.variables().for_each_exported([](const Text& name, const Text& value) {
      Text line("export ");
      line.append(name);
      line.push('=');
      line.append(value);
      line.push('\n');
      put(1, line.c_str());
    });
    return 0;
  }
  int status = 0;
  for (size_t i = 1; i < argv.size(); ++i) {
    const char* word = argv[i].c_str();
    size_t length = name_length(word);
    Text name(word, length);
    Text check = name;
    check.push('=');
    if (!is_assignment(check)) {
      complain("export", "bad variable name");
      status = 1;
      continue;
    }
    if (word[length] == '=') shell.variables().set(name.c_str(), word + length + 1);
    shell.variables().set_exported(name.c_str(), true);
  }
  return status;
}

// unset [-f|-v] name...: variables (-v, the default) or functions (-f).
int unset(Shell& shell, const Vec<Text>& argv) {
  size_t first = 1;
  bool functions = false;
  for (; first < argv.size() && argv[first][0] == '-'; ++first) {
    if (argv[first] == "--") {
      ++first;
      break;
    }
    if (argv[first] != "-f" && argv[first] != "-v") {
      Text what("unset: ");
      what.append(argv[first]);
      complain(what.c_str(), "unknown option");
      return 2;
    }
    functions = argv[first] == "-f";
  }
  for (size_t i = first; i < argv.size(); ++i) {
    if (functions) shell.remove_function(argv[i].c_str());
    else shell.variables().unset(argv[i].c_str());
  }
  return 0;
}

int wait_builtin(Shell& shell, const Vec<Text>& argv) {
  if (argv.size() == 1) return shell.wait_all();
  int status = 0;
  for (size_t i = 1; i < argv.size(); ++i) {
    char* end = nullptr;
    long pid = strtol(argv[i].c_str(), &end, 10);
    if (argv[i].empty() || *end != '\0' || pid <= 0) {
      complain("wait", "bad process id");
      status = 2;
      continue;
    }
    status = shell.wait_for(static_cast<pid_t>(pid));
  }
  return status;
}

int jobs(Shell& shell, const Vec<Text>&) {
  shell.list_jobs();
  return 0;
}

// umask [-S] [mask]: prints the file-mode creation mask (octal, or with
// -S symbolic: u=rwx,g=rx,o=rx), or sets it from an octal mask or from
// chmod's symbolic clauses, which name the permissions new files may keep
// (umask g-w, umask u=rwx,g=rx,o=).
int umask_builtin(Shell&, const Vec<Text>& argv) {
  size_t first = 1;
  bool symbolic = argv.size() > 1 && argv[1] == "-S";
  if (symbolic) ++first;
  mode_t mask = umask(0);
  umask(mask);
  if (argv.size() == first) {
    char line[32];
    if (symbolic) {
      mode_t allowed = ~mask & 0777;
      auto letters = [&](char* out, int shift) {
        int n = 0;
        if (allowed & (4 << shift)) out[n++] = 'r';
        if (allowed & (2 << shift)) out[n++] = 'w';
        if (allowed & (1 << shift)) out[n++] = 'x';
        out[n] = '\0';
      };
      char u[4], g[4], o[4];
      letters(u, 6);
      letters(g, 3);
      letters(o, 0);
      snprintf(line, sizeof line, "u=%s,g=%s,o=%s\n", u, g, o);
    } else {
      snprintf(line, sizeof line, "%04o\n", static_cast<unsigned>(mask));
    }
    put(1, line);
    return 0;
  }
  const char* spec = argv[first].c_str();
  mode_t allowed = 0;
  if (*spec >= '0' && *spec <= '9') {
    char* end = nullptr;
    unsigned long octal = strtoul(spec, &end, 8);
    if (*end != '\0' || octal > 0777) {
      complain("umask", "bad mode");
      return 2;
    }
    mask = static_cast<mode_t>(octal);
  } else if (coreutils::change_mode(spec, ~mask & 0777, true, 0, allowed)) {
    mask = ~allowed & 0777;
  } else {
    complain("umask", "bad mode");
    return 2;
  }
  umask(mask);
  return 0;
}

int true_builtin(Shell&, const Vec<Text>&) { return 0; }
int false_builtin(Shell&, const Vec<Text>&) { return 1; }

struct Entry {
  const char* name;
  Builtin run;
};

constexpr Entry kBuiltins[] = {
    {"cd", cd},       {"pwd", pwd},     {"exit", exit_builtin},  {"export", export_builtin}, {"unset", unset},
    {"wait", wait_builtin}, {"true", true_builtin}, {"false", false_builtin}, {":", true_builtin},
    {"jobs", jobs},         {"break", break_builtin}, {"continue", continue_builtin}, {"return", return_builtin},
    {"shift", shift_builtin}, {"set", set_builtin},   {"read", read_builtin},  {"test", test_builtin},
    {"[", bracket_builtin}, {"umask", umask_builtin}, {"eval", eval_builtin}, {".", dot_builtin}, {"source", dot_builtin},
    {"command", command_builtin}, {"type", type_builtin}, {"local", local_builtin},
    {"exec", exec_builtin}, {"trap", trap_builtin},
    {"printf", printf_builtin},
};

}  // namespace

Builtin find_builtin(const char* name) {
  for (const Entry& entry : kBuiltins) {
    if (strcmp(entry.name, name) == 0) return entry.run;
  }
  return nullptr;
}

}  // namespace sh
