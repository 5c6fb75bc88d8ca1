// The descriptor calls on files in /tmp (ramfs): open, read, write, lseek,
// pread, pwrite, fstat, ftruncate, fsync, dup, dup2, fcntl, O_APPEND,
// transfers past one message, stdio streams on descriptors, and a File
// channel made an fd (tessera::adopt_file).
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <initializer_list>

#include "check.h"
#include "fs.idl.h"
#include "ipc/startup.h"
#include "ipc/transport.h"
#include "tessera/posix.h"
#include "vfs.idl.h"

namespace posixtest {

int check_files() {
  Check c("files");
  const char* path = "/tmp/files.txt";
  int fd = open(path, O_RDWR | O_CREAT | O_TRUNC, 0644);
  if (!c.that(fd >= 3, "open O_CREAT gives the lowest free fd above 0..2")) return 1;
  c.that(write(fd, "hello world", 11) == 11, "write");
  c.that(lseek(fd, 0, SEEK_CUR) == 11, "the offset follows the write");
  char buffer[64] = {};
  c.that(read(fd, buffer, sizeof buffer) == 0, "read at the end is 0");
  c.that(lseek(fd, 6, SEEK_SET) == 6, "lseek SEEK_SET");
  c.that(read(fd, buffer, 5) == 5 && memcmp(buffer, "world", 5) == 0, "read from the offset");
  c.that(lseek(fd, -5, SEEK_END) == 6, "lseek SEEK_END");
  c.that(pwrite(fd, "HELLO", 5, 0) == 5, "pwrite");
  c.that(lseek(fd, 0, SEEK_CUR) == 6, "pwrite leaves the offset");
  c.that(pread(fd, buffer, 11, 0) == 11 && memcmp(buffer, "HELLO world", 11) == 0, "pread sees pwrite");
  c.that(lseek(fd, 0, SEEK_CUR) == 6, "pread leaves the offset");
  c.fails(lseek(fd, -100, SEEK_CUR), EINVAL, "lseek before the start");
  struct stat st;
  c.that(fstat(fd, &st) == 0 && S_ISREG(st.st_mode) && st.st_size == 11, "fstat: a regular file of 11 bytes");
  c.that(ftruncate(fd, 5) == 0 && fstat(fd, &st) == 0 && st.st_size == 5, "ftruncate shrinks");
  c.that(fsync(fd) == 0, "fsync");
  c.that(isatty(fd) == 0 && errno == ENOTTY, "a file is no terminal");
  c.that(close(fd) == 0, "close");
  c.fails(close(fd), EBADF, "close twice");
  c.that(stat(path, &st) == 0 && st.st_size == 5, "stat by path");
  c.that(lstat(path, &st) == 0 && st.st_size == 5, "lstat by path");
  c.that(access(path, R_OK | W_OK) == 0, "access");
  fd = open(path, O_WRONLY | O_TRUNC);
  c.that(fd >= 0 && fstat(fd, &st) == 0 && st.st_size == 0, "O_TRUNC empties it");
  c.that(close(fd) == 0, "close");
  c.that(unlink(path) == 0, "unlink");
  c.fails(access(path, F_OK), ENOENT, "access after unlink");
  c.that(umask(077) == 022, "umask starts at 022");
  fd = open(path, O_WRONLY | O_CREAT, 0666);
  c.that(fd >= 0 && fstat(fd, &st) == 0 && (st.st_mode & 0777) == 0600, "open O_CREAT leaves out the umask's bits");
  close(fd);
  c.that(umask(022) == 077 && unlink(path) == 0, "umask back");
  sync();
  return c.result();
}

int check_dup() {
  Check c("dup");
  int fd = open("/tmp/dup.txt", O_RDWR | O_CREAT | O_TRUNC, 0644);
  int copy = dup(fd);
  c.that(copy == fd + 1, "dup gives the lowest free fd");
  c.that(write(fd, "abc", 3) == 3 && write(copy, "def", 3) == 3, "writes through both");
  c.that(lseek(fd, 0, SEEK_CUR) == 6 && lseek(copy, 0, SEEK_CUR) == 6, "dup'd fds share the offset");
  c.that(dup2(fd, 20) == 20, "dup2 to a free fd");
  c.that(lseek(20, 1, SEEK_SET) == 1 && lseek(fd, 0, SEEK_CUR) == 1, "dup2'd fds share the offset");
  c.that(dup2(copy, 20) == 20, "dup2 onto an open fd closes it first");
  c.that(dup2(20, 20) == 20, "dup2 onto itself");
  c.fails(dup2(40, 41), EBADF, "dup2 of a closed fd");
  c.fails(dup2(fd, -1), EBADF, "dup2 to a negative fd");
  c.that(fcntl(fd, F_DUPFD, 30) == 30, "F_DUPFD gives the lowest free fd from its argument");
  c.that(fcntl(30, F_GETFD) == 0, "F_GETFD of a new fd");
  c.that(fcntl(30, F_SETFD, FD_CLOEXEC) == 0 && fcntl(30, F_GETFD) == FD_CLOEXEC, "F_SETFD FD_CLOEXEC");
  c.that(fcntl(fd, F_GETFD) == 0, "close-on-exec belongs to the fd, not the description");
  c.that((fcntl(fd, F_GETFL) & O_ACCMODE) == O_RDWR, "F_GETFL gives the access mode");
  c.that(fcntl(fd, F_SETFL, O_APPEND) == 0 && (fcntl(copy, F_GETFL) & O_APPEND), "status flags belong to the description");
  c.that(fcntl(fd, F_SETFL, 0) == 0, "F_SETFL clears O_APPEND");
  c.fails(fcntl(45, F_GETFL), EBADF, "fcntl of a closed fd");
  for (int f : {fd, copy, 20, 30}) c.that(close(f) == 0, "close");
  c.that(unlink("/tmp/dup.txt") == 0, "unlink");
  return c.result();
}

int check_append() {
  Check c("append");
  c.that(write_file("/tmp/append.txt", "first\n"), "write the file");
  int fd = open("/tmp/append.txt", O_WRONLY | O_APPEND);
  c.that(fd >= 0, "open O_APPEND");
  c.that(lseek(fd, 0, SEEK_SET) == 0 && write(fd, "second\n", 7) == 7, "write after a seek to 0");
  c.that(lseek(fd, 0, SEEK_CUR) == 13, "the offset is the end after an append");
  close(fd);
  char buffer[64];
  c.that(read_file("/tmp/append.txt", buffer, sizeof buffer) == 13 && strcmp(buffer, "first\nsecond\n") == 0,
         "O_APPEND writes at the end");
  int exclusive = open("/tmp/append.txt", O_WRONLY | O_CREAT | O_EXCL, 0644);
  c.fails(exclusive, EEXIST, "O_EXCL of an existing file");
  exclusive = open("/tmp/excl.txt", O_WRONLY | O_CREAT | O_EXCL, 0644);
  c.that(exclusive >= 0 && close(exclusive) == 0, "O_EXCL of a new file");
  c.that(unlink("/tmp/append.txt") == 0 && unlink("/tmp/excl.txt") == 0, "unlink");
  return c.result();
}

// 200,000 bytes, more than a message and more than one shared buffer.
int check_bulk() {
  Check c("bulk");
  constexpr size_t kSize = 200000;
  auto* data = static_cast<unsigned char*>(malloc(kSize));
  auto* back = static_cast<unsigned char*>(malloc(kSize));
  if (!c.that(data && back, "malloc")) return 1;
  for (size_t i = 0; i < kSize; ++i) data[i] = static_cast<unsigned char>(i * 7 + i / 251);
  int fd = open("/tmp/bulk.bin", O_RDWR | O_CREAT | O_TRUNC, 0644);
  c.that(write(fd, data, kSize) == static_cast<ssize_t>(kSize), "one large write");
  c.that(lseek(fd, 0, SEEK_SET) == 0, "lseek");
  size_t done = 0;
  while (done < kSize) {
    ssize_t n = read(fd, back + done, kSize - done);
    if (!c.that(n > 0, "large reads")) break;
    done += static_cast<size_t>(n);
  }
  c.that(done == kSize && memcmp(data, back, kSize) == 0, "what was written reads back");
  c.that(pread(fd, back, 5000, 100000) == 5000 && memcmp(back, data + 100000, 5000) == 0, "a large pread");
  close(fd);
  unlink("/tmp/bulk.bin");
  free(data);
  free(back);
  return c.result();
}

int check_stdio() {
  Check c("stdio");
  FILE* f = fopen("/tmp/stdio.txt", "w");
  if (!c.that(f != nullptr, "fopen w")) return 1;
  c.that(fputs("line one\n", f) >= 0 && fprintf(f, "line %s\n", "two") == 9, "fputs, fprintf");
  c.that(fwrite("partial", 1, 7, f) == 7, "fwrite");
  struct stat st;
  c.that(stat("/tmp/stdio.txt", &st) == 0 && st.st_size == 0, "a file stream is fully buffered");
  c.that(fflush(f) == 0 && stat("/tmp/stdio.txt", &st) == 0 && st.st_size == 25, "fflush writes it");
  c.that(fclose(f) == 0, "fclose");
  f = fopen("/tmp/stdio.txt", "r");
  char line[64];
  c.that(f && fgets(line, sizeof line, f) && strcmp(line, "line one\n") == 0, "fgets");
  char* got = nullptr;
  size_t capacity = 0;
  c.that(getline(&got, &capacity, f) == 9 && strcmp(got, "line two\n") == 0, "getline");
  c.that(getline(&got, &capacity, f) == 7 && strcmp(got, "partial") == 0, "getline of a last line without newline");
  c.that(getline(&got, &capacity, f) == -1 && feof(f), "getline at the end");
  free(got);
  fclose(f);
  f = fopen("/tmp/stdio.txt", "a+");
  c.that(f && fputs("\n", f) >= 0 && fclose(f) == 0, "fopen a+");
  int fd = open("/tmp/stdio.txt", O_RDONLY);
  f = fdopen(fd, "r");
  char all[64] = {};
  c.that(f && fread(all, 1, sizeof all, f) == 26 && strcmp(all, "line one\nline two\npartial\n") == 0,
         "fdopen and fread");
  c.that(fileno(f) == fd && fclose(f) == 0, "fclose closes the fd");
  c.fails(close(fd), EBADF, "the fd after fclose");
  f = fopen("/tmp/stdio.txt", "wx");
  c.that(f == nullptr && errno == EEXIST, "fopen wx of an existing file");
  c.that(fopen("/tmp/none/x", "r") == nullptr && errno == ENOENT, "fopen of a missing file");
  f = fopen("/tmp/stdio.txt", "w");
  c.that(f && setvbuf(f, nullptr, _IONBF, 0) == 0 && fputs("now", f) >= 0, "setvbuf _IONBF");
  c.that(stat("/tmp/stdio.txt", &st) == 0 && st.st_size == 3, "an unbuffered stream writes at once");
  c.that(fclose(f) == 0 && remove("/tmp/stdio.txt") == 0, "fclose, remove");
  // The console: stdout is a terminal, line-buffered; stderr is unbuffered.
  c.that(isatty(1) == 1, "stdout (/dev/console) is a terminal");
  return c.result();
}

}  // namespace posixtest

namespace posixtest {

// A File channel from vfs itself (as a pipe server's would come) made an fd.
int check_adopt() {
  Check c("adopt");
  auto handles = ipc::startup_handles();
  if (!c.that(handles.size() == 3, "procmgr's three startup handles")) return 1;
  ipc::ChannelTransport transport(handles[0]);
  ipc::Handle file = 0;
  idl::fs::Stat stat{};
  Status s = idl::vfs::VfsClient<ipc::ChannelTransport>(transport).open("/tmp/adopt.txt", O_RDWR | O_CREAT, 0644,
                                                                        file, stat);
  if (!c.that(s.ok(), "Vfs.open")) return 1;
  int fd = tessera::adopt_file(file, O_RDWR | O_CLOEXEC);
  c.that(fd >= 3, "adopt_file gives an fd");
  c.that(fcntl(fd, F_GETFD) == FD_CLOEXEC && (fcntl(fd, F_GETFL) & O_ACCMODE) == O_RDWR, "with its flags");
  c.that(write(fd, "adopted", 7) == 7 && lseek(fd, 0, SEEK_CUR) == 7, "write through it");
  c.that(close(fd) == 0, "close");
  char text[16];
  c.that(read_file("/tmp/adopt.txt", text, sizeof text) == 7 && strcmp(text, "adopted") == 0, "the file has it");
  c.fails(tessera::adopt_file(9999, O_RDONLY), EBADF, "a handle that is none");
  unlink("/tmp/adopt.txt");
  return c.result();
}

}  // namespace posixtest
