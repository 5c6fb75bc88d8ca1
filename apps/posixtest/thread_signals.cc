// The threadsignals group: a process-directed signal goes to a thread
// that does not block it (POSIX). The main thread blocks SIGUSR1; a second
// thread (started with ipc::start_thread, libc's thread start) unblocks it
// (pthread_sigmask) and spins in a loop that calls nothing; a kill of the process runs the
// handler on the second thread, which the handler sees by its thread block.
#include <signal.h>
#include <time.h>
#include <unistd.h>

#include "check.h"
#include "ipc/ipc.h"
#include "ipc/thread_block.h"

namespace posixtest {

namespace {

ipc::ThreadBlock* volatile handled_on = nullptr;
ipc::ThreadBlock* volatile second_thread = nullptr;
volatile bool second_unblocked_usr1 = false;
int report_fd = -1;

void note_thread(int) { handled_on = ipc::this_thread_block(); }

long long now_ms() {
  timespec t;
  clock_gettime(CLOCK_MONOTONIC, &t);
  return t.tv_sec * 1000LL + t.tv_nsec / 1000000;
}

// The second thread: its mask starts as the main thread's (SIGUSR1
// blocked), it unblocks SIGUSR1, says so, and spins until the handler ran
// (or 5 s passed), then says which.
void second(void*) {
  second_thread = ipc::this_thread_block();
  sigset_t mask, usr1;
  sigemptyset(&usr1);
  sigaddset(&usr1, SIGUSR1);
  second_unblocked_usr1 = pthread_sigmask(SIG_BLOCK, nullptr, &mask) == 0 && sigismember(&mask, SIGUSR1) == 1 &&
                          pthread_sigmask(99, &usr1, nullptr) == EINVAL &&
                          pthread_sigmask(SIG_UNBLOCK, &usr1, nullptr) == 0;
  (void)!write(report_fd, "r", 1);
  long long deadline = now_ms() + 5000;
  while (!handled_on && now_ms() < deadline) {
  }
  (void)!write(report_fd, handled_on ? "h" : "t", 1);
}

}  // namespace

int check_thread_signals() {
  Check c("threadsignals");
  struct sigaction action = {}, old;
  action.sa_handler = note_thread;
  sigemptyset(&action.sa_mask);
  sigset_t usr1, before;
  sigemptyset(&usr1);
  sigaddset(&usr1, SIGUSR1);
  int ends[2];
  if (!c.that(pipe(ends) == 0, "pipe")) return c.result();
  report_fd = ends[1];
  c.that(sigaction(SIGUSR1, &action, &old) == 0 && sigprocmask(SIG_BLOCK, &usr1, &before) == 0,
         "the main thread catches SIGUSR1 and blocks it");
  auto thread = ipc::start_thread(second, nullptr);
  char byte = 0;
  if (c.that(thread.ok() && read(ends[0], &byte, 1) == 1 && byte == 'r', "start the second thread")) {
    c.that(second_unblocked_usr1, "the second thread inherited the mask and unblocked SIGUSR1");
    c.that(kill(getpid(), SIGUSR1) == 0, "kill the process with SIGUSR1");
    c.that(read(ends[0], &byte, 1) == 1 && byte == 'h', "the handler ran while the second thread spun");
    c.that(handled_on == second_thread, "on the second thread, the one that does not block SIGUSR1");
    sigset_t pending;
    c.that(sigpending(&pending) == 0 && sigismember(&pending, SIGUSR1) == 0, "nothing is left pending");
  }
  if (thread) (void)ipc::close(*thread);
  sigprocmask(SIG_SETMASK, &before, nullptr);
  sigaction(SIGUSR1, &old, nullptr);
  close(ends[0]);
  close(ends[1]);
  return c.result();
}

}  // namespace posixtest
