// Signals: handlers run (in sigsuspend, after waitpid, on raise and on a
// kill of oneself), SIG_IGN and the signals ignored by default leave a process
// alone, other signals end it, a blocked signal waits for sigprocmask, a
// handler can siglongjmp out of a sleep, and procmgr's rule on who may
// signal whom. A child says it has set its dispositions by writing a byte
// to its stdout, a pipe to the parent, before the parent signals it.
#include <setjmp.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/wait.h>
#include <unistd.h>

#include "check.h"
#include "ipc/ipc.h"
#include "ipc/startup.h"
#include "ipc/transport.h"
#include "procmgr.idl.h"

namespace posixtest {

namespace {

volatile sig_atomic_t usr1_count = 0;
volatile sig_atomic_t term_count = 0;
sigjmp_buf jump_target;

void count_usr1(int) { usr1_count = usr1_count + 1; }
void count_term(int) { term_count = term_count + 1; }
void jump_out(int) { siglongjmp(jump_target, 1); }

void catch_with(int signal, void (*handler)(int)) {
  struct sigaction action = {};
  action.sa_handler = handler;
  sigemptyset(&action.sa_mask);
  sigaction(signal, &action, nullptr);
}

void say_ready() { (void)!write(1, "r", 1); }

// --- the children

// Blocks signals; the mask before.
sigset_t block(std::initializer_list<int> signals) {
  sigset_t set, before;
  sigemptyset(&set);
  for (int signal : signals) sigaddset(&set, signal);
  sigprocmask(SIG_BLOCK, &set, &before);
  return before;
}

// Waits in sigsuspend with the mask `unblocked` until done() holds, the
// signals it waits for blocked outside it: one that came between a test of
// done() and a sleep or pause would run its handler there and leave that
// wait to its end, on any POSIX system. False if sigsuspend returned but
// with EINTR after a handler.
template <typename Done>
bool suspend_until(const sigset_t& unblocked, Done done) {
  while (!done()) {
    if (sigsuspend(&unblocked) != -1 || errno != EINTR) return false;
  }
  return true;
}

// SIGUSR1 and SIGTERM caught, waited for in sigsuspend.
int child_catch() {
  catch_with(SIGUSR1, count_usr1);
  catch_with(SIGTERM, count_term);
  sigset_t unblocked = block({SIGUSR1, SIGTERM});
  say_ready();
  return suspend_until(unblocked, [] { return usr1_count && term_count; }) ? 42 : 1;
}

// SIGTERM ignored; SIGUSR1 caught, waited for in sigsuspend.
int child_ignore() {
  signal(SIGTERM, SIG_IGN);
  catch_with(SIGUSR1, count_usr1);
  sigset_t unblocked = block({SIGUSR1});
  say_ready();
  return suspend_until(unblocked, [] { return usr1_count != 0; }) ? 43 : 1;
}

// A handler that jumps out of a sleep.
int child_jump() {
  if (sigsetjmp(jump_target, 1) != 0) return 44;
  catch_with(SIGUSR1, jump_out);
  say_ready();
  sleep(100);
  return 1;
}

// Sleeps with no handler: a signal's default action ends it.
int child_sleep() {
  say_ready();
  sleep(100);
  return 1;
}

// A process may not signal a service: the shell posixtest runs at, its
// parent's parent (/proc/<ppid>/status's PPid), which init started.
int child_signal_parent() {
  char path[32], status[512];
  snprintf(path, sizeof path, "/proc/%ld/status", static_cast<long>(getppid()));
  if (read_file(path, status, sizeof status) <= 0) return 2;
  const char* ppid = strstr(status, "PPid:\t");
  if (!ppid) return 3;
  long shell = strtol(ppid + 6, nullptr, 10);
  return shell > 1 && kill(static_cast<pid_t>(shell), SIGTERM) == -1 && errno == EPERM ? 45 : 1;
}

// Waits for a child that signals it: the handler runs, in the wait or as
// waitpid returns, and with SA_RESTART the wait goes on.
int child_waiter() {
  struct sigaction action = {};
  action.sa_handler = count_usr1;
  action.sa_flags = SA_RESTART;
  sigaction(SIGUSR1, &action, nullptr);
  pid_t pid = start(nullptr, {"signal-usr1-parent"});
  if (pid <= 0 || !(finish(pid) != -1 && usr1_count == 1)) return 1;
  return 46;
}

// Its parent is no service: the signal is allowed.
int child_usr1_parent() { return kill(getppid(), SIGUSR1) == 0 ? 0 : 1; }

volatile sig_atomic_t interrupts = 0;
void count_interrupt(int) { interrupts = interrupts + 1; }

// For the shell's test (shell/ctrl-c): Ctrl-C at the console runs the
// SIGINT handler of a foreground job.
int child_interrupt() {
  catch_with(SIGINT, count_interrupt);
  sigset_t unblocked = block({SIGINT});
  printf("waiting for Ctrl-C\n");
  fflush(stdout);
  if (!suspend_until(unblocked, [] { return interrupts != 0; })) return 1;
  printf("caught SIGINT\n");
  return 47;
}

// Starts `posixtest child signal-MODE` with its stdout on a pipe and waits
// for its byte: its pid, or -1.
pid_t start_ready(const char* mode) {
  int ends[2];
  if (pipe(ends) != 0) return -1;
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_adddup2(&actions, ends[1], 1);
  posix_spawn_file_actions_addclose(&actions, ends[0]);
  posix_spawn_file_actions_addclose(&actions, ends[1]);
  pid_t pid = start(&actions, {mode});
  posix_spawn_file_actions_destroy(&actions);
  close(ends[1]);
  char byte = 0;
  if (pid > 0 && read(ends[0], &byte, 1) != 1) pid = -1;
  close(ends[0]);
  return pid;
}

// A procmgr signaller for pid (what the shell hands the console), through
// our session (startup handle 1).
Result<ipc::Handle> signaller_for(pid_t pid) {
  ipc::ChannelTransport transport(ipc::startup_handles()[1]);
  ipc::Handle channel = 0;
  Status s = idl::procmgr::ProcessManagerClient<ipc::ChannelTransport>(transport).signaller(pid, channel);
  if (!s) return s.error();
  return channel;
}

// Starts `posixtest child MODE` and sends it signals through a signaller:
// its status, or -1.
int signalled_through_signaller(const char* mode, std::initializer_list<int> signals) {
  pid_t pid = start_ready(mode);
  if (pid <= 0) return -1;
  auto signaller = signaller_for(pid);
  if (!signaller) return -1;
  for (int signal : signals) {
    const uint64_t words[4] = {static_cast<uint64_t>(signal), 0, 0, 0};
    if (!ipc::channel_send(*signaller, 0, words)) return -1;
  }
  int status = finish(pid);
  (void)ipc::close(*signaller);
  return status;
}

bool exited_with(int status, int code) { return status != -1 && WIFEXITED(status) && WEXITSTATUS(status) == code; }
bool ended_by(int status, int signal) { return status != -1 && WIFSIGNALED(status) && WTERMSIG(status) == signal; }

}  // namespace

int signal_child(const char* mode) {
  if (strcmp(mode, "catch") == 0) return child_catch();
  if (strcmp(mode, "ignore") == 0) return child_ignore();
  if (strcmp(mode, "jump") == 0) return child_jump();
  if (strcmp(mode, "sleep") == 0) return child_sleep();
  if (strcmp(mode, "parent") == 0) return child_signal_parent();
  if (strcmp(mode, "waiter") == 0) return child_waiter();
  if (strcmp(mode, "usr1-parent") == 0) return child_usr1_parent();
  if (strcmp(mode, "interrupt") == 0) return child_interrupt();
  return async_signal_child(mode);
}

int check_signals() {
  Check c("signals");
  // Handlers run in the child's sigsuspend; SIGCHLD (ignored by default) does nothing.
  pid_t pid = start_ready("signal-catch");
  c.that(pid > 0, "start the catching child");
  c.that(kill(pid, SIGCHLD) == 0 && kill(pid, SIGUSR1) == 0 && kill(pid, SIGTERM) == 0, "kill USR1, TERM");
  c.that(exited_with(finish(pid), 42), "both handlers ran and the child went on");

  pid = start_ready("signal-ignore");
  c.that(pid > 0 && kill(pid, SIGTERM) == 0 && kill(pid, SIGUSR1) == 0, "kill TERM (ignored), then USR1");
  c.that(exited_with(finish(pid), 43), "SIG_IGN: SIGTERM left the child alone");

  pid = start_ready("signal-jump");
  c.that(pid > 0 && kill(pid, SIGUSR1) == 0, "kill USR1 of a child in sleep");
  c.that(exited_with(finish(pid), 44), "its handler siglongjmp'ed out of the sleep");

  pid = start_ready("signal-sleep");
  c.that(pid > 0 && kill(pid, SIGUSR2) == 0, "kill USR2 of a child without handlers");
  c.that(ended_by(finish(pid), SIGUSR2), "the default action ends it, by SIGUSR2");

  // A signaller signals as kill does: handlers run, the default ends.
  c.that(exited_with(signalled_through_signaller("signal-catch", {SIGUSR1, SIGTERM}), 42),
         "signaller: USR1 and TERM ran both handlers");
  c.that(ended_by(signalled_through_signaller("signal-sleep", {SIGINT}), SIGINT),
         "signaller: INT's default action ends the child, by SIGINT");
  c.that(signaller_for(1).error() == Error::AccessDenied, "no signaller for init");

  pid = start(nullptr, {"signal-parent"});
  c.that(exited_with(finish(pid), 45), "a child may not signal a service, the shell (EPERM)");
  c.fails(kill(1, SIGTERM), EPERM, "kill of init");
  pid = start(nullptr, {"signal-waiter"});
  c.that(exited_with(finish(pid), 46), "a child's kill of its parent, handled in waitpid (SA_RESTART)");

  // In this process: raise, a kill of oneself, a blocked signal, siglongjmp.
  usr1_count = 0;
  catch_with(SIGUSR1, count_usr1);
  c.that(raise(SIGUSR1) == 0 && usr1_count == 1, "raise runs the handler at once");
  c.that(kill(getpid(), SIGUSR1) == 0 && usr1_count == 2, "kill of oneself: handled before kill returns");
  sigset_t usr1, pending;
  sigemptyset(&usr1);
  sigaddset(&usr1, SIGUSR1);
  sigprocmask(SIG_BLOCK, &usr1, nullptr);
  c.that(kill(getpid(), SIGUSR1) == 0 && usr1_count == 2, "a blocked signal waits");
  c.that(sigpending(&pending) == 0 && sigismember(&pending, SIGUSR1) == 1, "sigpending has it");
  sigprocmask(SIG_UNBLOCK, &usr1, nullptr);
  c.that(usr1_count == 3, "unblocking delivers it");
  volatile int jumps = 0;
  catch_with(SIGUSR1, jump_out);
  if (sigsetjmp(jump_target, 1) == 0) {
    raise(SIGUSR1);
    c.that(false, "the handler jumps out");
  }
  jumps = jumps + 1;
  if (jumps == 1) raise(SIGUSR1);  // siglongjmp restored the mask: it runs again
  c.that(jumps == 2, "siglongjmp out of a handler, twice");
  signal(SIGUSR1, SIG_IGN);
  c.that(raise(SIGUSR1) == 0, "SIG_IGN: raise does nothing");
  signal(SIGUSR1, SIG_DFL);
  return c.result();
}

}  // namespace posixtest
