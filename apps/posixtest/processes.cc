// Processes: posix_spawn and posix_spawnp with file actions, inheritance
// of fds (shared offsets, close-on-exec) and of the working directory,
// waitpid's statuses, kill, getpid and getppid, SIGPIPE. The children are
// posixtest itself (`posixtest child MODE ...`, child_main).
#include <fcntl.h>
#include <limits.h>
#include <signal.h>
#include <spawn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <initializer_list>

#include "check.h"
#include "fs.idl.h"
#include "ipc/ipc.h"
#include "ipc/process.h"
#include "ipc/transport.h"
#include "tessera/posix.h"

namespace posixtest {

namespace {
constexpr const char kSelf[] = "/bin/posixtest";
}  // namespace

// Starts `posixtest child args...`: its pid, or -1 with errno.
pid_t start(const posix_spawn_file_actions_t* actions, std::initializer_list<const char*> args) {
  const char* argv[8] = {"posixtest", "child"};
  int argc = 2;
  for (const char* a : args) argv[argc++] = a;
  argv[argc] = nullptr;
  pid_t pid = -1;
  int e = posix_spawn(&pid, kSelf, actions, nullptr, const_cast<char* const*>(argv), nullptr);
  if (e) {
    errno = e;
    return -1;
  }
  return pid;
}

// Waits for pid: its status, or -1.
int finish(pid_t pid) {
  int status = 0;
  return waitpid(pid, &status, 0) == pid ? status : -1;
}

namespace {

bool exited_ok(int status) { return status != -1 && WIFEXITED(status) && WEXITSTATUS(status) == 0; }

// --- the children

int child_write(const char* text) {
  printf("%s\n", text);
  return 0;
}

int child_fds(int open_fd, int closed_a, int closed_b) {
  if (fcntl(open_fd, F_GETFD) != 0) return 1;
  if (fcntl(closed_a, F_GETFD) != -1 || errno != EBADF) return 2;
  if (fcntl(closed_b, F_GETFD) != -1 || errno != EBADF) return 3;
  return write(open_fd, "inherited\n", 10) == 10 ? 0 : 4;
}

int child_cwd(const char* expected) {
  char cwd[PATH_MAX];
  if (!getcwd(cwd, sizeof cwd) || strcmp(cwd, expected) != 0) return 1;
  struct stat st;
  return stat("marker", &st) == 0 ? 0 : 2;
}

int child_ppid(long parent) {
  return getppid() == parent && getpid() > parent ? 0 : 1;
}

void say_bye() { printf("bye\n"); }

int child_atexit() {
  atexit(say_bye);
  printf("partial");
  exit(0);
}

// Waits until the file system behind fd is gone (the parent ends it),
// then writes to it: the write ends this process as SIGPIPE would.
int child_sigpipe(int fd) {
  struct stat st;
  while (fstat(fd, &st) == 0) {
  }
  if (errno != EPIPE) return 1;
  (void)write(fd, "x", 1);
  return 2;  // not reached
}

[[noreturn]] void child_fault() {
  volatile int* nowhere = nullptr;
  *nowhere = 1;
  for (;;) {
  }
}

}  // namespace

int child_main(int argc, char** argv) {
  const char* mode = argv[0];
  if (strcmp(mode, "write") == 0 && argc == 2) return child_write(argv[1]);
  if (strcmp(mode, "exit") == 0 && argc == 2) return atoi(argv[1]);
  if (strcmp(mode, "spin") == 0) {
    for (;;) asm volatile("");
  }
  if (strcmp(mode, "fault") == 0) child_fault();
  if (strcmp(mode, "fds") == 0 && argc == 4) return child_fds(atoi(argv[1]), atoi(argv[2]), atoi(argv[3]));
  if (strcmp(mode, "cwd") == 0 && argc == 2) return child_cwd(argv[1]);
  if (strcmp(mode, "ppid") == 0 && argc == 2) return child_ppid(atol(argv[1]));
  if (strcmp(mode, "atexit") == 0) return child_atexit();
  if (strcmp(mode, "sigpipe") == 0 && argc == 2) return child_sigpipe(atoi(argv[1]));
  if (strncmp(mode, "signal-", 7) == 0) return signal_child(mode + 7);
  if (strncmp(mode, "blocked-", 8) == 0 && argc == 2) return blocked_signal_child(mode + 8, argv[1]);
  if (strcmp(mode, "inherit") == 0) return inherit_child(argc, argv);
  if (strcmp(mode, "argc") == 0 || strcmp(mode, "env-length") == 0) return arguments_child(argc, argv);
  if (strcmp(mode, "hello") == 0) {
    printf("posixtest child: hello through stdout\n");
    fprintf(stderr, "posixtest child: hello through stderr\n");
    return 0;
  }
  return 100;
}

int check_spawn() {
  Check c("spawn");
  // The child's stdout is the parent's file: its write lands after the
  // parent's, and the parent's offset moves past it (one description).
  int fd = open("/tmp/spawn.txt", O_RDWR | O_CREAT | O_TRUNC, 0644);
  c.that(fd >= 0 && write(fd, "parent\n", 7) == 7, "the parent writes first");
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  c.that(posix_spawn_file_actions_adddup2(&actions, fd, 1) == 0, "adddup2");
  c.that(posix_spawn_file_actions_addclose(&actions, fd) == 0, "addclose");
  pid_t pid = start(&actions, {"write", "child"});
  posix_spawn_file_actions_destroy(&actions);
  c.that(pid > 0, "posix_spawn");
  c.that(exited_ok(finish(pid)), "the child exits 0");
  c.that(lseek(fd, 0, SEEK_CUR) == 13, "the child moved the shared offset");
  c.that(write(fd, "parent again\n", 13) == 13, "the parent writes after it");
  close(fd);
  char text[128];
  c.that(read_file("/tmp/spawn.txt", text, sizeof text) > 0 && strcmp(text, "parent\nchild\nparent again\n") == 0,
         "the writes in order");

  // addopen: the child's stdout and stderr on a file it opens.
  posix_spawn_file_actions_init(&actions);
  c.that(posix_spawn_file_actions_addopen(&actions, 1, "/tmp/spawn2.txt", O_WRONLY | O_CREAT | O_TRUNC, 0644) == 0,
         "addopen");
  c.that(posix_spawn_file_actions_adddup2(&actions, 1, 2) == 0, "adddup2 1 2");
  c.that(posix_spawn_file_actions_addopen(&actions, 70, "/tmp/x", O_RDONLY, 0) == EBADF, "addopen past OPEN_MAX");
  pid = start(&actions, {"hello"});
  posix_spawn_file_actions_destroy(&actions);
  c.that(pid > 0 && exited_ok(finish(pid)), "the child with its output in a file");
  c.that(read_file("/tmp/spawn2.txt", text, sizeof text) > 0 &&
             strcmp(text, "posixtest child: hello through stderr\nposixtest child: hello through stdout\n") == 0,
         "stderr (unbuffered) in the file, then stdout (fully buffered, flushed at exit) after it");

  // Actions in order: a dup2 from an fd that an earlier action closed fails.
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_addopen(&actions, 5, "/tmp/spawn2.txt", O_RDONLY, 0);
  posix_spawn_file_actions_addclose(&actions, 5);
  posix_spawn_file_actions_adddup2(&actions, 5, 1);
  c.that(start(&actions, {"exit", "0"}) == -1 && errno == EBADF, "the actions run in order");
  posix_spawn_file_actions_destroy(&actions);

  // exit flushes stdout after the atexit handlers.
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_addopen(&actions, 1, "/tmp/spawn3.txt", O_WRONLY | O_CREAT | O_TRUNC, 0644);
  pid = start(&actions, {"atexit"});
  posix_spawn_file_actions_destroy(&actions);
  c.that(pid > 0 && exited_ok(finish(pid)), "the atexit child");
  c.that(read_file("/tmp/spawn3.txt", text, sizeof text) > 0 && strcmp(text, "partialbye\n") == 0,
         "atexit handlers run, then exit flushes");

  // posix_spawnp searches PATH, /bin without it.
  char* const argv[] = {const_cast<char*>("posixtest"), const_cast<char*>("child"), const_cast<char*>("exit"),
                        const_cast<char*>("4"), nullptr};
  c.that(posix_spawnp(&pid, "posixtest", nullptr, nullptr, argv, nullptr) == 0, "posix_spawnp finds /bin/posixtest");
  int status = finish(pid);
  c.that(status != -1 && WIFEXITED(status) && WEXITSTATUS(status) == 4, "and it runs");
  c.that(posix_spawnp(&pid, "no-such-program", nullptr, nullptr, argv, nullptr) == ENOENT, "posix_spawnp ENOENT");
  c.that(posix_spawn(&pid, "/bin/no-such-program", nullptr, nullptr, argv, nullptr) == ENOENT, "posix_spawn ENOENT");
  c.that(posix_spawn(&pid, "/etc/boot.conf", nullptr, nullptr, argv, nullptr) == ENOEXEC, "posix_spawn ENOEXEC");

  char parent[16];
  snprintf(parent, sizeof parent, "%ld", static_cast<long>(getpid()));
  pid = start(nullptr, {"ppid", parent});
  c.that(pid > 0 && exited_ok(finish(pid)), "the child's getppid is the parent's getpid");
  // Run at the shell's prompt: the shell is the parent.
  char status_path[32], status_text[512];
  snprintf(status_path, sizeof status_path, "/proc/%ld/status", static_cast<long>(getppid()));
  c.that(getppid() > 1 && read_file(status_path, status_text, sizeof status_text) > 0 &&
             strstr(status_text, "Name:\tsh\n") != nullptr,
         "posixtest's parent is the shell");
  unlink("/tmp/spawn.txt");
  unlink("/tmp/spawn2.txt");
  unlink("/tmp/spawn3.txt");
  return c.result();
}

int check_wait() {
  Check c("wait");
  pid_t pid = start(nullptr, {"exit", "3"});
  int status = finish(pid);
  c.that(status != -1 && WIFEXITED(status) && !WIFSIGNALED(status) && WEXITSTATUS(status) == 3, "exit 3");

  pid = start(nullptr, {"spin"});
  c.that(pid > 0 && waitpid(pid, &status, WNOHANG) == 0, "WNOHANG while it runs");
  c.that(kill(pid, 0) == 0, "kill 0 of a running child");
  c.that(kill(pid, SIGTERM) == 0, "kill");
  status = finish(pid);
  c.that(status != -1 && WIFSIGNALED(status) && !WIFEXITED(status) && WTERMSIG(status) == SIGTERM,
         "a child killed with SIGTERM reports SIGTERM");
  c.fails(kill(pid, SIGTERM), ESRCH, "kill of a reaped child");
  c.fails(waitpid(pid, &status, 0), ECHILD, "waitpid of a reaped child");
  pid = start(nullptr, {"spin"});
  c.that(pid > 0 && kill(pid, SIGKILL) == 0, "kill SIGKILL");
  status = finish(pid);
  c.that(status != -1 && WIFSIGNALED(status) && WTERMSIG(status) == SIGKILL, "a child killed with SIGKILL reports it");
  c.fails(kill(getpid(), NSIG), EINVAL, "kill with no such signal");

  pid = start(nullptr, {"fault"});
  status = finish(pid);
  c.that(status != -1 && WIFSIGNALED(status) && WTERMSIG(status) == SIGSEGV, "a fault reports SIGSEGV");

  pid_t five = start(nullptr, {"exit", "5"});
  pid_t six = start(nullptr, {"exit", "6"});
  int seen = 0;
  for (int i = 0; i < 2; ++i) {
    pid_t got = wait(&status);
    if (got == five && WEXITSTATUS(status) == 5) seen |= 1;
    if (got == six && WEXITSTATUS(status) == 6) seen |= 2;
  }
  c.that(seen == 3, "wait collects each child once, with its status");
  c.fails(wait(&status), ECHILD, "wait without children");
  c.fails(waitpid(-1, &status, WNOHANG), ECHILD, "WNOHANG without children");
  c.fails(kill(99999, SIGTERM), ESRCH, "kill of no process");
  return c.result();
}

// A write to a File whose server has gone: EPIPE, and the writer ends as
// by SIGPIPE. The file system is a ramfs of our own (from the boot
// archive), which we end while the child holds a file of it.
int check_sigpipe() {
  Check c("sigpipe");
  auto ends = ipc::channel_create();
  if (!c.that(ends.ok(), "channel_create")) return 1;
  const char* argv[] = {"ramfs"};
  ipc::Handle server_end[] = {ends->a};
  auto ramfs = ipc::spawn(argv, server_end);
  if (!c.that(ramfs.ok(), "start a ramfs")) return 1;
  ipc::ChannelTransport transport(ends->b);
  ipc::Handle file = 0;
  idl::fs::Stat stat{};
  c.that(idl::fs::FileSystemClient<ipc::ChannelTransport>(transport).open("f", O_RDWR | O_CREAT, 0644, file, stat).ok(),
         "FileSystem.open");
  int fd = tessera::adopt_file(file, O_RDWR);
  c.that(fd >= 0 && write(fd, "alive", 5) == 5, "write while the file system runs");
  char number[8];
  snprintf(number, sizeof number, "%d", fd);
  pid_t pid = start(nullptr, {"sigpipe", number});
  c.that(pid > 0, "the child");
  (void)sys::process_kill(*ramfs);
  (void)ipc::wait(*ramfs);
  (void)ipc::close(*ramfs);
  (void)ipc::close(ends->b);
  char byte;
  c.fails(pread(fd, &byte, 1, 0), EPIPE, "a read from a file whose server is gone");
  int status = finish(pid);
  c.that(status != -1 && WIFSIGNALED(status) && WTERMSIG(status) == SIGPIPE, "the writer ends by SIGPIPE");
  c.that(close(fd) == 0, "close");
  return c.result();
}

int check_cloexec() {
  Check c("cloexec");
  int kept = open("/tmp/cloexec.txt", O_RDWR | O_CREAT | O_TRUNC, 0644);
  int closing = open("/tmp/cloexec.txt", O_RDONLY | O_CLOEXEC);
  int marked = dup(kept);
  c.that(fcntl(closing, F_GETFD) == FD_CLOEXEC, "O_CLOEXEC sets FD_CLOEXEC");
  c.that(fcntl(marked, F_SETFD, FD_CLOEXEC) == 0, "F_SETFD");
  c.that(write(kept, "parent\n", 7) == 7, "write");
  char fds[3][8];
  snprintf(fds[0], sizeof fds[0], "%d", kept);
  snprintf(fds[1], sizeof fds[1], "%d", closing);
  snprintf(fds[2], sizeof fds[2], "%d", marked);
  pid_t pid = start(nullptr, {"fds", fds[0], fds[1], fds[2]});
  c.that(pid > 0 && exited_ok(finish(pid)), "the child has the fd without FD_CLOEXEC only");
  c.that(lseek(kept, 0, SEEK_CUR) == 17, "and shares its offset");
  char text[64];
  c.that(read_file("/tmp/cloexec.txt", text, sizeof text) > 0 && strcmp(text, "parent\ninherited\n") == 0,
         "the child's write after the parent's");
  close(kept);
  close(closing);
  close(marked);
  unlink("/tmp/cloexec.txt");
  return c.result();
}

int check_cwd() {
  Check c("cwd");
  c.that(mkdir("/tmp/home", 0755) == 0 && write_file("/tmp/home/marker", "m"), "a directory");
  c.that(chdir("/tmp/home") == 0, "chdir");
  pid_t pid = start(nullptr, {"cwd", "/tmp/home"});
  c.that(pid > 0 && exited_ok(finish(pid)), "the child starts in the parent's working directory");
  c.that(chdir("/") == 0, "chdir /");
  unlink("/tmp/home/marker");
  rmdir("/tmp/home");
  return c.result();
}

int check_console() {
  Check c("console");
  // From init: one open of /dev/console (read-write), not the kernel's
  // debug console (whose fds 0, 1 and 2 are read-only, write-only,
  // write-only).
  for (int fd = 0; fd < 3; ++fd) {
    c.that(isatty(fd) == 1 && (fcntl(fd, F_GETFL) & O_ACCMODE) == O_RDWR, "fds 0, 1 and 2 on /dev/console");
  }
  c.fails(lseek(1, 0, SEEK_CUR), ESPIPE, "a device has no offset");
  // The children of a program started from the console get it too.
  pid_t pid = start(nullptr, {"hello"});
  c.that(pid > 0 && exited_ok(finish(pid)), "the child on the console exits 0");
  return c.result();
}

}  // namespace posixtest
