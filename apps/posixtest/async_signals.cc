// Signals that reach a thread wherever it is (docs/posix.md, "Signals"):
// a handler runs while the program spins in a loop that calls nothing, and
// while it is blocked reading a pipe (the read fails with EINTR, or goes on
// with SA_RESTART) and in pause(); a handler is interrupted by another signal (nested); a
// blocked signal waits in a spinning program until it is unblocked.
// A child talks to its parent through its stdout, a pipe.
#include <signal.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "check.h"

namespace posixtest {

namespace {

volatile sig_atomic_t usr1_count = 0;
volatile sig_atomic_t usr2_count = 0;
volatile sig_atomic_t int_count = 0;

void count_usr2(int) { usr2_count = usr2_count + 1; }
void count_int(int) { int_count = int_count + 1; }
void count_usr1(int) { usr1_count = usr1_count + 1; }

// Tells the parent, then waits in a loop that calls nothing for SIGUSR2.
void usr1_waits_for_usr2(int) {
  usr1_count = usr1_count + 1;
  (void)!write(1, "n", 1);
  while (!usr2_count) {
  }
}

void catch_with(int signal, void (*handler)(int), int flags = 0) {
  struct sigaction action = {};
  action.sa_handler = handler;
  action.sa_flags = flags;
  sigemptyset(&action.sa_mask);
  sigaction(signal, &action, nullptr);
}

void tell(char byte) { (void)!write(1, &byte, 1); }

// --- the children

// Spins without a call until SIGUSR1's handler has run.
int child_spin() {
  catch_with(SIGUSR1, count_usr1);
  tell('r');
  while (!usr1_count) {
  }
  return 48;
}

// Blocked reading a pipe nobody writes: SIGUSR1 (no SA_RESTART) ends the read.
int child_read_eintr() {
  int ends[2];
  if (pipe(ends) != 0) return 1;
  catch_with(SIGUSR1, count_usr1);
  tell('r');
  char byte;
  ssize_t n = read(ends[0], &byte, 1);
  return n == -1 && errno == EINTR && usr1_count > 0 ? 49 : 1;
}

// Waits in pause(), testing no flag first (the parent signals until it has
// ended): the handler runs and pause returns -1 with EINTR.
int child_pause() {
  catch_with(SIGUSR1, count_usr1);
  tell('r');
  int r = pause();
  return r == -1 && errno == EINTR && usr1_count > 0 ? 54 : 1;
}

// Blocked reading stdin (a pipe from the parent): with SA_RESTART the
// handlers run and the read goes on until the parent writes.
int child_read_restart() {
  catch_with(SIGUSR1, count_usr1, SA_RESTART);
  tell('r');
  char text[8] = {};
  ssize_t n = read(0, text, 5);
  // Counted now: nothing since the read could have run the handlers.
  int ran = usr1_count;
  return n == 5 && memcmp(text, "hello", 5) == 0 && ran > 0 ? 50 : 1;
}

// SIGUSR1's handler spins until SIGUSR2's runs inside it.
int child_nested() {
  catch_with(SIGUSR1, usr1_waits_for_usr2);
  catch_with(SIGUSR2, count_usr2);
  tell('r');
  while (!usr1_count || !usr2_count) {
  }
  return 51;
}

// SIGUSR1 blocked: it stays pending while the child spins, and runs when unblocked.
int child_masked() {
  catch_with(SIGUSR1, count_usr1);
  sigset_t usr1;
  sigemptyset(&usr1);
  sigaddset(&usr1, SIGUSR1);
  sigprocmask(SIG_BLOCK, &usr1, nullptr);
  tell('r');
  sigset_t pending;
  do {
    sigpending(&pending);
  } while (!sigismember(&pending, SIGUSR1));
  if (usr1_count != 0) return 1;
  sigprocmask(SIG_UNBLOCK, &usr1, nullptr);
  return usr1_count == 1 ? 52 : 1;
}

// For the shell's test (shell/ctrl-c): Ctrl-C reaches a job that spins
// without calling anything.
int child_spin_interrupt() {
  catch_with(SIGINT, count_int);
  printf("spinning until Ctrl-C\n");
  fflush(stdout);
  while (!int_count) {
  }
  printf("caught SIGINT while spinning\n");
  return 53;
}

// --- the parent's side

struct Talking {
  pid_t pid = -1;
  int from_child = -1;  // its stdout
  int to_child = -1;    // its stdin, when asked for
};

// Starts `posixtest child signal-MODE` with its stdout (and stdin, if
// to_child) on pipes, and waits for its 'r'.
Talking start_talking(const char* mode, bool to_child) {
  Talking t;
  int out[2], in[2] = {-1, -1};
  if (pipe(out) != 0 || (to_child && pipe(in) != 0)) return t;
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_adddup2(&actions, out[1], 1);
  posix_spawn_file_actions_addclose(&actions, out[0]);
  posix_spawn_file_actions_addclose(&actions, out[1]);
  if (to_child) {
    posix_spawn_file_actions_adddup2(&actions, in[0], 0);
    posix_spawn_file_actions_addclose(&actions, in[0]);
    posix_spawn_file_actions_addclose(&actions, in[1]);
  }
  t.pid = start(&actions, {mode});
  posix_spawn_file_actions_destroy(&actions);
  close(out[1]);
  if (to_child) close(in[0]);
  t.from_child = out[0];
  t.to_child = in[1];
  char byte = 0;
  if (t.pid > 0 && (read(t.from_child, &byte, 1) != 1 || byte != 'r')) t.pid = -1;
  return t;
}

int end_talking(Talking& t) {
  int status = t.pid > 0 ? finish(t.pid) : -1;
  close(t.from_child);
  if (t.to_child >= 0) close(t.to_child);
  return status;
}

void pause_ms(long ms) {
  struct timespec t = {0, ms * 1000000};
  nanosleep(&t, nullptr);
}

// Signals a child until it has ended: a signal that comes before the child
// blocks runs its handler and leaves the wait to block, as on any POSIX
// system, so the next one ends it. Its status, or -1.
int signal_until_ended(pid_t pid, int signal) {
  int status = 0;
  for (int i = 0; i < 200; ++i) {
    if (kill(pid, signal) != 0) return -1;
    pause_ms(5);
    pid_t r = waitpid(pid, &status, WNOHANG);
    if (r == pid) return status;
    if (r != 0) return -1;
  }
  return -1;
}

bool exited_with(int status, int code) { return status != -1 && WIFEXITED(status) && WEXITSTATUS(status) == code; }

}  // namespace

int async_signal_child(const char* mode) {
  if (strcmp(mode, "spin") == 0) return child_spin();
  if (strcmp(mode, "read-eintr") == 0) return child_read_eintr();
  if (strcmp(mode, "read-restart") == 0) return child_read_restart();
  if (strcmp(mode, "pause") == 0) return child_pause();
  if (strcmp(mode, "nested") == 0) return child_nested();
  if (strcmp(mode, "masked") == 0) return child_masked();
  if (strcmp(mode, "spin-interrupt") == 0) return child_spin_interrupt();
  return 100;
}

int check_async_signals() {
  Check c("asyncsignals");
  Talking t = start_talking("signal-spin", false);
  c.that(t.pid > 0 && kill(t.pid, SIGUSR1) == 0, "start a spinning child and signal it");
  c.that(exited_with(end_talking(t), 48), "the handler ran in a loop that calls nothing");

  t = start_talking("signal-read-eintr", false);
  c.that(t.pid > 0, "start a child that reads an empty pipe");
  c.that(exited_with(signal_until_ended(t.pid, SIGUSR1), 49), "without SA_RESTART the read failed with EINTR");
  end_talking(t);

  t = start_talking("signal-pause", false);
  c.that(t.pid > 0, "start a child that pauses");
  c.that(exited_with(signal_until_ended(t.pid, SIGUSR1), 54), "pause returned -1 with EINTR after the handler ran");
  end_talking(t);

  t = start_talking("signal-read-restart", true);
  c.that(t.pid > 0, "start a child that reads its stdin");
  for (int i = 0; i < 3; ++i) {
    c.that(kill(t.pid, SIGUSR1) == 0, "signal the reader");
    pause_ms(10);
  }
  c.that(write(t.to_child, "hello", 5) == 5, "write what it reads");
  c.that(exited_with(end_talking(t), 50), "with SA_RESTART the handlers ran and the read went on");

  t = start_talking("signal-nested", false);
  char byte = 0;
  c.that(t.pid > 0 && kill(t.pid, SIGUSR1) == 0, "signal a spinning child");
  c.that(read(t.from_child, &byte, 1) == 1 && byte == 'n', "its SIGUSR1 handler runs");
  c.that(kill(t.pid, SIGUSR2) == 0, "signal it again while the handler spins");
  c.that(exited_with(end_talking(t), 51), "SIGUSR2's handler ran inside SIGUSR1's");

  t = start_talking("signal-masked", false);
  c.that(t.pid > 0 && kill(t.pid, SIGUSR1) == 0, "signal a child that blocks SIGUSR1");
  c.that(exited_with(end_talking(t), 52), "blocked, it waited until sigprocmask unblocked it");
  return c.result();
}

}  // namespace posixtest
