#include "devfs.h"

#include <string.h>

#include "abi/rights.h"
#include "ipc/open_flags.h"
#include "ipc/syscall.h"
#include "ipc/time.h"
#include "ipc/transport.h"
#include "nodes.h"
#include "server/pending.h"

namespace devfs {

namespace {

namespace flags = ipc::open_flags;
using idl::fs::NodeKind;

constexpr uint64_t kDirectoryInode = 1;
constexpr uint64_t kNullInode = 2;
constexpr uint64_t kZeroInode = 3;
constexpr uint32_t kDeviceMode = 0666;
constexpr uint32_t kDirectoryMode = 0755;
constexpr uint64_t kDeviceCallTimeoutMs = 2'000;

// Device.open on the driver. The call reuses this thread's IPC buffer, which
// holds the FileSystem.open request: the handler reads nothing from it after.
Status open_device(ipc::Handle device, uint32_t open_flags, ipc::Handle& file) {
  ipc::ChannelTransport transport(device, ipc::deadline_in_ms(kDeviceCallTimeoutMs));
  return idl::fs::DeviceClient<ipc::ChannelTransport>(transport).open(open_flags, file);
}

bool is(idl::Text text, const char* name) { return text == idl::Text(name); }

// The length of the first component of text (all of it without a '/').
uint32_t first_component(idl::Text text) {
  uint32_t n = 0;
  while (n < text.size && text.data[n] != '/') ++n;
  return n;
}

bool contains_slash(idl::Text text) { return first_component(text) != text.size; }

}  // namespace

Status DevFs::serve_file_system(ipc::Handle end) {
  auto key = server_.add(end, this);
  return key ? Status{} : Status(key.error());
}

Status DevFs::serve_registry(ipc::Handle end) {
  if (registries_ >= kMaxRegistries) return Error::Busy;
  auto* registry = new (std::nothrow) Registry(*this);
  if (!registry) return Error::NoMemory;
  auto key = server_.add(end, registry, true);
  if (!key) {
    delete registry;
    return key.error();
  }
  ++registries_;
  return {};
}

void DevFs::on_call(server::Call& call) { idl::fs::dispatch_file_system(*this, call.message()); }

void DevFs::on_event(const ipc::Event& event) {
  if (event.kind() != abi::EventKind::Message) return Source::on_event(event);
  ipc::Message& message = ipc::take(event);
  server_.answer(idl::fs::dispatch_file_system_message(*this, message), message);
}

void DevFs::unlink_device(Device& device) {
  for (Device** at = &devices_; *at; at = &(*at)->next) {
    if (*at == &device) {
      *at = device.next;
      --device.registry.devices;
      return;
    }
  }
}

void DevFs::forget_device(Device& device) { unlink_device(device); }

void DevFs::forget_dead(Device& device) {
  unlink_device(device);
  server_.remove(device.key);  // closes its channel, deletes it
}

void DevFs::remove_devices_of(const Registry& registry) {
  for (DeviceWait* w = waits_; w;) {
    DeviceWait* next = w->next;
    if (&w->registry == &registry) forget_wait(*w);  // unanswered: its caller gets PeerClosed
    w = next;
  }
  Device* d = devices_;
  while (d) {
    Device* next = d->next;
    if (&d->registry == &registry) forget_dead(*d);
    d = next;
  }
}

void Registry::on_closed() {
  fs_.remove_devices_of(*this);
  fs_.forget_registry();
}

Status DevFs::wait_for(server::Call& call, Registry& registry, idl::Text name) {
  if (name.size == 0 || name.size > kMaxName) return Error::InvalidArgument;
  if (lookup(name).kind == Lookup::Device) return {};
  if (registry.waits >= Registry::kMaxWaits) return Error::Busy;
  auto* wait = new (std::nothrow) DeviceWait(*this, registry);
  if (!wait) return Error::NoMemory;
  if (Status parked = wait->park(call, server_, idl::fs::DeviceRegistryWaitForParams::kOrdinal); !parked) {
    delete wait;
    return parked.error();
  }
  memcpy(wait->name, name.data, name.size);
  wait->name_length = name.size;
  wait->next = waits_;
  waits_ = wait;
  ++registry.waits;
  return {};
}

void DevFs::forget_wait(DeviceWait& wait) {
  for (DeviceWait** at = &waits_; *at; at = &(*at)->next) {
    if (*at == &wait) {
      *at = wait.next;
      --wait.registry.waits;
      delete &wait;
      return;
    }
  }
}

void DevFs::answer_waits(idl::Text name) {
  DeviceWait* w = waits_;
  while (w) {
    DeviceWait* next = w->next;
    if (name == idl::Text(w->name, w->name_length)) {
      (void)w->answer({});
      forget_wait(*w);
    }
    w = next;
  }
}

DevFs::Lookup DevFs::lookup(idl::Text path) const {
  if (path.size == 0) return {Lookup::Directory};
  if (is(path, "null")) return {Lookup::Null};
  if (is(path, "zero")) return {Lookup::Zero};
  for (Device* d = devices_; d; d = d->next) {
    if (path == idl::Text(d->name, d->name_length)) return {Lookup::Device, d};
  }
  return {};
}

// Why a path that names nothing fails: a path through one of our nodes
// ("null/x") is NotDirectory, anything else NotFound.
Status DevFs::refuse(idl::Text path) const {
  uint32_t length = first_component(path);
  if (length == path.size) return Error::NotFound;
  idl::Text first(path.data, length);
  return lookup(first).kind == Lookup::None ? Error::NotFound : Error::NotDirectory;
}

idl::fs::Stat DevFs::stat_of(const Lookup& node) {
  idl::fs::Stat s{};
  s.kind = NodeKind::Device;
  s.mode = kDeviceMode;
  s.links = 1;
  switch (node.kind) {
    case Lookup::Directory:
      s.kind = NodeKind::Directory;
      s.mode = kDirectoryMode;
      s.links = 2;
      s.inode = kDirectoryInode;
      break;
    case Lookup::Null: s.inode = kNullInode; break;
    case Lookup::Zero: s.inode = kZeroInode; break;
    case Lookup::Device: s.inode = node.device->inode; break;
    case Lookup::None: break;
  }
  return s;
}

Status DevFs::open_node(Node node, uint32_t open_flags, ipc::Handle& file) {
  if (open_files_ >= kMaxOpenFiles) return Error::Busy;
  auto end = server_.add_channel(new (std::nothrow) NodeFile(*this, node, open_flags));
  if (!end) return end.error();
  ++open_files_;
  file = *end;
  return {};
}

Status DevFs::open_for(const idl::fs::FileSystemOpenForParams& in, idl::fs::FileSystemOpenForResults& out) {
  idl::fs::FileSystemOpenResults opened;
  TRY(open({in.path, in.flags, in.mode}, opened));
  out.file = opened.file;
  out.stat = opened.stat;
  return {};
}

Status DevFs::open(const idl::fs::FileSystemOpenParams& in, idl::fs::FileSystemOpenResults& out) {
  Lookup node = lookup(in.path);
  if (node.kind == Lookup::None) {
    if (contains_slash(in.path)) return refuse(in.path);
    return (in.flags & flags::kCreate) ? Error::AccessDenied : Error::NotFound;
  }
  if ((in.flags & flags::kCreate) && (in.flags & flags::kExclusive)) return Error::AlreadyExists;
  if (node.kind != Lookup::Directory && (in.flags & flags::kDirectory)) return Error::NotDirectory;
  out.stat = stat_of(node);
  switch (node.kind) {
    case Lookup::Directory:
      if (flags::writes(in.flags)) return Error::IsDirectory;
      return open_node(Node::Directory, in.flags, out.file);
    case Lookup::Null: return open_node(Node::Null, in.flags, out.file);
    case Lookup::Zero: return open_node(Node::Zero, in.flags, out.file);
    case Lookup::Device: {
      Status opened = open_device(node.device->end, in.flags, out.file);
      if (opened || opened.error() != Error::PeerClosed) return opened;
      // Its driver is gone and the channel's close not yet seen: forget the
      // device now, so a waitFor after this waits for the next driver.
      forget_dead(*node.device);
      return Error::NotFound;
    }
    case Lookup::None: break;
  }
  return Error::NotFound;
}

Status DevFs::stat(const idl::fs::FileSystemStatParams& in, idl::fs::FileSystemStatResults& out) {
  Lookup node = lookup(in.path);
  if (node.kind == Lookup::None) return refuse(in.path);
  out.stat = stat_of(node);
  return {};
}

// Devices hold no data: df shows the nodes alone (the directory, null,
// zero and each registered device).
Status DevFs::statfs(const idl::fs::FileSystemStatfsParams&, idl::fs::FileSystemStatfsResults& out) {
  uint64_t nodes = 3;
  for (const Device* d = devices_; d; d = d->next) ++nodes;
  out.info.type = idl::Text("devfs", 5);
  out.info.block_size = 4096;
  out.info.files = nodes;
  return {};
}

// /dev's names are the drivers' to make: nothing is created, removed or
// renamed through the file system.
Status DevFs::mkdir(const idl::fs::FileSystemMkdirParams&, idl::fs::FileSystemMkdirResults&) {
  return Error::AccessDenied;
}
Status DevFs::rmdir(const idl::fs::FileSystemRmdirParams&, idl::fs::FileSystemRmdirResults&) {
  return Error::AccessDenied;
}
Status DevFs::unlink(const idl::fs::FileSystemUnlinkParams&, idl::fs::FileSystemUnlinkResults&) {
  return Error::AccessDenied;
}
Status DevFs::rename(const idl::fs::FileSystemRenameParams&, idl::fs::FileSystemRenameResults&) {
  return Error::AccessDenied;
}

Status Registry::register_(const idl::fs::DeviceRegistryRegisterParams& in,
                           idl::fs::DeviceRegistryRegisterResults&) {
  return fs_.add_device(*this, in.name, in.device);
}

Status Registry::connect(const idl::fs::DeviceRegistryConnectParams&, idl::fs::DeviceRegistryConnectResults& out) {
  auto pair = ipc::channel_create();
  if (!pair) return pair.error();
  Status s = fs_.serve_registry(pair->b);
  if (!s) {
    (void)ipc::close(pair->a);
    (void)ipc::close(pair->b);
    return s;
  }
  out.registry = pair->a;
  return {};
}

Status DevFs::add_device(Registry& registry, idl::Text name, ipc::Handle end) {
  // The device handle is ours from here: keep it or close it.
  Status s = [&]() -> Status {
    if (name.size == 0 || name.size > kMaxName || contains_slash(name) || is(name, ".") || is(name, "..")) {
      return Error::InvalidArgument;
    }
    if (lookup(name).kind != Lookup::None) return Error::AlreadyExists;
    if (registry.devices >= kMaxDevicesPerRegistry) return Error::Busy;
    int64_t info = sys::handle_info(end);
    if (sys::failed(info)) return sys::error_of(info);
    if ((uint64_t(info) >> 32) != uint64_t(abi::ObjectType::Channel)) return Error::WrongType;
    auto* device = new (std::nothrow) Device(*this, registry);
    if (!device) return Error::NoMemory;
    auto key = server_.add(end, device, true);
    if (!key) {
      delete device;
      return key.error();
    }
    device->key = *key;
    device->end = end;
    device->inode = next_inode_++;
    memcpy(device->name, name.data, name.size);
    device->name_length = name.size;
    device->next = devices_;
    devices_ = device;
    ++registry.devices;
    answer_waits(name);
    return {};
  }();
  if (!s) (void)ipc::close(end);
  return s;
}

bool DevFs::directory_entry(uint32_t n, idl::Text& name, idl::fs::NodeKind& kind) const {
  kind = NodeKind::Device;
  if (n == 0) {
    name = "null";
    return true;
  }
  if (n == 1) {
    name = "zero";
    return true;
  }
  n -= 2;
  for (const Device* d = devices_; d; d = d->next) {
    if (n-- == 0) {
      name = idl::Text(d->name, d->name_length);
      return true;
    }
  }
  return false;
}

}  // namespace devfs
