// IpcBlockDevice: see ipc_block_device.h.
#include "ipc_block_device.h"

#include <stdio.h>
#include <string.h>

#include "fs.idl.h"
#include "ipc/open_flags.h"
#include "ipc/syscall.h"
#include "ipc/time.h"
#include "ipc/transport.h"
#include "server/shared_buffer.h"
#include "vfs.idl.h"

namespace fatfs {

namespace {

using Client = idl::block::BlockDeviceClient<ipc::ChannelTransport>;

// The volume knows disks that fail, not channels: a driver gone or a
// reply that never made sense is the disk failing.
Status as_disk_error(Status s) {
  if (s) return s;
  switch (s.error()) {
    case Error::OutOfRange:
    case Error::ReadOnly:
    case Error::InvalidArgument:
    case Error::NoMemory:
    case Error::IoError:
      return s;
    default:
      return Error::IoError;
  }
}

}  // namespace

IpcBlockDevice::IpcBlockDevice(ipc::Handle vfs_session, ipc::Handle registry, const char* name)
    : vfs_session_(vfs_session), registry_(registry) {
  snprintf(path_, sizeof path_, "/dev/%s", name);
  name_ = path_ + 5;
}

IpcBlockDevice::~IpcBlockDevice() {
  if (buffer_) sys::mem_unmap(reinterpret_cast<uint64_t>(buffer_), kBufferBytes);
}

Status IpcBlockDevice::open_device() {
  uint64_t deadline = ipc::deadline_in_ms(kReopenMs);
  ipc::ChannelTransport t(vfs_session_);
  idl::vfs::VfsClient<ipc::ChannelTransport> vfs(t);
  for (;;) {
    idl::fs::Stat stat;
    Status s = vfs.open(idl::Text(path_), ipc::open_flags::kReadWrite, 0, channel_, stat);
    // Not there yet (the driver starting), or its driver gone (devfs then
    // forgets it): wait until a driver registers it.
    if (s || s.error() != Error::NotFound) return s;
    ipc::ChannelTransport rt(registry_, deadline);
    Status registered = idl::fs::DeviceRegistryClient<ipc::ChannelTransport>(rt).wait_for(idl::Text(name_));
    if (!registered) return registered.error() == Error::TimedOut ? s : registered;
  }
}

Status IpcBlockDevice::attach() {
  ipc::ChannelTransport t(channel_);
  idl::block::Info info{};
  TRY(Client(t).info(info));
  if (info.block_size < 512 || info.block_size > kBufferBytes || (info.block_size & (info.block_size - 1)))
    return Error::Malformed;
  // After a reconnect it must be the same disk: the cache's blocks are its.
  if (info_.block_size && (info.block_size != info_.block_size || info.block_count != info_.block_count))
    return Error::IoError;
  info_ = info;
  max_blocks_ = kBufferBytes / info_.block_size;
  if (info_.max_blocks != 0 && info_.max_blocks < max_blocks_) max_blocks_ = info_.max_blocks;
  int64_t membuf = sys::membuf_create(kBufferBytes);
  if (sys::failed(membuf)) return sys::error_of(membuf);
  int64_t address = sys::membuf_map(uint32_t(membuf), 0, 0, kBufferBytes, abi::kProtRead | abi::kProtWrite);
  if (sys::failed(address)) {
    (void)ipc::close(uint32_t(membuf));
    return sys::error_of(address);
  }
  if (buffer_) sys::mem_unmap(reinterpret_cast<uint64_t>(buffer_), kBufferBytes);
  buffer_ = reinterpret_cast<uint8_t*>(address);
  // The driver gets the membuf handle itself; the mapping stays ours.
  TRY(Client(t).set_buffer(uint32_t(membuf), kBufferBytes));
  // A new driver (after a reconnect) knows none of the clients' buffers.
  for (uint32_t i = 0; i < shared_count_; ++i) shared_[i].id = add_to_driver(shared_[i]);
  return {};
}

uint32_t IpcBlockDevice::add_to_driver(const Shared& shared) {
  auto copy = server::SharedBuffer::duplicate(shared.membuf);
  if (!copy) return 0;
  ipc::ChannelTransport t(channel_);
  uint32_t id = 0;
  return Client(t).add_buffer(*copy, shared.size, id) ? id : 0;
}

void IpcBlockDevice::share(ipc::Handle membuf, std::span<uint8_t> mapped, bool writable) {
  if (shared_count_ == kMaxShared) {
    (void)ipc::close(membuf);
    return;
  }
  Shared& shared = shared_[shared_count_++];
  shared = {membuf, mapped.data(), uint32_t(mapped.size()), writable, 0};
  if (channel_ != ipc::kInvalidHandle) shared.id = add_to_driver(shared);
}

void IpcBlockDevice::unshare(const uint8_t* base) {
  for (uint32_t i = 0; i < shared_count_; ++i) {
    Shared& shared = shared_[i];
    if (shared.base != base) continue;
    if (shared.id && channel_ != ipc::kInvalidHandle) {
      ipc::ChannelTransport t(channel_);
      (void)Client(t).remove_buffer(shared.id);  // a driver gone has let it go already
    }
    (void)ipc::close(shared.membuf);
    shared = shared_[--shared_count_];
    return;
  }
}

const IpcBlockDevice::Shared* IpcBlockDevice::holding(const uint8_t* data, size_t bytes, bool read) const {
  for (uint32_t i = 0; i < shared_count_; ++i) {
    const Shared& s = shared_[i];
    if (s.id && data >= s.base && bytes <= s.size && size_t(data - s.base) <= s.size - bytes && (s.writable || !read))
      return &s;
  }
  return nullptr;
}

Status IpcBlockDevice::connect() {
  if (vfs_session_ != ipc::kInvalidHandle) TRY(open_device());
  return attach();
}

Status IpcBlockDevice::reconnect() {
  // The request being served may still be read from this thread's IPC
  // buffer (an open's path), and the calls below (vfs, devfs's registry,
  // the driver's set-up) may each write their message there: keep it.
  static_assert(sizeof(ipc::Message) < 8192);
  ipc::Message kept;
  memcpy(&kept, &ipc::buffer(), sizeof kept);
  Status s = reopen();
  memcpy(&ipc::buffer(), &kept, sizeof kept);
  return s;
}

Status IpcBlockDevice::reopen() {
  if (channel_ != ipc::kInvalidHandle) (void)ipc::close(channel_);
  channel_ = ipc::kInvalidHandle;
  printf("fatfs: %s went away; opening it again\n", path_);
  Status s = open_device();
  if (s) s = attach();
  if (s) {
    printf("fatfs: %s is back\n", path_);
    return s;
  }
  printf("fatfs: %s did not come back: %s\n", path_, abi::error_name(s.error()));
  // Not a channel to use: it may be another disk.
  if (channel_ != ipc::kInvalidHandle) (void)ipc::close(channel_);
  channel_ = ipc::kInvalidHandle;
  return s;
}

template <typename Request>
Status IpcBlockDevice::with_reconnect(Request request) {
  const bool reopenable = vfs_session_ != ipc::kInvalidHandle;
  // A reconnect that failed left no channel: each request tries again.
  if (reopenable && channel_ == ipc::kInvalidHandle && !reconnect()) return Error::IoError;
  Status s = request();
  if (!s && s.error() == Error::PeerClosed && reopenable && reconnect()) s = request();
  return as_disk_error(s);
}

Status IpcBlockDevice::read(uint64_t lba, uint32_t count, uint8_t* data) {
  if (count == 0 || count > max_blocks_) return Error::InvalidArgument;
  const size_t bytes = size_t(count) * info_.block_size;
  return with_reconnect([&]() -> Status {
    ipc::ChannelTransport t(channel_);
    // Looked up each time: a reconnect gives the buffers new ids.
    if (const Shared* s = holding(data, bytes, true))
      return Client(t).read_buffer(lba, count, s->id, uint32_t(data - s->base));
    TRY(Client(t).read(lba, count, 0));
    memcpy(data, buffer_, bytes);
    return {};
  });
}

Status IpcBlockDevice::write(uint64_t lba, uint32_t count, const uint8_t* data) {
  if (count == 0 || count > max_blocks_) return Error::InvalidArgument;
  const size_t bytes = size_t(count) * info_.block_size;
  return with_reconnect([&]() -> Status {
    ipc::ChannelTransport t(channel_);
    if (const Shared* s = holding(data, bytes, false))
      return Client(t).write_buffer(lba, count, s->id, uint32_t(data - s->base));
    memcpy(buffer_, data, bytes);  // a new buffer after a reconnect
    return Client(t).write(lba, count, 0);
  });
}

Status IpcBlockDevice::flush() {
  return with_reconnect([&]() -> Status {
    ipc::ChannelTransport t(channel_);
    return Client(t).flush();
  });
}

}  // namespace fatfs
