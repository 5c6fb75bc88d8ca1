// A benchmark's server in a child process: `ipcbench serve-<role> [hart]`
// serves the far end of a channel (extra handles go along), on the given
// hart if one is named. Closing our end ends the child.
#pragma once

#include "ipc/message.h"

namespace bench {

struct Remote {
  ipc::Handle end = 0;
  ipc::Handle process = 0;

  // hart: a hart id in text, or null for any hart.
  static Remote start(const char* role, ipc::Handle extra = 0, const char* hart = nullptr);
  void stop();
};

}  // namespace bench
