// env [-i] [NAME=VALUE...] [COMMAND [ARG...]]: with no command, prints the
// environment, one NAME=VALUE a line; else runs the command in it and
// exits with its status (127: not found, 126: could not be run). The
// assignments replace or add variables; -i (or "-") starts from none.
#include <errno.h>
#include <spawn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>

#include "lib/options.h"
#include "lib/report.h"

extern char** environ;

using namespace coreutils;

namespace {

constexpr int kNotFound = 127, kCannotRun = 126;

// Whether entry ("NAME=...") sets the variable that assignment sets.
bool same_name(const char* entry, const char* assignment) {
  size_t n = size_t(strchr(assignment, '=') - assignment);
  return strncmp(entry, assignment, n) == 0 && entry[n] == '=';
}

// Puts assignment into env (count entries, room for one more and a null).
void assign(char** env, size_t& count, char* assignment) {
  for (size_t i = 0; i < count; ++i) {
    if (same_name(env[i], assignment)) {
      env[i] = assignment;
      return;
    }
  }
  env[count++] = assignment;
  env[count] = nullptr;
}

}  // namespace

int main(int argc, char** argv) {
  set_program_name("env");
  bool empty = false;
  for (int c; (c = next_option(argc, argv, "i")) != -1;) {
    if (c != 'i') return usage("[-i] [name=value...] [command [arg...]]");
    empty = true;
  }
  if (optind < argc && strcmp(argv[optind], "-") == 0) {
    empty = true;
    ++optind;
  }
  size_t inherited = 0;
  while (!empty && environ && environ[inherited]) ++inherited;
  int assignments = 0;
  while (optind + assignments < argc && strchr(argv[optind + assignments], '=')) ++assignments;
  char** env = static_cast<char**>(malloc((inherited + size_t(assignments) + 1) * sizeof(char*)));
  if (!env) return report_errno("env");
  size_t count = 0;
  for (; count < inherited; ++count) env[count] = environ[count];
  env[count] = nullptr;
  for (int i = 0; i < assignments; ++i) assign(env, count, argv[optind + i]);
  char** command = argv + optind + assignments;
  if (!command[0]) {
    for (size_t i = 0; i < count; ++i) puts(env[i]);
    free(env);
    return fflush(stdout) == 0 ? kExitOk : report_errno("stdout");
  }
  pid_t pid;
  int error = posix_spawnp(&pid, command[0], nullptr, nullptr, command, env);
  free(env);
  if (error != 0) {
    errno = error;
    report_errno(command[0]);
    return error == ENOENT ? kNotFound : kCannotRun;
  }
  int status = 0;
  while (waitpid(pid, &status, 0) < 0) {
    if (errno != EINTR) return report_errno(command[0]);
  }
  return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
}
