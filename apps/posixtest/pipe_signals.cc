// The pipesignals group: a write into a full pipe that a signal interrupts
// after it has moved part of its data returns that count (POSIX), with and
// without SA_RESTART, and the reader then gets exactly those bytes; one
// interrupted before it moved anything fails with EINTR. A second thread
// (which blocks the signal, so the writing thread takes it) sends the
// signal once the pipe holds what the write can put in.
//
// A write into a pipe already full changes nothing anyone can see while it
// waits, so for the EINTR case the second thread cannot tell when the write
// has started: a signal sent before it is caught at once and the write then
// waits for ever. That thread signals again, a millisecond apart, until the
// write has returned.
#include <fcntl.h>
#include <signal.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "check.h"
#include "ipc/ipc.h"

namespace posixtest {

namespace {

constexpr size_t kWrite = 256 * 1024;
constexpr size_t kPipeCapacity = 64 * 1024;
constexpr size_t kAlready = 1000;  // in the pipe before the long write, so it fits only in part

volatile sig_atomic_t handled = 0;
void count_handler(int) { handled = handled + 1; }

uint8_t byte_at(size_t i) { return static_cast<uint8_t>(i * 13 + 5); }

struct Interrupter {
  int fd;
  off_t full;  // the size the pipe has when the write waits
  bool until_returned;  // signal until the write returns, not once
  int write_returned = 0;
  int finished = 0;  // its last signal is sent
};

void pause_a_millisecond() {
  timespec pause_for{0, 1000000};
  nanosleep(&pause_for, nullptr);
}

// Waits until the pipe holds `full` bytes (the write has put in what fits
// and waits for the rest), then signals the process.
void interrupt_when_full(void* argument) {
  auto* job = static_cast<Interrupter*>(argument);
  sigset_t usr1;
  sigemptyset(&usr1);
  sigaddset(&usr1, SIGUSR1);
  sigprocmask(SIG_BLOCK, &usr1, nullptr);
  struct stat st;
  while (fstat(job->fd, &st) == 0 && st.st_size < job->full) pause_a_millisecond();
  do {
    kill(getpid(), SIGUSR1);
    if (job->until_returned) pause_a_millisecond();
  } while (job->until_returned && !__atomic_load_n(&job->write_returned, __ATOMIC_ACQUIRE));
  __atomic_store_n(&job->finished, 1, __ATOMIC_RELEASE);
}

// Reads the pipe until `expected` bytes came and checks they are the
// pattern from `from`; then the pipe must be empty.
bool reads_exactly(int fd, size_t from, size_t expected) {
  static uint8_t chunk[4096];
  size_t got = 0;
  while (got < expected) {
    size_t want = expected - got < sizeof chunk ? expected - got : sizeof chunk;
    ssize_t n = read(fd, chunk, want);
    if (n <= 0) return false;
    for (ssize_t i = 0; i < n; ++i) {
      if (chunk[i] != byte_at(from + got + static_cast<size_t>(i))) return false;
    }
    got += static_cast<size_t>(n);
  }
  struct stat st;
  return fstat(fd, &st) == 0 && st.st_size == 0;
}

void catch_usr1(int flags) {
  struct sigaction action = {};
  action.sa_handler = count_handler;
  action.sa_flags = flags;
  sigemptyset(&action.sa_mask);
  sigaction(SIGUSR1, &action, nullptr);
}

// One long write interrupted once the pipe is full: its result, once the
// second thread has sent its last signal (and so no signal comes later).
ssize_t interrupted_write(int fd, const uint8_t* data, size_t count, off_t full, bool until_returned) {
  Interrupter job{fd, full, until_returned};
  handled = 0;
  auto thread = ipc::start_thread(interrupt_when_full, &job);
  if (!thread) return -2;
  ssize_t n = write(fd, data, count);
  int saved = errno;
  __atomic_store_n(&job.write_returned, 1, __ATOMIC_RELEASE);
  while (!__atomic_load_n(&job.finished, __ATOMIC_ACQUIRE)) pause_a_millisecond();
  (void)ipc::close(*thread);
  errno = saved;
  return n;
}

void check_short_write(Check& c, const uint8_t* data, int flags, const char* what) {
  catch_usr1(flags);
  int ends[2];
  if (!c.that(pipe(ends) == 0, "pipe")) return;
  c.that(write(ends[1], data, kAlready) == static_cast<ssize_t>(kAlready), "a first short write");
  ssize_t n = interrupted_write(ends[1], data + kAlready, kWrite, kPipeCapacity, false);
  c.that(handled == 1, "the handler ran once");
  c.that(n == static_cast<ssize_t>(kPipeCapacity - kAlready), what);
  close(ends[1]);
  c.that(n > 0 && reads_exactly(ends[0], 0, kAlready + static_cast<size_t>(n)),
         "the reader gets exactly the bytes written, in order");
  close(ends[0]);
}

}  // namespace

int check_pipe_signals() {
  Check c("pipesignals");
  auto* data = static_cast<uint8_t*>(malloc(kWrite + kAlready));
  if (!c.that(data != nullptr, "memory")) return c.result();
  for (size_t i = 0; i < kWrite + kAlready; ++i) data[i] = byte_at(i);

  check_short_write(c, data, 0, "without SA_RESTART: the short count");
  check_short_write(c, data, SA_RESTART, "with SA_RESTART: the short count, not the write made again");

  // Interrupted before it moved anything: EINTR, and nothing went in.
  catch_usr1(0);
  int ends[2];
  if (c.that(pipe(ends) == 0, "pipe")) {
    c.that(write(ends[1], data, kPipeCapacity) == static_cast<ssize_t>(kPipeCapacity), "fill the pipe");
    errno = 0;
    ssize_t n = interrupted_write(ends[1], data + kPipeCapacity, 2 * 4096, kPipeCapacity, true);
    c.that(n == -1 && errno == EINTR, "a write that moved nothing fails with EINTR");
    close(ends[1]);
    c.that(reads_exactly(ends[0], 0, kPipeCapacity), "the pipe holds only what was written before");
    close(ends[0]);
  }
  signal(SIGUSR1, SIG_DFL);
  free(data);
  return c.result();
}

}  // namespace posixtest
