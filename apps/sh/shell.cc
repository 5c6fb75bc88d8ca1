#include "shell.h"

#include <errno.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include "parser.h"

namespace sh {

void put(int fd, const char* text) {
  size_t length = strlen(text);
  while (length > 0) {
    ssize_t written = write(fd, text, length);
    if (written < 0 && errno == EINTR) continue;
    if (written <= 0) return;
    text += written;
    length -= static_cast<size_t>(written);
  }
}

void complain(const char* what, const char* why) {
  Text message("sh: ");
  message.append(what);
  message.append(": ");
  message.append(why);
  message.push('\n');
  put(2, message.c_str());
}

Text decimal(long value) {
  char digits[24];
  size_t at = sizeof digits;
  digits[--at] = '\0';
  unsigned long magnitude = value < 0 ? 0ul - static_cast<unsigned long>(value) : static_cast<unsigned long>(value);
  do {
    digits[--at] = static_cast<char>('0' + magnitude % 10);
    magnitude /= 10;
  } while (magnitude != 0);
  if (value < 0) digits[--at] = '-';
  return Text(digits + at);
}

int exit_status_of(int wait_status) {
  if (WIFEXITED(wait_status)) return WEXITSTATUS(wait_status);
  if (WIFSIGNALED(wait_status)) return 128 + WTERMSIG(wait_status);
  return 1;
}

void Shell::start(const char* program, const char* name, int count, char* const* arguments,
                  char* const* environment) {
  program_ = program;
  name_ = name;
  for (int i = 0; i < count; ++i) arguments_.push(Text(arguments[i]));
  variables_.import(environment);
}

bool Shell::lookup(const char* name, Text& value) const {
  if (strcmp(name, "?") == 0) {
    value = decimal(status_);
  } else if (strcmp(name, "$") == 0) {
    value = decimal(getpid());
  } else if (strcmp(name, "!") == 0) {
    if (last_background_ == 0) return false;
    value = decimal(last_background_);
  } else if (strcmp(name, "#") == 0) {
    value = decimal(static_cast<long>(arguments_.size()));
  } else if (strcmp(name, "0") == 0) {
    value = name_;
  } else if (name[0] >= '1' && name[0] <= '9') {
    size_t index = strtoul(name, nullptr, 10);
    if (index > arguments_.size()) return false;
    value = arguments_[index - 1];
  } else {
    const Text* found = variables_.find(name);
    if (!found) return false;
    value = *found;
  }
  return true;
}

RunResult Shell::run(const char* source, bool more_may_come) {
  // What Ctrl-C stopped stays stopped until the outermost text is done.
  if (run_depth_ == 0) interrupted_ = false;
  ++run_depth_;
  RunResult result = run_lines(source, more_may_come);
  --run_depth_;
  // A shell with no terminal (a child shell, a script) is in the job that
  // SIGINT ended, but may see its command end by it before its own SIGINT
  // comes, or without one coming: it then ends by SIGINT itself, as dash
  // does when it sees its job end so, and its waiter sees the interrupt
  // rather than an exit with 130 (docs/posix.md, "The console: Ctrl-C").
  if (run_depth_ == 0 && interrupted_ && !interactive_) {
    raise(SIGINT);
    run_pending_traps();  // it lives on if it traps SIGINT
  }
  return result;
}

RunResult Shell::run_lines(const char* source, bool more_may_come) {
  Vec<Token> tokens;
  if (lex(source, tokens) == LexResult::Incomplete) {
    if (more_may_come) return RunResult::Incomplete;
    complain("syntax error", "unexpected end of file");
    status_ = 2;
    return RunResult::Done;
  }
  Parser parser(tokens, source);
  while (!parser.done() && !stopping()) {
    List lists;
    ParseResult parsed = parser.line(lists);
    if (parsed == ParseResult::Incomplete && more_may_come) return RunResult::Incomplete;
    if (parsed != ParseResult::Ok) {
      complain("syntax error", parsed == ParseResult::Error ? parser.error().c_str() : "unexpected end of file");
      status_ = 2;
      return RunResult::Done;
    }
    run_lists(lists);
  }
  return RunResult::Done;
}

void Shell::set_flow(Flow flow, long levels) {
  if (flow == Flow::Return) {
    flow_ = flow;
    return;
  }
  if (loop_depth_ == 0) return;  // break or continue outside a loop does nothing
  flow_ = flow;
  flow_levels_ = levels < static_cast<long>(loop_depth_) ? levels : static_cast<long>(loop_depth_);
}

void Shell::add_job(pid_t pid, const Text& command) {
  jobs_.push(Job{pid, false, 0, jobs_.empty() ? 1 : jobs_.back().number + 1, command});
  last_background_ = pid;
}

void Shell::list_jobs() {
  reap_jobs();
  for (const Job& job : jobs_) {
    if (job.command.empty()) continue;  // not the last process of its pipeline
    Text line("[");
    line.append(decimal(static_cast<long>(job.number)));
    line.append("] ");
    if (!job.done) {
      line.append("Running");
    } else if (job.status == 0) {
      line.append("Done");
    } else {
      line.append("Done(");
      line.append(decimal(job.status));
      line.push(')');
    }
    line.push(' ');
    line.append(job.command);
    line.push('\n');
    put(1, line.c_str());
  }
  // A job reported done is forgotten, as in other shells.
  for (size_t i = jobs_.size(); i-- > 0;) {
    if (jobs_[i].done) jobs_.remove(i);
  }
}

void Shell::reap_jobs() {
  for (Job& job : jobs_) {
    int status = 0;
    if (!job.done && waitpid(job.pid, &status, WNOHANG) == job.pid) {
      job.done = true;
      job.status = exit_status_of(status);
    }
  }
}

int Shell::wait_status(pid_t pid, bool foreground) {
  for (;;) {
    int status = 0;
    if (waitpid(pid, &status, WUNTRACED) < 0) {
      if (errno == EINTR) continue;
      return 127;
    }
    // A job that read the terminal before it was given it stopped; it has
    // the terminal now (and the shell has no job control to keep it stopped).
    if (WIFSTOPPED(status)) {
      kill(pid, SIGCONT);
      continue;
    }
    // A foreground job ended by SIGINT: Ctrl-C, meant for the whole command
    // line, so that it also ends a loop around the job (as bash and dash do).
    if (foreground && WIFSIGNALED(status) && WTERMSIG(status) == SIGINT) interrupted_ = true;
    return exit_status_of(status);
  }
}

int Shell::wait_all() {
  for (Job& job : jobs_) {
    if (!job.done) wait_status(job.pid);
  }
  jobs_.clear();
  return 0;
}

int Shell::wait_for(pid_t pid) {
  for (size_t i = 0; i < jobs_.size(); ++i) {
    if (jobs_[i].pid != pid) continue;
    int status = jobs_[i].done ? jobs_[i].status : wait_status(pid);
    jobs_.remove(i);
    return status;
  }
  return 127;
}

}  // namespace sh
