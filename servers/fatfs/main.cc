// fatfs: a FAT12/16/32 volume on a block device, served as a FileSystem
// (idl/fs.capnp) for vfs to mount.
//   fatfs DEVICE   (boot.conf's disk services) startup handles:
//                    0: the FileSystem server end
//                    1: a Vfs session: /dev/DEVICE is opened through it
//                       (and opened again if its driver restarts), and
//                       /dev/rtc read for timestamps
//                    2: a DeviceRegistry channel, to wait (waitFor) for
//                       DEVICE, and rtc, to register
//   fatfs          (fattest) startup handles:
//                    0: the FileSystem server end
//                    1: a BlockDevice channel (idl/block.capnp)
//                    2: optional, a Vfs session to read /dev/rtc
// A volume that cannot be mounted (not FAT, a corrupt boot sector, a disk
// that fails) is logged with the reason, and fatfs exits with status 1.
// Dirty blocks are written back every 5 seconds, on sync, and when vfs
// unmounts it; it exits when vfs and every open file are gone.
#include <stdio.h>

#include "block_cache.h"
#include "ipc/ipc.h"
#include "ipc/startup.h"
#include "ipc_block_device.h"
#include "rtc_clock.h"
#include "server.h"
#include "server/server.h"
#include "server/tree_file_server.h"
#include "volume.h"
#include "write_back_timer.h"
#include "tessera/service.h"

namespace {

constexpr size_t kCacheBytes = 1024 * 1024;

int fail(const char* what, Error error, const char* reason = nullptr) {
  printf("fatfs: %s: %s%s%s\n", what, abi::error_name(error), reason ? ": " : "", reason ? reason : "");
  return 1;
}

}  // namespace

int main(int argc, char** argv) {
  if (!tessera::started_as_service("fatfs")) return 2;
  auto handles = ipc::startup_handles();
  const bool named = argc > 1;
  if (handles.size() < (named ? 3u : 2u)) {
    printf(
        "fatfs: expected startup handles: FileSystem end, then Vfs session and DeviceRegistry (fatfs DEVICE) "
        "or BlockDevice channel[, Vfs session]\n");
    return 2;
  }
  ipc::Handle vfs = named ? handles[1] : handles.size() > 2 ? handles[2] : ipc::kInvalidHandle;
  static fatfs::IpcBlockDevice device =
      named ? fatfs::IpcBlockDevice(vfs, handles[2], argv[1]) : fatfs::IpcBlockDevice(handles[1]);
  if (Status s = device.connect(); !s) return fail(named ? argv[1] : "block device", s.error());
  static fatfs::RtcClock clock;
  clock.start(vfs, named ? handles[2] : ipc::kInvalidHandle);
  if (!clock.known()) printf("fatfs: no /dev/rtc: files get the date 1980-01-01\n");
  static fatfs::BlockCache cache(device, kCacheBytes);
  if (Status s = cache.init(); !s) return fail("cache", s.error());
  static fatfs::Volume volume(cache, clock);
  const char* reason = nullptr;
  if (Status s = volume.mount(&reason); !s) return fail("cannot mount", s.error(), reason);
  const fatfs::Space space = volume.space();
  printf("fatfs: %s, %u clusters of %u bytes, %u free%s\n", fatfs::fat_type_name(volume.geometry().type),
         space.clusters, space.cluster_bytes, space.free, device.read_only() ? ", read-only" : "");
  static server::Server server;
  if (Status s = server.init(); !s) return fail("init", s.error());
  static fatfs::VolumeTree tree(volume, device);
  static server::TreeFileServer fs(server, tree, "fatfs", fatfs::kLimits);
  if (Status s = fs.serve(handles[0]); !s) return fail("serve", s.error());
  static fatfs::WriteBackTimer timer(volume);
  if (Status s = timer.start(server); !s) return fail("write-back timer", s.error());
  int status = server.run();
  if (Status s = volume.sync(); !s) return fail("writing back", s.error());
  return status;
}
