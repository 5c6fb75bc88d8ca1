// What the POSIX layer offers programs that talk to procmgr themselves
// (C++ only; docs/posix.md).
#pragma once

#include <stdint.h>

namespace tessera {

// The Vfs and ProcessManager sessions libc's calls use from now on.
// init has sessions with vfs and procmgr only once it has started them: it
// hands them to libc so that open, posix_spawn and waitpid work.
void set_posix_sessions(uint32_t vfs, uint32_t procmgr);

// The channel to init's ServiceManager (idl/services.capnp), or 0: a
// process without one may not manage services. init sets it in itself for
// the console's program; every child gets a duplicate of its parent's
// (the inheritance below and posix_spawn's), taken over here at start.
void set_services_session(uint32_t session);
uint32_t services_session();

// Makes a File channel (idl/fs.capnp) that did not come from open() — a
// pipe's end, a file a server handed over — a new fd (the lowest free),
// taking the handle over. flags: the access mode and O_APPEND, O_NONBLOCK,
// O_CLOEXEC. Its kind (file, directory, device) is asked with File.stat.
// Returns the fd, or -1 with errno (the handle is closed then).
int adopt_file(uint32_t file, int flags);

// What a child started through procmgr.spawn directly inherits: this
// process's descriptors (those not close-on-exec, offsets shared) and
// working directory, as of send().
//
//   tessera::Inheritance inheritance;
//   Status s = procmgr.spawn(..., inheritance.child_end(), pid, process);
//   if (s) inheritance.send();
class Inheritance {
 public:
  Inheritance();
  Inheritance(const Inheritance&) = delete;
  Inheritance& operator=(const Inheritance&) = delete;
  // Unsent, the child's end closes: the child ends before its main, killed
  // (a spawn its spawner did not finish, docs/posix.md).
  ~Inheritance();
  // spawn's `startup` handle (spawn takes it); 0 if no channel could be made.
  uint32_t child_end() const { return child_end_; }
  // Once spawn has succeeded: the child may not run main until it is sent.
  void send();

 private:
  uint32_t parent_end_ = 0;
  uint32_t child_end_ = 0;
};

}  // namespace tessera
