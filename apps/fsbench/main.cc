// fsbench: costs of the full system's process and file paths in guest
// instructions (run under -icount shift=0 as `fsbench --icount`; `make
// bench` boots the full system and runs it). Each figure is the median of rdinstret deltas
// (apps/ipcbench/measure.h), printed as "name value unit", followed by
// "<name>_runs N count" and "<name>_ipc_roundtrips N count": the IPC
// calls one operation makes, counted from the protocol (docs/benchmarks.md).
// `fsbench fat --icount`: the same for fatfs on /disk (fat.cc).
#include <stdio.h>
#include <string.h>

#include "../ipcbench/measure.h"
#include "figure.h"
#include "fs.idl.h"
#include "ipc/ipc.h"
#include "ipc/open_flags.h"
#include "ipc/process.h"
#include "ipc/syscall.h"
#include "ipc/transport.h"
#include "procmgr.idl.h"
#include "vfs.idl.h"
#include "tessera/posix.h"

namespace {

using fsbench::figure;
namespace flags = ipc::open_flags;
using Vfs = idl::vfs::VfsClient<ipc::ChannelTransport>;
using File = idl::fs::FileClient<ipc::ChannelTransport>;
using Procmgr = idl::procmgr::ProcessManagerClient<ipc::ChannelTransport>;

constexpr const char kFile[] = "/tmp/fsbench.dat";  // /tmp is a ramfs
constexpr uint32_t kBuffer = 64 * 1024;             // the shared membuf
constexpr uint32_t kBig = 1024 * 1024;

ipc::Handle vfs_session = 0, procmgr_session = 0;
int failures = 0;

void fail(const char* what, Status s) {
  printf("fsbench: %s: %s\n", what, abi::error_name(s.error()));
  ++failures;
}

// Median over `count` runs of op() after `warmup` unmeasured ones.
template <typename Op>
uint64_t measure_n(Op op, int count, int warmup) {
  static uint64_t samples[bench::kSamples];
  for (int i = 0; i < warmup; ++i) op();
  for (int i = 0; i < count; ++i) {
    uint64_t start = sys::read_instret();
    op();
    samples[i] = sys::read_instret() - start;
  }
  return bench::median(samples, count);
}

// spawn + wait + reap of /bin/prochelper `exit 0` through procmgr. Round
// trips: Vfs.clone (1), ProcessManager.spawn (1) and inside it procmgr's
// Vfs.open (procmgr->vfs, vfs->ramfs: 2) and the Vfs.clone it keeps for
// /proc/<pid>/mounts (1); ProcessManager.reap (1). The median run reads
// no file: procmgr's image cache has the program from the first run (the
// first also makes File.setBuffer and one File.readBulk). process_wait is
// a system call, not IPC.
void spawn_wait() {
  static const char argv[] = "prochelper\0exit\0" "0";
  constexpr int kRuns = 100;
  auto once = [] {
    ipc::Handle session = 0;
    ipc::ChannelTransport vt(vfs_session);
    if (Status s = Vfs(vt).clone(false, session); !s) return fail("clone", s);
    ipc::ChannelTransport pt(procmgr_session);
    Procmgr procmgr(pt);
    int64_t pid = 0;
    ipc::Handle process = 0;
    tessera::Inheritance inheritance;
    Status s = procmgr.spawn("/bin/prochelper", idl::Data{reinterpret_cast<const uint8_t*>(argv), sizeof argv}, {},
                             session, false, inheritance.child_end(), pid, process);
    if (s) inheritance.send();
    if (!s) return fail("spawn", s);
    if (ipc::wait(process) != 0) ++failures;
    (void)ipc::close(process);
    int64_t status = 0;
    if (Status r = procmgr.reap(pid, status); !r) fail("reap", r);
  };
  figure("spawn_wait_static", measure_n(once, kRuns, 5), "instructions", kRuns, 6);
}

Status make_file(uint32_t size, uint8_t* shared, ipc::Handle buffer) {
  ipc::ChannelTransport vt(vfs_session);
  idl::fs::Stat stat;
  ipc::Handle h = 0;
  TRY(Vfs(vt).open(kFile, flags::kReadWrite | flags::kCreate | flags::kTruncate, 0644, h, stat));
  ipc::ChannelTransport ft(h);
  File file(ft, kBuffer);
  auto copy = ipc::duplicate(buffer, uint32_t(sys::handle_info(buffer)));
  if (!copy) return copy.error();
  Status s = file.set_buffer(*copy, kBuffer);
  for (uint32_t i = 0; i < kBuffer; ++i) shared[i] = uint8_t(i * 7);
  for (uint32_t at = 0; s && at < size; at += kBuffer) {
    uint32_t count = 0;
    s = file.write_bulk(at, idl::Bulk{0, kBuffer}, count);
  }
  (void)ipc::close(h);
  return s;
}

// Vfs.open (one call: client->vfs, which sends ramfs an openFor carrying
// the call's Reply, and ramfs answers it) and closing the File channel (no
// call: ramfs sees a PeerClosed event).
void open_close() {
  auto once = [] {
    ipc::ChannelTransport vt(vfs_session);
    idl::fs::Stat stat;
    ipc::Handle h = 0;
    if (Status s = Vfs(vt).open(kFile, flags::kReadOnly, 0, h, stat); !s) return fail("open", s);
    (void)ipc::close(h);
  };
  figure("open_close_ramfs", bench::measure(once), "instructions", bench::kSamples, 1);
}

// File.readBulk straight to ramfs (vfs is not on the path): 1 call each.
void reads(ipc::Handle buffer) {
  ipc::ChannelTransport vt(vfs_session);
  idl::fs::Stat stat;
  ipc::Handle h = 0;
  if (Status s = Vfs(vt).open(kFile, flags::kReadOnly, 0, h, stat); !s) return fail("open", s);
  ipc::ChannelTransport ft(h);
  File file(ft, kBuffer);
  auto copy = ipc::duplicate(buffer, uint32_t(sys::handle_info(buffer)));
  if (!copy) return fail("duplicate", copy.error());
  if (Status s = file.set_buffer(*copy, kBuffer); !s) return fail("setBuffer", s);
  uint32_t at = 0;
  figure("read_4KiB_ramfs", bench::measure([&] {
           uint32_t count = 0;
           if (!file.read_bulk(at, idl::Bulk{0, 4096}, count) || count != 4096) ++failures;
           at = (at + 4096) % kBig;
         }),
         "instructions", bench::kSamples, 1);
  constexpr int kRuns = 50;
  uint64_t whole = measure_n(
      [&] {
        for (uint32_t off = 0; off < kBig; off += kBuffer) {
          uint32_t count = 0;
          if (!file.read_bulk(off, idl::Bulk{0, kBuffer}, count) || count != kBuffer) ++failures;
        }
      },
      kRuns, 3);
  figure("read_1MiB_ramfs", whole / 1024, "instructions_per_KiB", kRuns, kBig / kBuffer);
  bench::report("read_1MiB_ramfs_total", whole, "instructions");
  (void)ipc::close(h);
}

}  // namespace

int main(int argc, char** argv) {
  auto handles = ipc::startup_handles();
  if (handles.size() < 2) {
    printf("fsbench: needs a vfs and a procmgr session (run it in the full system)\n");
    return 2;
  }
  vfs_session = handles[0];
  procmgr_session = handles[1];
  printf("fsbench: start\n");
  bench::say_what_figures_count("fsbench", argc, argv);
  int64_t buffer = sys::membuf_create(kBuffer);
  if (buffer < 0) return 3;
  int64_t address = sys::membuf_map(uint32_t(buffer), 0, 0, kBuffer, abi::kProtRead | abi::kProtWrite);
  if (address < 0) return 3;
  if (argc > 1 && strcmp(argv[1], "fat") == 0) {
    failures += fsbench::fat_figures(vfs_session, ipc::Handle(buffer), reinterpret_cast<uint8_t*>(address));
    printf("fsbench: done%s\n", failures ? " (with failures)" : "");
    return failures ? 1 : 0;
  }
  if (Status s = make_file(kBig, reinterpret_cast<uint8_t*>(address), ipc::Handle(buffer)); !s) {
    fail("make the 1 MiB file", s);
    return 1;
  }
  spawn_wait();
  open_close();
  reads(ipc::Handle(buffer));
  ipc::ChannelTransport vt(vfs_session);
  (void)Vfs(vt).unlink(kFile);
  printf("fsbench: done%s\n", failures ? " (with failures)" : "");
  return failures ? 1 : 0;
}
