// Traps (`trap action condition...`): what the shell runs when a signal
// comes, or when it exits (EXIT). A caught signal only marks itself
// pending (the handler does nothing else); the shell runs the action
// between commands (Shell::run_pending_traps), where running shell text
// is safe. Child shells start without the parent's traps, as in POSIX.
#pragma once

#include <signal.h>

#include "text.h"

namespace sh {

class Traps {
 public:
  static constexpr int kExit = 0;      // the EXIT condition
  static constexpr int kCount = 32;    // conditions: EXIT and signals 1..31

  // The condition a name (INT, SIGINT, 2, EXIT, 0) stands for; -1 if none.
  static int condition(const char* name);
  // The name of condition (without SIG).
  static const char* name(int condition);

  // action "-": the default again; "": the signal ignored; else caught.
  // False if the signal cannot be trapped (KILL, STOP).
  bool set(int condition, const char* action);
  // The action for condition; null when there is none.
  const Text* action(int condition) const;
  // Takes the next signal that came and has an action; -1 if none.
  int take_pending();

 private:
  Text actions_[kCount];
  bool set_[kCount] = {};
};

}  // namespace sh
