// Running commands: and-or lists, pipelines, spawned programs and built-ins
// (compound commands: compound.cc).
#include <errno.h>
#include <spawn.h>
#include <unistd.h>

#include "builtins.h"
#include "programs.h"
#include "redirect.h"
#include "shell.h"

namespace sh {

namespace {

// argv without its first word.
void drop_first(Vec<Text>& argv) {
  Vec<Text> rest;
  for (size_t i = 1; i < argv.size(); ++i) rest.push(static_cast<Text&&>(argv[i]));
  argv = static_cast<Vec<Text>&&>(rest);
}

// A pipeline as typed, for `jobs`.
Text pipeline_source(const Pipeline& pipeline) {
  Text source(pipeline.negated ? "! " : "");
  for (size_t i = 0; i < pipeline.commands.size(); ++i) {
    if (i > 0) source.append(" | ");
    source.append(pipeline.commands[i].source);
  }
  return source;
}

// A simple command whose words are expanded already, as shell text that
// gives the same words again: each word single-quoted. Redirections are not
// expanded yet and go as typed. False when one is a here-document (its body
// is no longer text to quote); the command is then run from its source.
bool expanded_command_text(const Vec<Text>& assignments, const Vec<Text>& argv, const Vec<Redirect>& redirects,
                           Text& text) {
  static const char* const kOperators[] = {"<", ">", ">>", "<>", "<&", ">&"};
  for (const Text& assignment : assignments) {
    size_t length = name_length(assignment.c_str());
    text.append(Text(assignment.c_str(), length + 1));
    text.append(single_quoted(Text(assignment.c_str() + length + 1)));
    text.push(' ');
  }
  for (const Text& word : argv) {
    text.append(single_quoted(word));
    text.push(' ');
  }
  for (const Redirect& redirect : redirects) {
    if (redirect.kind == RedirectKind::HereDocument) return false;
    text.append(decimal(redirect.fd));
    text.append(kOperators[static_cast<int>(redirect.kind)]);
    text.append(redirect.target);
    text.push(' ');
  }
  return true;
}

}  // namespace

void Shell::run_lists(const List& lists) {
  for (const AndOr& list : lists) {
    run_list(list);
    run_pending_traps();
    if (stopping()) return;
  }
}

void Shell::run_list(const AndOr& list) {
  if (list.background) {
    if (list.pipelines.size() == 1 && !list.pipelines[0].negated) {
      run_pipeline(list.pipelines[0], true);
    } else {
      start_background_shell(list.source);
    }
    status_ = 0;
    return;
  }
  status_ = run_pipeline(list.pipelines[0], false);
  size_t last = 0;  // the pipeline that ran last
  for (size_t i = 1; i < list.pipelines.size() && !stopping(); ++i) {
    // && runs the next pipeline after success, || after failure; a skipped
    // one leaves $? as it was, so a || b && c runs c when a or b succeeded.
    if (list.and_then[i - 1] == (status_ == 0)) {
      status_ = run_pipeline(list.pipelines[i], false);
      last = i;
    }
  }
  // set -e: only the list's last pipeline counts, and not when negated
  // (POSIX: the others are tested, as a condition is).
  bool tested = condition_depth_ > 0 || last + 1 < list.pipelines.size() || list.pipelines[last].negated;
  if (options_.exit_on_error && status_ != 0 && !tested && !stopping()) exit(status_);
}

int Shell::run_pipeline(const Pipeline& pipeline, bool background) {
  size_t count = pipeline.commands.size();
  bool alone = count == 1 && !background;  // may run in this shell
  if (alone) {
    const Command& command = pipeline.commands[0];
    int status = command.kind == CommandKind::Simple ? run_simple(command) : run_compound(command);
    return pipeline.negated ? status == 0 : status;
  }
  Vec<pid_t> pids;
  ProcessGroup group(interactive_, !background);
  pid_t last = -1;  // the last command's pid: the pipeline's status is its status
  int status = 1;
  int in = -1;      // the read end of the pipe from the command before
  for (size_t i = 0; i < count; ++i) {
    int ends[2] = {-1, -1};
    if (i + 1 < count) {
      if (pipe(ends) != 0) {
        complain("pipe", strerror(errno));
        break;
      }
      ends[0] = set_apart(ends[0]);
      ends[1] = set_apart(ends[1]);
    }
    int command_status = 0;
    pid_t pid = start_command(pipeline.commands[i], in, ends[1], group, &command_status);
    if (in >= 0) close(in);
    if (ends[1] >= 0) close(ends[1]);
    in = ends[0];
    if (pid > 0) pids.push(pid);
    if (i + 1 == count) {
      last = pid;
      status = command_status;
    }
  }
  if (in >= 0) close(in);
  if (background) {
    size_t number = jobs_.empty() ? 1 : jobs_.back().number + 1;
    for (size_t i = 0; i < pids.size(); ++i) {
      add_job(pids[i], i + 1 == pids.size() ? pipeline_source(pipeline) : Text());
      jobs_.back().number = number;
    }
    if (interactive_ && !pids.empty()) {
      Text line("[");
      line.append(decimal(static_cast<long>(number)));
      line.append("] ");
      line.append(decimal(last_background_));
      line.push('\n');
      put(2, line.c_str());
    }
    return 0;
  }
  group.take_terminal();
  for (pid_t pid : pids) {
    int pid_status = wait_status(pid, true);
    if (pid == last) status = pid_status;
  }
  group.return_terminal();
  return pipeline.negated ? status == 0 : status;
}

// set -x: "+ " and the command's assignments and words, on stderr.
void Shell::trace(const Vec<Text>& assignments, const Vec<Text>& argv) const {
  Text line("+");
  for (const Text& word : assignments) {
    line.push(' ');
    line.append(word);
  }
  for (const Text& word : argv) {
    line.push(' ');
    line.append(word);
  }
  line.push('\n');
  put(2, line.c_str());
}

bool Shell::expand_command(const Command& command, Vec<Text>& argv, Vec<Text>& assignments, int* status) {
  expansion_failed_ = false;
  substitution_status_ = 0;
  for (const Text& word : command.words) expand_fields(word, *this, argv);
  for (const Text& assignment : command.assignments) {
    size_t length = name_length(assignment.c_str());
    Text expanded(assignment.c_str(), length + 1);
    expanded.append(expand_text(Text(assignment.c_str() + length + 1), *this));
    assignments.push(static_cast<Text&&>(expanded));
  }
  if (options_.trace && !expansion_failed_ && !interrupted_) trace(assignments, argv);
  // A substitution that Ctrl-C ended ends the command it was for.
  if (interrupted_) *status = substitution_status_;
  if (expansion_failed_) *status = 2;
  return !expansion_failed_ && !interrupted_;
}

bool Shell::is_program(const Vec<Text>& argv) const {
  return !argv.empty() && !find_function(argv[0].c_str()) && !find_builtin(argv[0].c_str());
}

int Shell::run_simple(const Command& command) {
  Vec<Text> argv;
  Vec<Text> assignments;
  int status = 1;
  if (!expand_command(command, argv, assignments, &status)) return status;
  if (argv.empty()) {
    // Assignments alone set the shell's own variables; $? is that of the
    // last command substitution in them, if any.
    for (const Text& assignment : assignments) {
      size_t length = name_length(assignment.c_str());
      variables_.set(Text(assignment.c_str(), length).c_str(), assignment.c_str() + length + 1);
    }
    status = run_builtin(argv, command);
    return status == 0 ? substitution_status_ : status;
  }
  // command name args: name past the functions, a built-in or a program.
  bool past_functions = false;
  while (argv.size() >= 2 && argv[0] == "command" && argv[1][0] != '-') {
    past_functions = true;
    drop_first(argv);
  }
  if (argv.size() >= 3 && argv[0] == "command" && argv[1] == "--") {
    past_functions = true;
    drop_first(argv);
    drop_first(argv);
  }
  const Function* function = past_functions ? nullptr : find_function(argv[0].c_str());
  if (function) {
    Text body = function->body;  // a copy: the function may define itself anew while it runs
    TemporaryAssignments scoped(variables_, assignments);
    return call_function(body, argv, command.redirects);
  }
  if (find_builtin(argv[0].c_str())) {
    TemporaryAssignments scoped(variables_, assignments);
    return run_builtin(argv, command);
  }
  // The job's process group only now: a function or built-in above runs
  // commands of its own, each a job of its own.
  ProcessGroup group(interactive_, true);
  pid_t pid = spawn(argv, assignments, command, -1, -1, group, &status);
  if (pid < 0) return status;
  group.take_terminal();
  status = wait_status(pid, true);
  group.return_terminal();
  return status;
}

pid_t Shell::start_command(const Command& command, int in, int out, ProcessGroup& group, int* status) {
  *status = 1;
  if (command.kind != CommandKind::Simple) return start_child_shell(command.source, in, out, group);
  Vec<Text> argv;
  Vec<Text> assignments;
  if (!expand_command(command, argv, assignments, status)) return -1;
  if (is_program(argv)) return spawn(argv, assignments, command, in, out, group, status);
  // Not a program: in a pipeline or in the background it runs apart, in a
  // child shell, with the words as expanded here (expanding them again
  // would run their substitutions twice).
  Text text;
  bool expanded = expanded_command_text(assignments, argv, command.redirects, text);
  return start_child_shell(expanded ? text : command.source, in, out, group);
}

pid_t Shell::spawn(const Vec<Text>& argv, const Vec<Text>& assignments, const Command& command, int in, int out,
                   ProcessGroup& group, int* status) {
  Redirections redirections;
  if (in >= 0) redirections.add(0, in);
  if (out >= 0) redirections.add(1, out);
  *status = 1;
  if (!redirections.prepare(command.redirects, *this)) return -1;
  Text path;
  if (!find_program(argv[0].c_str(), variables_.find("PATH"), path, status)) return -1;
  Vec<Text> environment;
  variables_.environment(assignments, environment);
  pid_t pid = -1;
  int error = start_process(path, argv, environment, redirections, group, &pid);
  if (error != 0) {
    complain(argv[0].c_str(), strerror(error));
    *status = error == ENOENT ? kNotFound : kNotExecutable;
  }
  return pid;
}

int Shell::start_process(const Text& path, const Vec<Text>& argv, const Vec<Text>& environment,
                         const Redirections& redirections, ProcessGroup& group, pid_t* pid) {
  posix_spawn_file_actions_t actions;
  int error = posix_spawn_file_actions_init(&actions);
  if (error != 0) return error;
  CStrings arguments(argv);
  CStrings envp(environment);
  // The terminal is taken on the shell's stdin, before the redirections
  // give the child another.
  error = group.add_actions(&actions);
  if (error == 0 && !redirections.add_to(&actions)) error = errno;
  if (error == 0) error = posix_spawn(pid, path.c_str(), &actions, group.attributes(), arguments.get(), envp.get());
  posix_spawn_file_actions_destroy(&actions);
  if (error != 0) {
    *pid = -1;
    return error;
  }
  group.started(*pid);
  return 0;
}

int Shell::run_builtin(const Vec<Text>& argv, const Command& command) {
  Redirections redirections;
  if (!redirections.prepare(command.redirects, *this)) return 1;
  int status = 1;
  if (redirections.apply()) status = argv.empty() ? 0 : find_builtin(argv[0].c_str())(*this, argv);
  // exec without a command: its redirections are the shell's from now on.
  if (status == 0 && argv.size() == 1 && argv[0] == "exec") redirections.keep();
  redirections.restore();
  return status;
}

// A background list of several pipelines (a && b &) runs in a shell of its own.
void Shell::start_background_shell(const Text& source) {
  ProcessGroup group(interactive_, false);  // its own group: Ctrl-C at the terminal leaves it alone
  pid_t pid = start_child_shell(source, -1, -1, group);
  if (pid > 0) add_job(pid, source);
}

}  // namespace sh
