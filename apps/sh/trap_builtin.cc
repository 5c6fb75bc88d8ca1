// trap [action condition...]: traps.h; Shell's running of trap actions.
#include "builtins.h"

namespace sh {

void Shell::run_pending_traps() {
  if (in_trap_) return;  // one action at a time: signals meanwhile wait for the next point
  for (int signal; (signal = traps_.take_pending()) >= 0;) {
    int status = status_;
    in_trap_ = true;
    run(traps_.action(signal)->c_str(), false);
    in_trap_ = false;
    if (!exiting_) status_ = status;
  }
}

int Shell::finish() {
  const Text* action = traps_.action(Traps::kExit);
  if (action && !action->empty()) {
    Text text(*action);
    (void)traps_.set(Traps::kExit, "-");  // once: an exit inside it ends it
    int status = status_;
    exiting_ = false;
    run(text.c_str(), false);
    if (!exiting_) status_ = status;
  }
  return status_;
}

// trap: lists the traps; trap action condition...: sets them (action "-"
// resets, "" ignores); trap condition...: resets them (as POSIX's first
// operand being an unsigned integer).
int trap_builtin(Shell& shell, const Vec<Text>& argv) {
  Traps& traps = shell.traps();
  if (argv.size() == 1) {
    for (int condition = 0; condition < Traps::kCount; ++condition) {
      const Text* action = traps.action(condition);
      if (!action) continue;
      Text line("trap -- ");
      line.append(single_quoted(*action));
      line.push(' ');
      line.append(Traps::name(condition));
      line.push('\n');
      put(1, line.c_str());
    }
    return 0;
  }
  size_t first = 2;
  const char* action = argv[1].c_str();
  if (Traps::condition(action) >= 0 && (argv.size() == 2 || (action[0] >= '0' && action[0] <= '9'))) {
    first = 1;
    action = "-";
  }
  int status = 0;
  for (size_t i = first; i < argv.size(); ++i) {
    if (!traps.set(Traps::condition(argv[i].c_str()), action)) {
      Text what("trap: ");
      what.append(argv[i]);
      complain(what.c_str(), "bad trap");
      status = 1;
    }
  }
  return status;
}

}  // namespace sh
