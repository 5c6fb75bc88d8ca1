// fsbench's fatfs figures, on /disk (a scratch FAT32 image `make bench`
// attaches). The sequential ones count the disk's share: a 4 MiB file is
// read 1 MiB at a time, each MiB a different one, so fatfs's 1 MiB cache
// holds none of it, and a 1 MiB write is followed by a File.sync (fsync)
// that writes it to the device and flushes the device; they compare with
// blktest's blk_read_seq and blk_write_flush_1MiB (1 MiB, then a flush).
#include <stdio.h>

#include "figure.h"
#include "fs.idl.h"
#include "ipc/ipc.h"
#include "ipc/open_flags.h"
#include "ipc/syscall.h"
#include "ipc/transport.h"
#include "vfs.idl.h"

namespace fsbench {

namespace {

namespace flags = ipc::open_flags;
using Vfs = idl::vfs::VfsClient<ipc::ChannelTransport>;
using File = idl::fs::FileClient<ipc::ChannelTransport>;

constexpr uint32_t kBuffer = 64 * 1024;
constexpr uint32_t kMiB = 1024 * 1024;
constexpr uint32_t kBigFile = 4 * kMiB;
constexpr const char kBig[] = "/disk/fsbench.dat";
constexpr int kSmallFiles = 1000;

int failures = 0;

void fail(const char* what, Status s) {
  printf("fsbench: %s: %s\n", what, abi::error_name(s.error()));
  ++failures;
}

// Opens path with its own copy of the shared buffer; 0 on failure.
ipc::Handle open_bulk(ipc::Handle vfs, const char* path, uint32_t how, ipc::Handle buffer) {
  ipc::ChannelTransport vt(vfs);
  idl::fs::Stat stat;
  ipc::Handle h = 0;
  if (Status s = Vfs(vt).open(path, how, 0644, h, stat); !s) return fail(path, s), 0;
  auto copy = ipc::duplicate(buffer, uint32_t(sys::handle_info(buffer)));
  ipc::ChannelTransport ft(h);
  if (!copy || !File(ft, kBuffer).set_buffer(*copy, kBuffer)) {
    (void)ipc::close(h);
    return fail("setBuffer", Error::IoError), 0;
  }
  return h;
}

// One MiB of bulk writes or reads from at; round trips: 16.
void move_mib(ipc::Handle h, uint32_t at, bool write) {
  ipc::ChannelTransport ft(h);
  File file(ft, kBuffer);
  for (uint32_t off = at; off < at + kMiB; off += kBuffer) {
    uint32_t count = 0;
    Status s =
        write ? file.write_bulk(off, idl::Bulk{0, kBuffer}, count) : file.read_bulk(off, idl::Bulk{0, kBuffer}, count);
    if (!s || count != kBuffer) ++failures;
  }
}

void sequential(ipc::Handle vfs, ipc::Handle buffer, uint8_t* shared) {
  for (uint32_t i = 0; i < kBuffer; ++i) shared[i] = uint8_t(i * 7);
  ipc::Handle h = open_bulk(vfs, kBig, flags::kReadWrite | flags::kCreate | flags::kTruncate, buffer);
  if (!h) return;
  ipc::ChannelTransport ft(h);
  constexpr int kRuns = 12;
  uint32_t at = 0;
  // Write 1 MiB and sync: 16 writeBulk and a File.sync, straight to fatfs
  // (Vfs.sync would sync every mount). The sync's share is also a figure of
  // its own (it includes the device's flush, as blk_flush_after_1MiB); the
  // writes alone are one too, what compares with blk_write_seq.
  static uint64_t sync_cost[bench::kWarmup + kRuns], data_cost[bench::kWarmup + kRuns];
  int calls = 0;
  uint64_t write = bench::measure(
      [&] {
        uint64_t begin = sys::read_instret();
        move_mib(h, at, true);
        uint64_t start = sys::read_instret();
        data_cost[calls] = start - begin;
        if (!File(ft).sync()) ++failures;
        sync_cost[calls++] = sys::read_instret() - start;
        at = (at + kMiB) % kBigFile;
      },
      kRuns);
  figure("fat_write_seq_1MiB", write / 1024, "instructions_per_KiB", kRuns, 17);
  figure("fat_write_data_1MiB", bench::median(data_cost + bench::kWarmup, kRuns) / 1024, "instructions_per_KiB", kRuns,
         16);
  figure("fat_sync_after_1MiB", bench::median(sync_cost + bench::kWarmup, kRuns), "instructions", kRuns, 1);
  uint64_t read = bench::measure(
      [&] {
        move_mib(h, at, false);
        at = (at + kMiB) % kBigFile;
      },
      kRuns);
  figure("fat_read_seq_1MiB", read / 1024, "instructions_per_KiB", kRuns, 16);
  (void)ipc::close(h);
}

// Vfs.open (client->vfs, vfs->fatfs: 2) with kCreate, a 100-byte write (1),
// closing (no call), per file; the figure is per file.
void create_small(ipc::Handle vfs) {
  ipc::ChannelTransport vt(vfs);
  (void)Vfs(vt).mkdir("/disk/small", 0755);
  static const uint8_t text[100] = {};
  int index = 0;
  uint64_t start = sys::read_instret();
  for (; index < kSmallFiles; ++index) {
    char path[40];
    snprintf(path, sizeof path, "/disk/small/file%04d.txt", index);
    idl::fs::Stat stat;
    ipc::Handle h = 0;
    if (Status s = Vfs(vt).open(path, flags::kWriteOnly | flags::kCreate, 0644, h, stat); !s) return fail(path, s);
    ipc::ChannelTransport ft(h);
    uint32_t count = 0;
    if (!File(ft).write(0, idl::Data{text, sizeof text}, count)) ++failures;
    (void)ipc::close(h);
  }
  figure("fat_create_1000_small", (sys::read_instret() - start) / kSmallFiles, "instructions", 1, 3);
}

// Vfs.stat (2 round trips: vfs asks fatfs) and Vfs.open + close (1: vfs
// hands the open to fatfs, which answers the client) of a file fatfs has seen.
void stat_open(ipc::Handle vfs) {
  ipc::ChannelTransport vt(vfs);
  constexpr const char kPath[] = "/disk/small/file0500.txt";
  constexpr int kRuns = 1000;
  figure("fat_stat",
         bench::measure(
             [&] {
               idl::fs::Stat stat;
               if (!Vfs(vt).stat(kPath, stat)) ++failures;
             },
             kRuns),
         "instructions", kRuns, 2);
  figure("open_close_fat",
         bench::measure(
             [&] {
               idl::fs::Stat stat;
               ipc::Handle h = 0;
               if (!Vfs(vt).open(kPath, flags::kReadOnly, 0, h, stat))
                 ++failures;
               else
                 (void)ipc::close(h);
             },
             kRuns),
         "instructions", kRuns, 1);
}

}  // namespace

int fat_figures(ipc::Handle vfs, ipc::Handle buffer, uint8_t* shared) {
  sequential(vfs, buffer, shared);
  create_small(vfs);
  stat_open(vfs);
  return failures;
}

}  // namespace fsbench
