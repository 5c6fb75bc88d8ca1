// virtio-blk: the driver of one virtio block device on a virtio-mmio slot,
// served as /dev/NAME (idl/block.capnp). init starts one per block device
// it finds (the `virtio` line of image/boot.conf) and restarts it if it
// dies. docs/storage.md describes it.
// Arguments: virtio-blk NAME (blk0, blk1, ...).
// Startup handles: 0: the slot's MMIO range  1: its IRQ  2: the DMA
// capability  3: a DeviceRegistry channel.
#include <stdio.h>

#include "abi/rights.h"
#include "abi/syscall.h"
#include "clients.h"
#include "disk.h"
#include "ipc/startup.h"
#include "ipc/syscall.h"
#include "tessera/service.h"

namespace {

bool is_a(uint32_t handle, abi::ObjectType type) {
  int64_t info = sys::handle_info(handle);
  return !sys::failed(info) && (uint64_t(info) >> 32) == uint64_t(type);
}

}  // namespace

int main(int argc, char** argv) {
  if (!tessera::started_as_service("virtio-blk")) return 2;
  auto handles = ipc::startup_handles();
  if (argc != 2 || handles.size() != 4 || !is_a(handles[0], abi::ObjectType::MmioRange) ||
      !is_a(handles[1], abi::ObjectType::Irq) || !is_a(handles[2], abi::ObjectType::Dma) ||
      !is_a(handles[3], abi::ObjectType::Channel)) {
    printf("virtio-blk: usage: virtio-blk NAME, with startup handles: MMIO range, IRQ, DMA, device registry\n");
    return 2;
  }
  const char* name = argv[1];
  int64_t registers = sys::mmio_map(handles[0]);
  if (sys::failed(registers)) {
    printf("virtio-blk: %s: mmio_map: %s\n", name, abi::error_name(sys::error_of(registers)));
    return 1;
  }
  static server::Server server;
  if (Status s = server.init(); !s) return 1;
  static virtio::MmioTransport device(reinterpret_cast<volatile uint32_t*>(registers));
  static blk::Disk disk(server, device);
  if (const char* refusal = disk.start(handles[2], handles[1])) {
    printf("virtio-blk: %s: refusing the device: %s\n", name, refusal);
    return 1;
  }
  (void)ipc::close(handles[2]);  // the DMA memory is made; no more is needed
  // The registry channel stays open: devfs forgets the devices of a closed one.
  if (Status s = blk::DeviceEndpoint::register_as(server, disk, name, handles[3]); !s) {
    printf("virtio-blk: %s: register: %s\n", name, abi::error_name(s.error()));
    return 1;
  }
  const virtio::Geometry& g = disk.geometry();
  printf("virtio-blk: /dev/%s: virtio-mmio v%u, %lu blocks of %u bytes%s%s, %u requests in flight\n", name,
         device.version(), g.block_count, g.block_size, g.read_only ? ", read-only" : "",
         g.flush ? ", write cache" : "", disk.slots());
  int status = server.run();  // until devfs drops the device
  // Exit without tearing the server down: the clients it would delete
  // refer to the disk, which static destruction removes first.
  sys::process_exit(static_cast<uint32_t>(status));
}
