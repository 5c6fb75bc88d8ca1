// For the programs init starts as services (image/boot.conf): each needs
// the startup handles its boot.conf line gives, and run by hand from a
// prompt it would take a Vfs session for its server end and serve no one
// while the prompt waits on it. procmgr gives every program it starts an
// inheritance channel (auxv kAuxInheritance); init's services never have
// one. So a service refuses, with a line saying why, when it has one.
#pragma once

#include <stdio.h>

#include "abi/syscall.h"
#include "ipc/startup.h"

namespace tessera {

// True if started as a service; else prints why name will not run.
inline bool started_as_service(const char* name) {
  if (ipc::aux_value(abi::kAuxInheritance) == 0) return true;
  fprintf(stderr, "%s: a service that init starts (image/boot.conf), not a program to run\n", name);
  return false;
}

}  // namespace tessera
