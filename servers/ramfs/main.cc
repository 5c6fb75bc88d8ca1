// ramfs: a file system in memory. Startup handles (docs/architecture.md):
// [0] the FileSystem server end; [1], for the root instance, the boot
// archive as an MMIO range, whose files are copied into the tree before the
// first request is served. Its argument --epoch-ns=N (boot.conf's `clock`:
// the wall-clock time at timebase 0, which init read from the RTC) gives
// the tree its clock; without it, times stay 0 until set. Exits when its
// FileSystem client and every open file are gone.
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <span>

#include "bootfs.h"
#include "ipc/ipc.h"
#include "ipc/process.h"
#include "ipc/syscall.h"
#include "ipc/time.h"
#include "server.h"
#include "server/server.h"
#include "server/tree_file_server.h"
#include "tree.h"
#include "tessera/service.h"

namespace {

// The MMIO range does not tell its size, so the walk is bounded by the
// archive's own trailer: the boot archive comes from the same place as the
// kernel and init, and is trusted to have one.
constexpr size_t kMaxBootArchive = size_t{1} << 30;

void load_boot_archive(ramfs::Tree& tree, ipc::Handle range) {
  int64_t address = sys::mmio_map(range);
  (void)ipc::close(range);
  if (sys::failed(address)) {
    printf("ramfs: cannot map the boot archive: %s\n", abi::error_name(sys::error_of(address)));
    return;
  }
  std::span<const uint8_t> archive(reinterpret_cast<const uint8_t*>(address), kMaxBootArchive);
  auto counts = ramfs::load_archive(tree, archive);
  if (!counts) {
    printf("ramfs: boot archive: %s\n", abi::error_name(counts.error()));
    return;
  }
  printf("ramfs: %zu files and %zu directories from the boot archive\n", counts->files, counts->directories);
}

int64_t epoch_ns = 0;

// Nanoseconds since 1970 UTC: the epoch init gave, carried on by the timebase.
int64_t wall_clock_now() { return epoch_ns + int64_t(ipc::ns_from_ticks(sys::read_time())); }

// --epoch-ns=N; 0 if absent or not a positive number.
int64_t epoch_from(int argc, char** argv) {
  constexpr char kPrefix[] = "--epoch-ns=";
  for (int i = 1; i < argc; ++i) {
    if (strncmp(argv[i], kPrefix, sizeof kPrefix - 1) != 0) continue;
    char* end = nullptr;
    long long value = strtoll(argv[i] + sizeof kPrefix - 1, &end, 10);
    return end && *end == '\0' && value > 0 ? value : 0;
  }
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  if (!tessera::started_as_service("ramfs")) return 2;
  std::span<const ipc::Handle> handles = ipc::startup_handles();
  if (handles.empty()) {
    printf("ramfs: started without a FileSystem channel\n");
    return 1;
  }
  ramfs::Tree tree;
  if (handles.size() > 1) load_boot_archive(tree, handles[1]);
  // After the archive: its files keep the times it gives them (none).
  epoch_ns = epoch_from(argc, argv);
  if (epoch_ns != 0 && ipc::ticks_per_second() != 0) tree.set_clock(wall_clock_now);
  server::Server server;
  if (!server.init()) return 1;
  ramfs::MemoryTree memory_tree(tree);
  server::TreeFileServer fs(server, memory_tree, "ramfs", ramfs::kLimits);
  if (!fs.serve(handles[0])) return 1;
  return server.run();
}
