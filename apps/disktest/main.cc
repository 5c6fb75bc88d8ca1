// disktest: big files on /disk through libc, for the QEMU disk tests
// (tests/qemu/disk_test.py), which kill the block driver under a write.
//   disktest write PATH BYTES   creates PATH and writes BYTES of the pattern
//                               in 64 KiB writes; says "writing" after the
//                               first, then "wrote N bytes" (exit 0), or
//                               "EIO after N bytes" (exit 1), or another
//                               error (exit 2)
//   disktest check PATH BYTES   PATH holds BYTES of the pattern: "PASS check"
//                               (exit 0) or "FAIL check: why" (exit 1)
// The pattern: byte i is (i * 7 + i / 4096) mod 256 (a block moved to the
// wrong place does not match), as disk_test.py's pattern().
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

namespace {

constexpr size_t kChunk = 64 * 1024;
unsigned char chunk[kChunk];

void fill(size_t offset, size_t length) {
  for (size_t i = 0; i < length; ++i) chunk[i] = static_cast<unsigned char>((offset + i) * 7 + (offset + i) / 4096);
}

int write_file(const char* path, size_t bytes) {
  int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0644);
  if (fd < 0) {
    printf("disktest: open %s: errno %d\n", path, errno);
    return 2;
  }
  size_t done = 0;
  while (done < bytes) {
    size_t length = bytes - done < kChunk ? bytes - done : kChunk;
    fill(done, length);
    ssize_t n = write(fd, chunk, length);
    if (n <= 0) {
      int error = errno;
      close(fd);
      if (error == EIO)
        printf("disktest: EIO after %zu bytes\n", done);
      else
        printf("disktest: write: errno %d after %zu bytes\n", error, done);
      return error == EIO ? 1 : 2;
    }
    if (done == 0) printf("disktest: writing %s\n", path);
    done += size_t(n);
  }
  if (close(fd) != 0) {
    printf("disktest: close: errno %d\n", errno);
    return errno == EIO ? 1 : 2;
  }
  printf("disktest: wrote %zu bytes\n", done);
  return 0;
}

int check_file(const char* path, size_t bytes) {
  int fd = open(path, O_RDONLY);
  if (fd < 0) {
    printf("FAIL check: open %s: errno %d\n", path, errno);
    return 1;
  }
  static unsigned char got[kChunk];
  size_t done = 0;
  for (;;) {
    ssize_t n = read(fd, got, kChunk);
    if (n < 0) {
      printf("FAIL check: read: errno %d after %zu bytes\n", errno, done);
      close(fd);
      return 1;
    }
    if (n == 0) break;
    fill(done, size_t(n));
    if (memcmp(got, chunk, size_t(n)) != 0) {
      printf("FAIL check: other bytes in the 64 KiB from %zu\n", done);
      close(fd);
      return 1;
    }
    done += size_t(n);
  }
  close(fd);
  if (done != bytes) {
    printf("FAIL check: %zu bytes, not %zu\n", done, bytes);
    return 1;
  }
  printf("PASS check\n");
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc == 4 && strcmp(argv[1], "write") == 0) return write_file(argv[2], strtoul(argv[3], nullptr, 0));
  if (argc == 4 && strcmp(argv[1], "check") == 0) return check_file(argv[2], strtoul(argv[3], nullptr, 0));
  printf("usage: disktest write|check PATH BYTES\n");
  return 2;
}
