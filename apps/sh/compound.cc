// Compound commands (POSIX XCU 2.9.4), run in the shell itself: { },
// if, while, until, for and case walk their lists; ( ) runs its list in a
// child shell (child_shell.cc). break, continue and return (builtins)
// set flow_, which makes the lists stop and the loops end or go round; a
// foreground job that Ctrl-C ended stops them all (interrupted_).
#include "glob.h"
#include "redirect.h"
#include "shell.h"

namespace sh {

int Shell::run_compound(const Command& command) {
  if (command.kind == CommandKind::FunctionDefinition) {
    define_function(command.name, command.body_source);
    return 0;
  }
  Redirections redirections;
  if (!redirections.prepare(command.redirects, *this)) return 1;
  int status = 1;
  if (redirections.apply()) {
    switch (command.kind) {
      case CommandKind::Group:
        run_lists(command.lists[0]);
        status = status_;
        break;
      case CommandKind::Subshell: {
        ProcessGroup group(interactive_, true);
        pid_t pid = start_child_shell(command.body_source, -1, -1, group);
        group.take_terminal();
        if (pid > 0) status = wait_status(pid, true);
        group.return_terminal();
        break;
      }
      case CommandKind::If: status = run_if(command); break;
      case CommandKind::While:
      case CommandKind::Until: status = run_loop(command); break;
      case CommandKind::For: status = run_for(command); break;
      case CommandKind::Case: status = run_case(command); break;
      default: break;
    }
  }
  redirections.restore();
  return status;
}

void Shell::run_condition(const List& lists) {
  ++condition_depth_;
  run_lists(lists);
  --condition_depth_;
}

int Shell::run_if(const Command& command) {
  size_t count = command.lists.size();
  for (size_t i = 0; i + 1 < count; i += 2) {
    run_condition(command.lists[i]);
    if (stopping()) return status_;
    if (status_ == 0) {
      run_lists(command.lists[i + 1]);
      return status_;
    }
  }
  if (count % 2 == 1) {  // else
    run_lists(command.lists[count - 1]);
    return status_;
  }
  return 0;
}

bool Shell::loop_ends() {
  if (interrupted_) return true;
  switch (flow_) {
    case Flow::Next: return exiting_;
    case Flow::Return: return true;
    case Flow::Break:
      if (--flow_levels_ <= 0) flow_ = Flow::Next;
      return true;
    case Flow::Continue:
      if (--flow_levels_ > 0) return true;  // an outer loop's continue
      flow_ = Flow::Next;
      return false;
  }
  return true;
}

int Shell::run_loop(const Command& command) {
  bool until = command.kind == CommandKind::Until;
  int status = 0;  // the body's last; 0 when it never ran
  ++loop_depth_;
  for (;;) {
    run_condition(command.lists[0]);
    if (stopping()) {
      if (loop_ends()) break;
      continue;
    }
    if ((status_ == 0) == until) break;
    run_lists(command.lists[1]);
    status = status_;
    if (loop_ends()) break;
  }
  --loop_depth_;
  return status;
}

int Shell::run_for(const Command& command) {
  Vec<Text> values;
  if (command.all_arguments) {
    for (const Text& argument : arguments_) values.push(argument);
  } else {
    expansion_failed_ = false;
    for (const Text& word : command.words) expand_fields(word, *this, values);
    if (expansion_failed_) return 2;
  }
  int status = 0;
  ++loop_depth_;
  for (const Text& value : values) {
    variables_.set(command.name.c_str(), value.c_str());
    run_lists(command.lists[0]);
    status = status_;
    if (loop_ends()) break;
  }
  --loop_depth_;
  return status;
}

int Shell::run_case(const Command& command) {
  expansion_failed_ = false;
  Text subject = expand_text(command.words[0], *this);
  for (const CaseItem& item : command.cases) {
    for (const Text& pattern : item.patterns) {
      Text expanded = expand_pattern(pattern, *this);
      if (expansion_failed_) return 2;
      if (!pattern_matches(expanded.c_str(), subject.c_str())) continue;
      if (item.body.empty()) return 0;
      run_lists(item.body);
      return status_;
    }
  }
  return 0;
}

}  // namespace sh
