#include "power_device.h"

#include <stdio.h>
#include <string.h>

#include "fs.idl.h"
#include "ipc/ipc.h"
#include "ipc/syscall.h"
#include "ipc/transport.h"
#include "resources.h"
#include "server/char_device.h"
#include "vfs.idl.h"

namespace init {

namespace {

class PowerDevice final : public server::CharDeviceOps {
 public:
  void set_vfs(ipc::Handle vfs) { vfs_ = vfs; }

  Result<uint32_t> read(uint64_t, uint8_t*, uint32_t) override { return 0u; }

  // "off", with or without a newline; anything else is InvalidArgument.
  Result<uint32_t> write(uint64_t, const uint8_t* data, uint32_t count) override {
    uint32_t length = count > 0 && data[count - 1] == '\n' ? count - 1 : count;
    if (length != 3 || memcmp(data, "off", 3) != 0) return Error::InvalidArgument;
    Status off = sync_and_power_off(vfs_);
    return off.error();
  }

 private:
  ipc::Handle vfs_ = 0;
};

}  // namespace

Status sync_and_power_off(ipc::Handle vfs) {
  ipc::ChannelTransport transport(vfs);
  Status synced = idl::vfs::VfsClient<ipc::ChannelTransport>(transport).sync();
  if (!synced) printf("init: sync before poweroff: %s\n", abi::error_name(synced.error()));
  return sys::error_of(sys::poweroff(power_handle()));
}

namespace {

struct PowerServer {
  PowerDevice ops;
  server::Server server;
  server::CharDevice device{server, ops};
  ipc::Handle registry = 0;
};

void serve(void* context) {
  auto* power = static_cast<PowerServer*>(context);
  Status s = power->server.init();
  if (s) s = power->device.register_as("power", power->registry);
  if (!s) {
    printf("init: cannot serve /dev/power: %s\n", abi::error_name(s.error()));
    return;
  }
  (void)power->server.run();
}

}  // namespace

void start_power_device(ipc::Handle registry, ipc::Handle vfs) {
  static PowerServer power;
  ipc::ChannelTransport transport(registry);
  Status s = idl::fs::DeviceRegistryClient<ipc::ChannelTransport>(transport).connect(power.registry);
  ipc::Handle session = 0;
  if (s) {
    ipc::ChannelTransport vfs_transport(vfs);
    s = idl::vfs::VfsClient<ipc::ChannelTransport>(vfs_transport).clone(false, session);
  }
  if (s) {
    power.ops.set_vfs(session);
    s = ipc::start_thread(serve, &power).ok() ? Status{} : Status(Error::NoMemory);
  }
  if (!s) printf("init: cannot serve /dev/power: %s\n", abi::error_name(s.error()));
}

}  // namespace init
