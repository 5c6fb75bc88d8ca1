// Shell: the state of one shell (variables, arguments, $?, background
// jobs) and the running of source text: lines are parsed (parser.h) and
// run one after another; commands are spawned with posix_spawn (Tessera
// has no fork), built-ins run in the shell itself (builtins.h).
#pragma once

#include <sys/types.h>

#include "expand.h"
#include "process_group.h"
#include "syntax.h"
#include "variables.h"

namespace sh {

enum class RunResult {
  Done,
  Incomplete,  // the text ends where more must come; only when more may come
};

class Shell final : public Environment {
 public:
  // name is $0, arguments $1..; program is how this shell runs itself (for
  // a background list of more than one pipeline).
  void start(const char* program, const char* name, int count, char* const* arguments, char* const* environment);
  void set_interactive(bool interactive) { interactive_ = interactive; }
  bool interactive() const { return interactive_; }

  // Runs the lines of source in turn. When more_may_come, text that ends in
  // the middle of a command runs nothing and asks for more.
  RunResult run(const char* source, bool more_may_come);

  int status() const { return status_; }
  void set_status(int status) { status_ = status; }
  bool exiting() const { return exiting_; }
  void exit(int status) {
    status_ = status;
    exiting_ = true;
  }
  Variables& variables() { return variables_; }

  // Background jobs: notes the ones that ended (without waiting).
  void reap_jobs();
  // `wait`: every job; `wait PID`: that one (127 if it is no job of ours).
  int wait_all();
  int wait_for(pid_t pid);

  // Environment.
  bool lookup(const char* name, Text& value) const override;
  size_t argument_count() const override { return arguments_.size(); }
  const char* argument(size_t index) const override { return arguments_[index - 1].c_str(); }

 private:
  void run_list(const AndOr& list);
  int run_pipeline(const Pipeline& pipeline, bool background);
  // Starts command with stdin from in and stdout to out (-1: the shell's
  // own); returns its pid, or -1 when it ran in the shell or failed, with
  // its status in *status.
  pid_t start_command(const Command& command, int in, int out, ProcessGroup& group, int* status);
  pid_t spawn(const Vec<Text>& argv, const Vec<Text>& assignments, const Command& command, int in, int out,
              ProcessGroup& group, int* status);
  int run_builtin(const Vec<Text>& argv, const Command& command, int in, int out);
  void start_background_shell(const Text& source);
  void add_job(pid_t pid);
  int wait_status(pid_t pid);

  struct Job {
    pid_t pid;
    bool done;
    int status;
  };

  Text program_;
  Text name_;
  Vec<Text> arguments_;
  Variables variables_;
  Vec<Job> jobs_;
  pid_t last_background_ = 0;
  int status_ = 0;
  bool exiting_ = false;
  bool interactive_ = false;
};

// Writes text to fd, all of it.
void put(int fd, const char* text);
// "sh: what: why" on stderr.
void complain(const char* what, const char* why);
// The decimal digits of value.
Text decimal(long value);
// $? from a waitpid status: the exit status, or 128 + the signal.
int exit_status_of(int wait_status);

}  // namespace sh
