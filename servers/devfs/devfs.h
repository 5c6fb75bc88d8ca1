// DevFs: the state of devfs and the handlers of its three protocols
// (idl/fs.capnp): FileSystem on the channel vfs mounts at /dev,
// DeviceRegistry on the channels drivers register through, and File on the
// channels of the nodes devfs serves itself (the directory, null, zero).
//
// Every channel end devfs serves is a server::Source of one server::Server
// (libserver): the FileSystem end is DevFs itself, each registry, device and
// open file a heap object the server owns and finds by its badge. A
// registered device is the driver's Device client end; opening it asks the
// driver for a File channel and hands that to the client, so reads and
// writes of a device never pass through devfs. A device goes away when its
// Device channel or the registry channel it was registered through closes
// (a driver that dies closes both).
//
// Nothing is a fixed table; what one client can take is bounded instead:
// kMaxDevicesPerRegistry devices through one registry channel,
// kMaxRegistries registry channels, kMaxOpenFiles opens of devfs's own
// nodes (the FileSystem client's, clones included). Past a limit the request
// fails with Busy; when memory runs out, with NoMemory.
//
// devfs must never block on a driver for long: it calls Device.open while it
// holds its client's open (the kernel allows a nested call) with a deadline
// of kDeviceCallTimeout, so a hung driver costs one open a TimedOut, never
// devfs its liveness.
#pragma once

#include <cstdint>

#include "fs.idl.h"
#include "ipc/ipc.h"
#include "server/pending.h"
#include "server/server.h"

namespace devfs {

class Registry;
struct Device;
class DeviceWait;

class DevFs final : public server::Source, public server::HandleCloser {
 public:
  static constexpr uint32_t kMaxName = 63;
  static constexpr uint32_t kMaxRegistries = 256;
  static constexpr uint32_t kMaxDevicesPerRegistry = 64;
  static constexpr uint32_t kMaxOpenFiles = 1024;
  static constexpr uint64_t kFirstDeviceInode = 16;  // below: the directory, null, zero

  explicit DevFs(server::Server& server) : server_(server) {}

  // The FileSystem end: devfs stops serving when its client is gone.
  Status serve_file_system(ipc::Handle end);
  Status serve_registry(ipc::Handle end);

  void on_call(server::Call& call) override;
  // openFor, vfs's hand-over of an open: answered on the Reply it carries.
  void on_event(const ipc::Event& event) override;
  void on_closed() override { server_.stop(0); }

  // FileSystem.
  Status open(const idl::fs::FileSystemOpenParams& in, idl::fs::FileSystemOpenResults& out);
  Status open_for(const idl::fs::FileSystemOpenForParams& in, idl::fs::FileSystemOpenForResults& out);
  Status stat(const idl::fs::FileSystemStatParams& in, idl::fs::FileSystemStatResults& out);
  Status mkdir(const idl::fs::FileSystemMkdirParams&, idl::fs::FileSystemMkdirResults&);
  Status rmdir(const idl::fs::FileSystemRmdirParams&, idl::fs::FileSystemRmdirResults&);
  Status unlink(const idl::fs::FileSystemUnlinkParams&, idl::fs::FileSystemUnlinkResults&);
  Status rename(const idl::fs::FileSystemRenameParams&, idl::fs::FileSystemRenameResults&);
  Status sync(const idl::fs::FileSystemSyncParams&, idl::fs::FileSystemSyncResults&) { return {}; }
  Status statfs(const idl::fs::FileSystemStatfsParams&, idl::fs::FileSystemStatfsResults& out);

  // DeviceRegistry.register through registry; device is ours either way.
  Status add_device(Registry& registry, idl::Text name, ipc::Handle device);
  // DeviceRegistry.waitFor: answered now if name is registered, else
  // parked until it is (or its caller gives up).
  Status wait_for(server::Call& call, Registry& registry, idl::Text name);
  void forget_wait(DeviceWait& wait);
  // A device's channel closed: forget it (the server deletes it after).
  void forget_device(Device& device);
  // A device whose driver is gone: forget it and delete it now.
  void forget_dead(Device& device);
  // A registry channel closed: its devices go with it.
  void remove_devices_of(const Registry& registry);
  void forget_registry() { --registries_; }

  // What a File channel of devfs's own opens.
  enum class Node : uint8_t { Directory, Null, Zero };
  void forget_file() { --open_files_; }

  // For the node files: the n-th entry of the directory (null, zero,
  // devices).
  bool directory_entry(uint32_t n, idl::Text& name, idl::fs::NodeKind& kind) const;
  Status open_node(Node node, uint32_t flags, ipc::Handle& file);

 private:
  // What a path names.
  struct Lookup {
    enum Kind { None, Directory, Null, Zero, Device } kind = None;
    devfs::Device* device = nullptr;
  };

  Lookup lookup(idl::Text path) const;
  static idl::fs::Stat stat_of(const Lookup& node);
  Status refuse(idl::Text path) const;
  void unlink_device(Device& device);
  void answer_waits(idl::Text name);

  server::Server& server_;
  Device* devices_ = nullptr;  // newest first
  DeviceWait* waits_ = nullptr;
  uint64_t next_inode_ = kFirstDeviceInode;
  uint32_t registries_ = 0;
  uint32_t open_files_ = 0;
};

// One DeviceRegistry channel.
class Registry final : public server::Source, public server::HandleCloser {
 public:
  static constexpr uint32_t kMaxWaits = 8;

  explicit Registry(DevFs& fs) : fs_(fs) {}
  void on_call(server::Call& call) override {
    call_ = &call;
    idl::fs::dispatch_device_registry(*this, call.message());
    call_ = nullptr;
  }
  void on_closed() override;

  Status register_(const idl::fs::DeviceRegistryRegisterParams& in, idl::fs::DeviceRegistryRegisterResults&);
  Status connect(const idl::fs::DeviceRegistryConnectParams&, idl::fs::DeviceRegistryConnectResults& out);
  Status wait_for(const idl::fs::DeviceRegistryWaitForParams& in, idl::fs::DeviceRegistryWaitForResults&) {
    return fs_.wait_for(*call_, *this, in.name);
  }

  uint32_t devices = 0;
  uint32_t waits = 0;

 private:
  DevFs& fs_;
  server::Call* call_ = nullptr;  // the call being served
};

// A parked DeviceRegistry.waitFor: answered when its name registers, or
// spent when its caller stops waiting.
class DeviceWait final : public server::Pending<idl::fs::DeviceRegistryWaitForResults> {
 public:
  DeviceWait(DevFs& fs, Registry& registry) : fs(fs), registry(registry) {}
  void on_gone() override { fs.forget_wait(*this); }

  DevFs& fs;
  Registry& registry;
  char name[DevFs::kMaxName];
  uint32_t name_length = 0;
  DeviceWait* next = nullptr;
};

// A registered device: the driver's Device channel. Drivers do not call
// devfs on it (the default on_call refuses them).
struct Device final : public server::Source {
  Device(DevFs& fs, Registry& registry) : fs(fs), registry(registry) {}
  void on_closed() override { fs.forget_device(*this); }

  DevFs& fs;
  Registry& registry;  // registered through; outlives the device
  server::Key key = 0;
  ipc::Handle end = ipc::kInvalidHandle;
  uint64_t inode = 0;
  char name[DevFs::kMaxName];
  uint32_t name_length = 0;
  Device* next = nullptr;
};

}  // namespace devfs
