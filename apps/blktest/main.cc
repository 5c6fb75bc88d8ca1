// blktest: checks of a block device through the running system (the Vfs
// session procmgr gives it, devfs's /dev/blkN, drivers/virtio-blk). Each
// subcommand prints "PASS <name>" or "FAIL <name>: why"; the QEMU tests
// (tests/qemu/blk_test.py) make the disks, read the verdicts and check on
// the host what the guest wrote.
//   blktest info DEV            the device's shape, printed
//   blktest pattern DEV SEED    every block holds pattern SEED (the host wrote it)
//   blktest rw DEV              writes, flushes and reads back; the host checks the image after
//   blktest parallel DEV        many requests in flight from several threads on one channel
//   blktest errors DEV          refused requests get their errors; the queue goes on
//   blktest readonly DEV        a read-only disk refuses writes and still reads
//   blktest ioerror DEV BLOCK   the device fails reads of BLOCK: IoError, and the queue goes on
//   blktest abandon DEV         callers that give up mid-request, a malformed request; the driver serves on
//   blktest survive DEV         I/O until the driver is killed: every caller gets PeerClosed, none hangs
//   blktest bench DEV [--icount] blk_read_seq, blk_write_seq (make bench)
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "blktest.h"

int main(int argc, char** argv) {
  using namespace blktest;
  const char* what = argc > 1 ? argv[1] : "";
  const char* device = argc > 2 ? argv[2] : "blk0";
  if (strcmp(what, "info") == 0) return test_info(device);
  if (strcmp(what, "pattern") == 0 && argc == 4) return test_pattern(device, uint32_t(strtoul(argv[3], nullptr, 0)));
  if (strcmp(what, "rw") == 0) return test_rw(device);
  if (strcmp(what, "parallel") == 0) return test_parallel(device);
  if (strcmp(what, "errors") == 0) return test_errors(device);
  if (strcmp(what, "readonly") == 0) return test_readonly(device);
  if (strcmp(what, "ioerror") == 0 && argc == 4) return test_ioerror(device, strtoull(argv[3], nullptr, 0));
  if (strcmp(what, "abandon") == 0) return test_abandon(device);
  if (strcmp(what, "survive") == 0) return test_survive(device);
  if (strcmp(what, "bench") == 0) return bench(device, argc - 2, argv + 2);
  printf("usage: blktest info|pattern|rw|parallel|errors|readonly|ioerror|abandon|survive|bench DEV [...]\n");
  return 2;
}
