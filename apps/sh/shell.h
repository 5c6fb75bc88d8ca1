// Shell: the state of one shell (variables, functions, arguments, $?,
// background jobs) and the running of source text: lines are parsed
// (parser.h) and run one after another; compound commands are walked here
// (compound.cc); commands are spawned with posix_spawn (Tessera has no
// fork), built-ins run in the shell itself (builtins.h). What must run
// apart from the shell (a subshell, a command substitution, a built-in or
// compound command in a pipeline, a background list) runs in a child shell
// that is handed this shell's state first (child_shell.cc).
#pragma once

#include <sys/types.h>

#include "expand.h"
#include "process_group.h"
#include "redirect.h"
#include "syntax.h"
#include "traps.h"
#include "variables.h"

namespace sh {

// Where running goes after a command: on, or out of loops or a function.
enum class Flow {
  Next,
  Break,     // break [n]: out of n loops
  Continue,  // continue [n]: out of n - 1 loops and on with the next round of the nth
  Return,    // return: out of the function
};

// The options of `set`: -e, -u, -x.
struct Options {
  bool exit_on_error = false;  // -e: a failing command ends the shell, outside conditions
  bool unset_is_error = false;  // -u
  bool trace = false;           // -x: each command, expanded, on stderr before it runs
};

enum class RunResult {
  Done,
  Incomplete,  // the text ends where more must come; only when more may come
};

class Shell final : public Environment {
 public:
  // name is $0, arguments $1..; program is how this shell runs itself (its
  // child shells, child_shell.cc).
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
  Options& options() { return options_; }
  Traps& traps() { return traps_; }
  // unset -f: forgets the function name, if there is one.
  void remove_function(const char* name);
  // Runs the actions of the trapped signals that came ($? kept).
  void run_pending_traps();
  // The shell ends: runs the EXIT trap once; the status to end with.
  int finish();

  // $1..$N.
  const Vec<Text>& arguments() const { return arguments_; }
  void set_arguments(Vec<Text> arguments) { arguments_ = static_cast<Vec<Text>&&>(arguments); }
  // break, continue and return: how many loops they leave (at most as
  // many as there are), and whether there is a function to return from.
  void set_flow(Flow flow, long levels);
  size_t function_depth() const { return function_depth_; }
  // `local name`: saves name to be put back when the function returns;
  // false outside functions.
  bool make_local(const Text& name);
  // What name is, for `command -v` and `type`: "function", "builtin",
  // a program's path (in path), or null if none.
  const char* kind_of(const char* name, Text& path) const;
  // A child shell's start: runs what its parent wrote to fd (the state, a
  // NUL, the command: child_shell.cc); false when that cannot be read.
  bool run_program_from(int fd);
  // `jobs`: a line for each background job.
  void list_jobs();

  // Background jobs: notes the ones that ended (without waiting).
  void reap_jobs();
  // `wait`: every job; `wait PID`: that one (127 if it is no job of ours).
  int wait_all();
  int wait_for(pid_t pid);

  // Environment.
  bool lookup(const char* name, Text& value) const override;
  size_t argument_count() const override { return arguments_.size(); }
  const char* argument(size_t index) const override { return arguments_[index - 1].c_str(); }
  void assign(const char* name, const char* value) override { variables_.set(name, value); }
  Text substitute(const Text& command) override;
  void expansion_error(const char* what, const char* why) override;
  bool unset_is_error() const override { return options_.unset_is_error; }

 private:
  struct Function {
    Text name;
    Text body;  // as typed: run anew at each call
  };

  RunResult run_lines(const char* source, bool more_may_come);
  // Whether lists stop here: exit, break, continue, return, or Ctrl-C.
  bool stopping() const { return exiting_ || flow_ != Flow::Next || interrupted_; }
  void run_lists(const List& lists);
  void run_list(const AndOr& list);
  int run_pipeline(const Pipeline& pipeline, bool background);
  // Compound commands, in the shell (compound.cc).
  int run_compound(const Command& command);
  // The condition of an if, while or until: set -e leaves it alone.
  void run_condition(const List& lists);
  int run_if(const Command& command);
  int run_loop(const Command& command);
  int run_for(const Command& command);
  int run_case(const Command& command);
  // Whether a loop ends after a round, by break, continue or return.
  bool loop_ends();
  const Function* find_function(const char* name) const;
  void define_function(const Text& name, const Text& body);
  // Runs a function's body with $1.. from argv[1..], after redirects.
  int call_function(const Text& body, const Vec<Text>& argv, const Vec<Redirect>& redirects);
  // A child shell running source with stdin from in and stdout to out (-1:
  // the shell's own); its pid, or -1 (having said why).
  pid_t start_child_shell(const Text& source, int in, int out, ProcessGroup& group);
  // This shell's state as shell text, for a child shell (child_shell.cc).
  Text state_as_text() const;
  // A simple command that is a pipeline of its own in the foreground: a
  // built-in or function runs in this shell; its status.
  int run_simple(const Command& command);
  // Starts command, one of a pipeline or in the background, with stdin
  // from in and stdout to out (-1: the shell's own): a program, or a child
  // shell for anything else; returns its pid, or -1 when it failed, with
  // its status in *status.
  pid_t start_command(const Command& command, int in, int out, ProcessGroup& group, int* status);
  // The fields and assignments of a simple command; false (with *status)
  // when an expansion failed or Ctrl-C ended a substitution in it.
  void trace(const Vec<Text>& assignments, const Vec<Text>& argv) const;
  bool expand_command(const Command& command, Vec<Text>& argv, Vec<Text>& assignments, int* status);
  // Whether argv names a program (no function or built-in, not empty).
  bool is_program(const Vec<Text>& argv) const;
  pid_t spawn(const Vec<Text>& argv, const Vec<Text>& assignments, const Command& command, int in, int out,
              ProcessGroup& group, int* status);
  // Spawns path with argv, environment and redirections, in group: 0 with
  // *pid set, or an errno.
  int start_process(const Text& path, const Vec<Text>& argv, const Vec<Text>& environment,
                    const Redirections& redirections, ProcessGroup& group, pid_t* pid);
  int run_builtin(const Vec<Text>& argv, const Command& command);
  void start_background_shell(const Text& source);
  void add_job(pid_t pid, const Text& command);
  // $? of pid once it ends; foreground: Ctrl-C ending it stops the command line.
  int wait_status(pid_t pid, bool foreground = false);

  struct Job {
    pid_t pid;
    bool done;
    int status;
    size_t number;  // [n] of `jobs`; the processes of one pipeline share it
    Text command;   // for `jobs`: the last process of a job has it
  };

  Text program_;
  Text name_;
  Vec<Text> arguments_;
  Variables variables_;
  Vec<Function> functions_;
  Vec<Job> jobs_;
  Options options_;
  Traps traps_;
  bool in_trap_ = false;
  TemporaryAssignments* locals_ = nullptr;  // the running function's `local` variables
  size_t condition_depth_ = 0;  // in an if/while/until condition: set -e does not apply
  pid_t last_background_ = 0;
  int status_ = 0;
  bool exiting_ = false;
  bool interactive_ = false;
  bool expansion_failed_ = false;
  int substitution_status_ = 0;  // the status of the last command substitution of a command's words
  Flow flow_ = Flow::Next;
  long flow_levels_ = 0;
  size_t loop_depth_ = 0;
  size_t function_depth_ = 0;
  size_t run_depth_ = 0;      // run() within run() (function bodies)
  bool interrupted_ = false;  // a foreground job was ended by Ctrl-C (SIGINT)
};

// Writes text to fd, all of it.
void put(int fd, const char* text);
// "sh: what: why" on stderr.
void complain(const char* what, const char* why);
// The decimal digits of value.
Text decimal(long value);
// value in single quotes, as the shell reads it back ('\'' for a ').
Text single_quoted(const Text& value);
// $? from a waitpid status: the exit status, or 128 + the signal.
int exit_status_of(int wait_status);

}  // namespace sh
