// Running commands: and-or lists, pipelines, spawned programs and built-ins.
#include <errno.h>
#include <spawn.h>
#include <sys/stat.h>
#include <unistd.h>

#include "builtins.h"
#include "redirect.h"
#include "shell.h"

namespace sh {

namespace {

constexpr int kNotFound = 127;
constexpr int kNotExecutable = 126;

// Where the program name runs from: name itself when it has a "/", else
// the first directory of $PATH holding it. Sets *status to 127 when there
// is no such file and to 126 when the file found is no program.
bool find_program(const char* name, const Text* search_path, Text& path, int* status) {
  struct stat info;
  if (strchr(name, '/')) {
    path = name;
  } else {
    const char* directories = search_path ? search_path->c_str() : "/bin:/usr/bin";
    bool found = false;
    for (const char* at = directories; !found;) {
      const char* colon = strchr(at, ':');
      size_t length = colon ? static_cast<size_t>(colon - at) : strlen(at);
      path = length ? Text(at, length) : Text(".");  // an empty entry is the working directory
      path.push('/');
      path.append(name);
      found = stat(path.c_str(), &info) == 0 && !S_ISDIR(info.st_mode);
      if (!colon) break;
      at = colon + 1;
    }
    if (!found) {
      complain(name, "not found");
      *status = kNotFound;
      return false;
    }
  }
  if (stat(path.c_str(), &info) != 0) {
    complain(name, "not found");
    *status = kNotFound;
    return false;
  }
  if (S_ISDIR(info.st_mode) || access(path.c_str(), X_OK) != 0) {
    complain(name, S_ISDIR(info.st_mode) ? "is a directory" : "permission denied");
    *status = kNotExecutable;
    return false;
  }
  return true;
}

// A null-terminated char* array over texts (which must outlive it).
class CStrings {
 public:
  explicit CStrings(const Vec<Text>& texts) {
    for (const Text& text : texts) pointers_.push(const_cast<char*>(text.c_str()));
    pointers_.push(nullptr);
  }
  char* const* get() { return pointers_.begin(); }

 private:
  Vec<char*> pointers_;
};

}  // namespace

void Shell::run_list(const AndOr& list) {
  if (list.background) {
    if (list.pipelines.size() == 1) {
      run_pipeline(list.pipelines[0], true);
    } else {
      start_background_shell(list.source);
    }
    status_ = 0;
    return;
  }
  status_ = run_pipeline(list.pipelines[0], false);
  for (size_t i = 1; i < list.pipelines.size() && !exiting_; ++i) {
    // && runs the next pipeline after success, || after failure; a skipped
    // one leaves $? as it was, so a || b && c runs c when a or b succeeded.
    if (list.and_then[i - 1] == (status_ == 0)) status_ = run_pipeline(list.pipelines[i], false);
  }
}

int Shell::run_pipeline(const Pipeline& pipeline, bool background) {
  Vec<pid_t> pids;
  ProcessGroup group(interactive_, !background);
  pid_t last = -1;  // the last command's pid: the pipeline's status is its status
  int status = 1;
  int in = -1;      // the read end of the pipe from the command before
  size_t count = pipeline.commands.size();
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
    for (pid_t pid : pids) add_job(pid);
    if (interactive_ && !pids.empty()) {
      Text line("[");
      line.append(decimal(static_cast<long>(jobs_.size())));
      line.append("] ");
      line.append(decimal(last_background_));
      line.push('\n');
      put(2, line.c_str());
    }
    return 0;
  }
  group.take_terminal();
  for (pid_t pid : pids) {
    int pid_status = wait_status(pid);
    if (pid == last) status = pid_status;
  }
  group.return_terminal();
  return status;
}

pid_t Shell::start_command(const Command& command, int in, int out, ProcessGroup& group, int* status) {
  Vec<Text> argv;
  for (const Text& word : command.words) expand_fields(word, *this, argv);
  Vec<Text> assignments;
  for (const Text& assignment : command.assignments) {
    size_t length = name_length(assignment.c_str());
    Text expanded(assignment.c_str(), length + 1);
    expanded.append(expand_text(Text(assignment.c_str() + length + 1), *this));
    assignments.push(static_cast<Text&&>(expanded));
  }
  if (argv.empty()) {
    // Assignments alone set the shell's own variables.
    for (const Text& assignment : assignments) {
      size_t length = name_length(assignment.c_str());
      variables_.set(Text(assignment.c_str(), length).c_str(), assignment.c_str() + length + 1);
    }
    *status = run_builtin(argv, command, in, out);
    return -1;
  }
  if (find_builtin(argv[0].c_str())) {
    TemporaryAssignments scoped(variables_, assignments);
    *status = run_builtin(argv, command, in, out);
    return -1;
  }
  return spawn(argv, assignments, command, in, out, group, status);
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
  posix_spawn_file_actions_t actions;
  if (posix_spawn_file_actions_init(&actions) != 0) return -1;
  Vec<Text> environment;
  variables_.environment(assignments, environment);
  CStrings arguments(argv);
  CStrings envp(environment);
  pid_t pid = -1;
  // The terminal is taken on the shell's stdin, before the redirections
  // give the child another.
  int error = group.add_actions(&actions);
  if (error == 0 && !redirections.add_to(&actions)) error = errno;
  if (error == 0) error = posix_spawn(&pid, path.c_str(), &actions, group.attributes(), arguments.get(), envp.get());
  posix_spawn_file_actions_destroy(&actions);
  if (error != 0) {
    complain(argv[0].c_str(), strerror(error));
    *status = error == ENOENT ? kNotFound : kNotExecutable;
    return -1;
  }
  group.started(pid);
  return pid;
}

int Shell::run_builtin(const Vec<Text>& argv, const Command& command, int in, int out) {
  Redirections redirections;
  if (in >= 0) redirections.add(0, in);
  if (out >= 0) redirections.add(1, out);
  if (!redirections.prepare(command.redirects, *this)) return 1;
  int status = 1;
  if (redirections.apply()) status = argv.empty() ? 0 : find_builtin(argv[0].c_str())(*this, argv);
  redirections.restore();
  return status;
}

// A background list of several pipelines (a && b &) runs in a shell of its own.
void Shell::start_background_shell(const Text& source) {
  Vec<Text> argv;
  argv.push(name_);
  argv.push(Text("-c"));
  argv.push(source);
  Vec<Text> environment;
  variables_.environment(Vec<Text>(), environment);
  CStrings arguments(argv);
  CStrings envp(environment);
  Text path;
  int status = 0;
  if (!find_program(program_.c_str(), variables_.find("PATH"), path, &status)) return;
  ProcessGroup group(interactive_, false);  // its own group: Ctrl-C at the terminal leaves it alone
  pid_t pid = -1;
  int error = posix_spawn(&pid, path.c_str(), nullptr, group.attributes(), arguments.get(), envp.get());
  if (error != 0) {
    complain(program_.c_str(), strerror(error));
    return;
  }
  add_job(pid);
}

}  // namespace sh
