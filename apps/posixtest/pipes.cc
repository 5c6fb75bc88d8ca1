// pipe() and pipe2() as POSIX describes them: two ends that are FIFOs
// (fstat), not seekable, one read-only and one write-only, with EOF once
// the write end is closed.
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include "check.h"

namespace posixtest {

int check_pipes() {
  Check c("pipes");
  int ends[2];
  if (!c.that(pipe(ends) == 0, "pipe")) return 1;
  struct stat st;
  c.that(fstat(ends[0], &st) == 0 && S_ISFIFO(st.st_mode), "the read end is a FIFO");
  c.that(fstat(ends[1], &st) == 0 && S_ISFIFO(st.st_mode), "the write end is a FIFO");
  c.fails(lseek(ends[0], 0, SEEK_SET), ESPIPE, "lseek on a pipe");
  c.that((fcntl(ends[0], F_GETFL) & O_ACCMODE) == O_RDONLY, "the read end is O_RDONLY");
  c.that((fcntl(ends[1], F_GETFL) & O_ACCMODE) == O_WRONLY, "the write end is O_WRONLY");
  c.that(fcntl(ends[0], F_GETFD) == 0, "pipe() sets no FD_CLOEXEC");
  c.that(write(ends[1], "through", 7) == 7, "write 7 bytes");
  char got[16] = {};
  c.that(read(ends[0], got, sizeof got) == 7 && memcmp(got, "through", 7) == 0, "read them back");
  c.that(close(ends[1]) == 0, "close the write end");
  c.that(read(ends[0], got, sizeof got) == 0, "EOF once no writer is left");
  c.that(close(ends[0]) == 0, "close the read end");
  if (!c.that(pipe2(ends, O_CLOEXEC) == 0, "pipe2(O_CLOEXEC)")) return 1;
  c.that(fcntl(ends[0], F_GETFD) == FD_CLOEXEC && fcntl(ends[1], F_GETFD) == FD_CLOEXEC, "both ends FD_CLOEXEC");
  close(ends[0]);
  close(ends[1]);
  c.fails(pipe2(ends, 0x40000000), EINVAL, "pipe2 with an unknown flag");
  return c.result();
}

}  // namespace posixtest
