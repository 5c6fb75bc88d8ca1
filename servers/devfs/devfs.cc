#include "devfs.h"

#include <string.h>

#include "abi/rights.h"
#include "ipc/open_flags.h"
#include "ipc/syscall.h"
#include "ipc/time.h"
#include "ipc/transport.h"
#include "nodes.h"

namespace devfs {

namespace {

namespace flags = ipc::open_flags;
using idl::fs::NodeKind;

constexpr uint64_t kDirectoryInode = 1;
constexpr uint64_t kNullInode = 2;
constexpr uint64_t kZeroInode = 3;
constexpr uint64_t kFirstDeviceInode = 16;
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
  file_system_ = end;
  return ipc::port_bind(port_, end, badge_of(Source::FileSystem, 0));
}

Status DevFs::serve_registry(ipc::Handle end) {
  for (uint32_t i = 0; i < kMaxRegistries; ++i) {
    if (registries_[i].used) continue;
    TRY(ipc::port_bind(port_, end, badge_of(Source::Registry, i)));
    registries_[i] = {true, end};
    return {};
  }
  return Error::NoMemory;
}

void DevFs::dispatch(uint64_t badge, ipc::Message& msg) {
  uint32_t index = index_of(badge);
  switch (source_of(badge)) {
    case Source::FileSystem: return idl::fs::dispatch_file_system(*this, msg);
    case Source::Registry:
      current_registry_ = index;
      return idl::fs::dispatch_device_registry(*this, msg);
    case Source::File:
      if (index < kMaxFiles && files_[index].used) {
        FileServer server(*this, files_[index]);
        return idl::fs::dispatch_file(server, msg, files_[index].buffer_size);
      }
      break;
    case Source::Device: break;  // devfs calls drivers; they do not call it
  }
  idl::wire::reject(*this, msg, Error::BadState);
}

bool DevFs::peer_closed(uint64_t badge) {
  uint32_t index = index_of(badge);
  switch (source_of(badge)) {
    case Source::FileSystem: return false;
    case Source::Registry:
      if (index >= kMaxRegistries || !registries_[index].used) break;
      for (uint32_t d = 0; d < kMaxDevices; ++d) {
        if (devices_[d].used && devices_[d].registry == index) remove_device(d);
      }
      (void)ipc::close(registries_[index].end);
      registries_[index] = {};
      break;
    case Source::Device:
      if (index < kMaxDevices && devices_[index].used) remove_device(index);
      break;
    case Source::File:
      if (index < kMaxFiles && files_[index].used) close_file(index);
      break;
  }
  return true;
}

void DevFs::remove_device(uint32_t index) {
  (void)ipc::close(devices_[index].end);
  devices_[index] = {};
}

void DevFs::close_file(uint32_t index) {
  OpenFile& f = files_[index];
  if (f.buffer) sys::mem_unmap(reinterpret_cast<uint64_t>(f.buffer), f.buffer_size);
  (void)ipc::close(f.end);
  f = {};
}

void DevFs::drop_handles(const ipc::Handle* handles, uint32_t count) {
  for (uint32_t i = 0; i < count; ++i) (void)ipc::close(handles[i]);
}

DevFs::Lookup DevFs::lookup(idl::Text path) const {
  if (path.size == 0) return {Lookup::Directory};
  if (is(path, "null")) return {Lookup::Null};
  if (is(path, "zero")) return {Lookup::Zero};
  for (uint32_t i = 0; i < kMaxDevices; ++i) {
    const Device& d = devices_[i];
    if (d.used && path == idl::Text(d.name, d.name_length)) return {Lookup::Device, i};
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
    case Lookup::Device: s.inode = kFirstDeviceInode + node.device; break;
    case Lookup::None: break;
  }
  return s;
}

Status DevFs::open_node(Node node, uint32_t open_flags, ipc::Handle& file) {
  for (uint32_t i = 0; i < kMaxFiles; ++i) {
    if (files_[i].used) continue;
    auto pair = ipc::channel_create();
    if (!pair) return pair.error();
    Status bound = ipc::port_bind(port_, pair->b, badge_of(Source::File, i));
    if (!bound) {
      (void)ipc::close(pair->a);
      (void)ipc::close(pair->b);
      return bound;
    }
    files_[i] = {true, node, open_flags, pair->b, nullptr, 0};
    file = pair->a;
    return {};
  }
  return Error::NoMemory;
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
    case Lookup::Device: return open_device(devices_[node.device].end, in.flags, out.file);
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

Status DevFs::register_(const idl::fs::DeviceRegistryRegisterParams& in, idl::fs::DeviceRegistryRegisterResults&) {
  // The device handle is ours from here: keep it or close it.
  Status s = [&]() -> Status {
    idl::Text name = in.name;
    if (name.size == 0 || contains_slash(name) || is(name, ".") || is(name, "..")) return Error::InvalidArgument;
    if (lookup(name).kind != Lookup::None) return Error::AlreadyExists;
    int64_t info = sys::handle_info(in.device);
    if (sys::failed(info)) return sys::error_of(info);
    if ((uint64_t(info) >> 32) != uint64_t(abi::ObjectType::Channel)) return Error::WrongType;
    for (uint32_t i = 0; i < kMaxDevices; ++i) {
      Device& d = devices_[i];
      if (d.used) continue;
      TRY(ipc::port_bind(port_, in.device, badge_of(Source::Device, i)));
      d.used = true;
      memcpy(d.name, name.data, name.size);
      d.name_length = name.size;
      d.end = in.device;
      d.registry = current_registry_;
      return {};
    }
    return Error::NoMemory;
  }();
  if (!s) (void)ipc::close(in.device);
  return s;
}

Status DevFs::connect(const idl::fs::DeviceRegistryConnectParams&, idl::fs::DeviceRegistryConnectResults& out) {
  auto pair = ipc::channel_create();
  if (!pair) return pair.error();
  Status s = serve_registry(pair->b);
  if (!s) {
    (void)ipc::close(pair->a);
    (void)ipc::close(pair->b);
    return s;
  }
  out.registry = pair->a;
  return {};
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
  for (uint32_t i = 0; i < kMaxDevices; ++i) {
    const Device& d = devices_[i];
    if (!d.used) continue;
    if (n-- == 0) {
      name = idl::Text(d.name, d.name_length);
      return true;
    }
  }
  return false;
}

}  // namespace devfs
