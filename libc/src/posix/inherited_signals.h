// The signals a spawned child starts with, as the inheritance channel
// carries them (inheritance_wire.h); signal_inheritance.h has the rules.
#pragma once

#include <stdint.h>

namespace tessera::posix {

struct InheritedSignals {
  uint64_t ignored;          // SIG_IGN in the child
  uint64_t blocked;          // its mask
  // What procmgr's record of the child starts with (ProcessTable::add,
  // from the parent's as procmgr knows them).
  uint64_t procmgr_ignored;
  uint64_t procmgr_held;
};

}  // namespace tessera::posix
