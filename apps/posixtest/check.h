// posixtest's checks: each subcommand checks one group of POSIX calls and
// prints "PASS <name>", or "FAIL <name>: what (errno)" at the first thing
// that is not as POSIX says.
#pragma once

#include <errno.h>
#include <spawn.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <initializer_list>

namespace posixtest {

class Check {
 public:
  explicit Check(const char* name) : name_(name) {}
  ~Check() {
    if (ok_) printf("PASS %s\n", name_);
  }
  // what holds; else FAIL (once).
  bool that(bool what, const char* description) {
    if (!what && ok_) {
      printf("FAIL %s: %s (errno %d %s)\n", name_, description, errno, strerror(errno));
      ok_ = false;
    }
    return what;
  }
  // A call that returned r failed with exactly expected.
  bool fails(long r, int expected, const char* description) {
    int got = errno;
    if (r == -1 && got == expected) return true;
    if (ok_) printf("FAIL %s: %s: returned %ld, errno %d, expected errno %d\n", name_, description, r, got, expected);
    ok_ = false;
    return false;
  }
  bool ok() const { return ok_; }
  int result() const { return ok_ ? 0 : 1; }

 private:
  const char* name_;
  bool ok_ = true;
};

// The whole contents of path (up to capacity - 1 bytes, NUL-terminated);
// -1 if it cannot be read.
long read_file(const char* path, char* out, size_t capacity);
// Creates path with text; false on any error.
bool write_file(const char* path, const char* text);
// A Vfs session for a child spawned through procmgr directly: a clone of
// ours; 0 if none.
uint32_t child_session();

// The groups (files.cc, directories.cc, processes.cc).
int check_files();
int check_dup();
int check_append();
int check_bulk();
int check_stdio();
int check_adopt();
int check_directories();
int check_errors();
int check_limits();
int check_spawn();
int check_wait();
int check_sigpipe();
int check_cloexec();
int check_cwd();
int check_console();
int check_pipes();

// What posixtest does as a child (processes.cc): argv[1] names it.
int child_main(int argc, char** argv);
// The children of the signals group (`posixtest child signal-MODE`).
int signal_child(const char* mode);
int check_signals();
// The arguments group (arguments.cc) and its children (`posixtest child argc|env-length ...`).
int check_arguments();
int check_orphans();
// The spawnsignals group (spawn_signals.cc) and its child (`posixtest child inherit IGNORED BLOCKED`).
int check_spawn_signals();
int inherit_child(int argc, char** argv);
int arguments_child(int argc, char** argv);
int async_signal_child(const char* mode);
int check_async_signals();
// The blocked group (blocked_signals.cc) and its children (`posixtest child blocked-MODE SIGNAL`).
int check_blocked_signals();
int blocked_signal_child(const char* mode, const char* signal);
// The threadsignals group (thread_signals.cc).
int check_thread_signals();
// The pipesignals group (pipe_signals.cc).
int check_pipe_signals();

// Starts `posixtest child args...`: its pid, or -1 with errno.
pid_t start(const posix_spawn_file_actions_t* actions, std::initializer_list<const char*> args);
// Waits for pid: its status, or -1.
int finish(pid_t pid);

}  // namespace posixtest
