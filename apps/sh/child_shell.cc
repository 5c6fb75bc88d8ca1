// Child shells: Tessera has no fork, so what POSIX runs in a subshell
// environment (a ( list ), a command substitution, a built-in or compound
// command in a pipeline, a background list) runs in a new shell started
// with posix_spawn. It gets this shell's state as shell text ahead of the
// command itself: the variables that are not exported (the exported ones
// come in its environment) and the functions; $?, $0 and $1.. come in
// its argv. The text goes through a pipe, not argv (which is small on Tessera),
// on a descriptor named by `sh --program-fd N` (main.cc).
#include <errno.h>
#include <fcntl.h>
#include <unistd.h>

#include "programs.h"
#include "redirect.h"
#include "shell.h"

namespace sh {

namespace {

// The program is written whole before the child starts: it must fit the
// pipe's buffer (64 KiB on Linux and Tessera).
constexpr size_t kProgramMax = 65536;

// A pipe holding state, a NUL, and command; its read end (close-on-exec),
// or -1.
int program_pipe(const Text& state, const Text& command) {
  if (state.size() + 1 + command.size() > kProgramMax) {
    complain("subshell", "its program is longer than 64 KiB");
    return -1;
  }
  int ends[2];
  if (pipe(ends) != 0) {
    complain("pipe", strerror(errno));
    return -1;
  }
  put(ends[1], state.c_str());
  (void)!write(ends[1], "", 1);
  put(ends[1], command.c_str());
  close(ends[1]);
  return set_apart(ends[0]);
}

}  // namespace

Text single_quoted(const Text& value) {
  Text text("'");
  for (const char* at = value.c_str(); *at; ++at) {
    if (*at == '\'') text.append("'\\''");
    else text.push(*at);
  }
  text.push('\'');
  return text;
}

Text Shell::state_as_text() const {
  Text text;
  variables_.for_each([&text](const Text& name, const Text& value, bool exported) {
    if (exported) return;
    text.append(name);
    text.push('=');
    text.append(single_quoted(value));
    text.push('\n');
  });
  for (const Function& function : functions_) {
    text.append(function.name);
    text.append("() ");
    text.append(function.body);
    text.push('\n');
  }
  // Last: -x would trace the state's assignments.
  if (options_.exit_on_error) text.append("set -e\n");
  if (options_.unset_is_error) text.append("set -u\n");
  if (options_.trace) text.append("set -x\n");
  return text;
}

pid_t Shell::start_child_shell(const Text& source, int in, int out, ProcessGroup& group) {
  Text path;
  int status = 0;
  if (!find_program(program_.c_str(), variables_.find("PATH"), path, &status)) return -1;
  int program_fd = program_pipe(state_as_text(), source);
  if (program_fd < 0) return -1;
  Vec<Text> argv;
  argv.push(program_);
  argv.push(Text("--program-fd"));
  argv.push(decimal(program_fd));
  argv.push(decimal(status_));
  argv.push(name_);
  for (const Text& argument : arguments_) argv.push(argument);
  Vec<Text> environment;
  variables_.environment(Vec<Text>(), environment);
  Redirections redirections;
  if (in >= 0) redirections.add(0, in);
  if (out >= 0) redirections.add(1, out);
  fcntl(program_fd, F_SETFD, 0);  // the one descriptor of the shell's own the child keeps
  pid_t pid = -1;
  int error = start_process(path, argv, environment, redirections, group, &pid);
  close(program_fd);
  if (error != 0) complain(program_.c_str(), strerror(error));
  return pid;
}

bool Shell::run_program_from(int fd) {
  Text program;
  char chunk[4096];
  for (;;) {
    ssize_t got = read(fd, chunk, sizeof chunk);
    if (got < 0 && errno == EINTR) continue;
    if (got < 0) return false;
    if (got == 0) break;
    program.append(chunk, static_cast<size_t>(got));
  }
  close(fd);
  // The state, then the command: the state's assignments must not change $?.
  const char* separator = static_cast<const char*>(memchr(program.c_str(), '\0', program.size()));
  if (!separator) {
    errno = EINVAL;  // not what a shell writes
    return false;
  }
  int status = status_;
  run(program.c_str(), false);
  status_ = status;
  run(separator + 1, false);
  return true;
}

Text Shell::substitute(const Text& command) {
  int ends[2];
  if (pipe(ends) != 0) {
    complain("pipe", strerror(errno));
    substitution_status_ = 1;
    return Text();
  }
  int read_end = set_apart(ends[0]);
  int write_end = set_apart(ends[1]);
  // In front while the shell reads it: Ctrl-C ends it, and with it the
  // command it is for (wait_status), as the foreground process group that
  // holds both on Unix.
  ProcessGroup group(interactive_, true);
  pid_t pid = start_child_shell(command, -1, write_end, group);
  group.take_terminal();
  close(write_end);
  Text output;
  char chunk[4096];
  for (;;) {
    ssize_t got = read(read_end, chunk, sizeof chunk);
    if (got < 0 && errno == EINTR) continue;
    if (got <= 0) break;
    output.append(chunk, static_cast<size_t>(got));
  }
  close(read_end);
  substitution_status_ = pid > 0 ? wait_status(pid, true) : 1;
  while (!output.empty() && output.back() == '\n') output.pop();
  return output;
}

void Shell::expansion_error(const char* what, const char* why) {
  complain(what, why);
  expansion_failed_ = true;
  // As in other shells, a script does not go on after it.
  if (!interactive_) exit(2);
}

}  // namespace sh
