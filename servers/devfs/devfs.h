// DevFs: the state of devfs and the handlers of its three protocols
// (idl/fs.capnp): FileSystem on the channel vfs mounts at /dev,
// DeviceRegistry on the channels drivers register through, and File on the
// channels of the nodes devfs serves itself (the directory, null, zero).
//
// Every channel end devfs serves is bound to one port; the badge says which
// table entry it belongs to (Source << 32 | index). A registered device is
// the driver's Device client end; opening it asks the driver for a File
// channel and hands that to the client, so reads and writes of a device
// never pass through devfs. A device goes away when its Device channel or
// the registry channel it was registered through closes (a driver that dies
// closes both).
//
// devfs must never block on a driver for long: it calls Device.open while it
// holds its client's open (the kernel allows a nested call) with a deadline
// of kDeviceCallTimeout, so a hung driver costs one open a TimedOut, never
// devfs its liveness.
#pragma once

#include <cstdint>

#include "fs.idl.h"
#include "ipc/ipc.h"

namespace devfs {

enum class Source : uint32_t { FileSystem = 1, Registry = 2, Device = 3, File = 4 };

constexpr uint64_t badge_of(Source source, uint32_t index) { return uint64_t(source) << 32 | index; }
constexpr Source source_of(uint64_t badge) { return static_cast<Source>(badge >> 32); }
constexpr uint32_t index_of(uint64_t badge) { return static_cast<uint32_t>(badge); }

class DevFs {
 public:
  static constexpr uint32_t kMaxRegistries = 32;
  static constexpr uint32_t kMaxDevices = 64;
  static constexpr uint32_t kMaxFiles = 128;
  static constexpr uint32_t kMaxName = 63;

  explicit DevFs(ipc::Handle port) : port_(port) {}

  Status serve_file_system(ipc::Handle end);
  Status serve_registry(ipc::Handle end);

  // Answers the call in msg that arrived with badge; the reply is left in msg.
  void dispatch(uint64_t badge, ipc::Message& msg);
  // The peer of the end with this badge closed. False: devfs should exit
  // (its FileSystem client is gone).
  bool peer_closed(uint64_t badge);

  // FileSystem.
  Status open(const idl::fs::FileSystemOpenParams& in, idl::fs::FileSystemOpenResults& out);
  Status stat(const idl::fs::FileSystemStatParams& in, idl::fs::FileSystemStatResults& out);
  Status mkdir(const idl::fs::FileSystemMkdirParams&, idl::fs::FileSystemMkdirResults&);
  Status rmdir(const idl::fs::FileSystemRmdirParams&, idl::fs::FileSystemRmdirResults&);
  Status unlink(const idl::fs::FileSystemUnlinkParams&, idl::fs::FileSystemUnlinkResults&);
  Status rename(const idl::fs::FileSystemRenameParams&, idl::fs::FileSystemRenameResults&);
  // DeviceRegistry (for the registry whose call is being served).
  Status register_(const idl::fs::DeviceRegistryRegisterParams& in, idl::fs::DeviceRegistryRegisterResults&);
  Status connect(const idl::fs::DeviceRegistryConnectParams&, idl::fs::DeviceRegistryConnectResults& out);
  // Handles of a rejected request.
  void drop_handles(const ipc::Handle* handles, uint32_t count);

  // What a File channel of devfs's own opens.
  enum class Node : uint8_t { Directory, Null, Zero };
  struct OpenFile {
    bool used = false;
    Node node = Node::Null;
    uint32_t flags = 0;
    ipc::Handle end = ipc::kInvalidHandle;
    uint8_t* buffer = nullptr;  // setBuffer's mapping
    uint32_t buffer_size = 0;
  };
  struct Device {
    bool used = false;
    char name[kMaxName];
    uint32_t name_length = 0;
    ipc::Handle end = ipc::kInvalidHandle;  // the driver's Device channel
    uint32_t registry = 0;                  // registered through
  };

  // For FileServer: the n-th entry of the directory (null, zero, devices).
  bool directory_entry(uint32_t n, idl::Text& name, idl::fs::NodeKind& kind) const;
  Status open_node(Node node, uint32_t flags, ipc::Handle& file);

 private:
  struct Registry {
    bool used = false;
    ipc::Handle end = ipc::kInvalidHandle;
  };
  // What a path names.
  struct Lookup {
    enum Kind { None, Directory, Null, Zero, Device } kind = None;
    uint32_t device = 0;
  };

  Lookup lookup(idl::Text path) const;
  static idl::fs::Stat stat_of(const Lookup& node);
  Status refuse(idl::Text path) const;
  void remove_device(uint32_t index);
  void close_file(uint32_t index);

  ipc::Handle port_;
  ipc::Handle file_system_ = ipc::kInvalidHandle;
  uint32_t current_registry_ = 0;
  Registry registries_[kMaxRegistries];
  Device devices_[kMaxDevices];
  OpenFile files_[kMaxFiles];
};

}  // namespace devfs
