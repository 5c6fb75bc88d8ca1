// posixtest: libc's POSIX layer checked from a program's side, in the full
// system (files in /tmp on ramfs, programs through procmgr). Each
// subcommand checks one group and prints PASS or FAIL lines; `all` runs
// every group. tests/qemu/posix_test.py runs them at the shell's prompt.
//
// Started as `posixtest child MODE ...` it is the child the process checks
// spawn (processes.cc).
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "check.h"
#include "ipc/startup.h"
#include "ipc/transport.h"
#include "vfs.idl.h"

namespace posixtest {

long read_file(const char* path, char* out, size_t capacity) {
  int fd = open(path, O_RDONLY);
  if (fd < 0) return -1;
  size_t length = 0;
  for (;;) {
    ssize_t n = read(fd, out + length, capacity - 1 - length);
    if (n < 0) {
      close(fd);
      return -1;
    }
    if (n == 0) break;
    length += static_cast<size_t>(n);
  }
  out[length] = '\0';
  close(fd);
  return static_cast<long>(length);
}

uint32_t child_session() {
  ipc::ChannelTransport transport(ipc::startup_handles()[0]);
  ipc::Handle vfs = 0;
  return idl::vfs::VfsClient<ipc::ChannelTransport>(transport).clone(false, vfs) ? vfs : 0;
}

bool write_file(const char* path, const char* text) {
  int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0644);
  if (fd < 0) return false;
  size_t length = strlen(text);
  bool ok = write(fd, text, length) == static_cast<ssize_t>(length);
  return close(fd) == 0 && ok;
}

}  // namespace posixtest

namespace {

struct Group {
  const char* name;
  int (*run)();
};

const Group kGroups[] = {
    {"files", posixtest::check_files},
    {"dup", posixtest::check_dup},
    {"append", posixtest::check_append},
    {"bulk", posixtest::check_bulk},
    {"stdio", posixtest::check_stdio},
    {"adopt", posixtest::check_adopt},
    {"directories", posixtest::check_directories},
    {"errors", posixtest::check_errors},
    {"limits", posixtest::check_limits},
    {"spawn", posixtest::check_spawn},
    {"arguments", posixtest::check_arguments},
    {"orphans", posixtest::check_orphans},
    {"spawnsignals", posixtest::check_spawn_signals},
    {"wait", posixtest::check_wait},
    {"sigpipe", posixtest::check_sigpipe},
    {"signals", posixtest::check_signals},
    {"asyncsignals", posixtest::check_async_signals},
    {"blocked", posixtest::check_blocked_signals},
    {"threadsignals", posixtest::check_thread_signals},
    {"pipesignals", posixtest::check_pipe_signals},
    {"cloexec", posixtest::check_cloexec},
    {"cwd", posixtest::check_cwd},
    {"console", posixtest::check_console},
    {"pipes", posixtest::check_pipes},
};

}  // namespace

int main(int argc, char** argv) {
  if (argc >= 3 && strcmp(argv[1], "child") == 0) return posixtest::child_main(argc - 2, argv + 2);
  if (argc != 2) {
    fprintf(stderr, "usage: posixtest GROUP|all|child MODE...\n");
    return 2;
  }
  int failures = 0;
  bool known = false;
  for (const Group& g : kGroups) {
    if (strcmp(argv[1], "all") != 0 && strcmp(argv[1], g.name) != 0) continue;
    known = true;
    failures += g.run();
  }
  if (!known) {
    fprintf(stderr, "posixtest: no group %s\n", argv[1]);
    return 2;
  }
  return failures ? 1 : 0;
}
