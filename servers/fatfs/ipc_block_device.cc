// IpcBlockDevice: see ipc_block_device.h.
#include "ipc_block_device.h"

#include <string.h>

#include "ipc/syscall.h"
#include "ipc/transport.h"

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

IpcBlockDevice::~IpcBlockDevice() {
  if (buffer_) sys::mem_unmap(reinterpret_cast<uint64_t>(buffer_), kBufferBytes);
}

Status IpcBlockDevice::connect() {
  ipc::ChannelTransport t(channel_);
  TRY(Client(t).info(info_));
  if (info_.block_size < 512 || info_.block_size > kBufferBytes || (info_.block_size & (info_.block_size - 1)))
    return Error::Malformed;
  max_blocks_ = kBufferBytes / info_.block_size;
  if (info_.max_blocks != 0 && info_.max_blocks < max_blocks_) max_blocks_ = info_.max_blocks;
  int64_t membuf = sys::membuf_create(kBufferBytes);
  if (sys::failed(membuf)) return sys::error_of(membuf);
  int64_t address = sys::membuf_map(uint32_t(membuf), 0, 0, kBufferBytes, abi::kProtRead | abi::kProtWrite);
  if (sys::failed(address)) {
    (void)ipc::close(uint32_t(membuf));
    return sys::error_of(address);
  }
  buffer_ = reinterpret_cast<uint8_t*>(address);
  // The driver gets the membuf handle itself; the mapping stays ours.
  return Client(t).set_buffer(uint32_t(membuf), kBufferBytes);
}

Status IpcBlockDevice::read(uint64_t lba, uint32_t count, uint8_t* data) {
  if (count == 0 || count > max_blocks_) return Error::InvalidArgument;
  ipc::ChannelTransport t(channel_);
  TRY(as_disk_error(Client(t).read(lba, count, 0)));
  memcpy(data, buffer_, size_t(count) * info_.block_size);
  return {};
}

Status IpcBlockDevice::write(uint64_t lba, uint32_t count, const uint8_t* data) {
  if (count == 0 || count > max_blocks_) return Error::InvalidArgument;
  memcpy(buffer_, data, size_t(count) * info_.block_size);
  ipc::ChannelTransport t(channel_);
  return as_disk_error(Client(t).write(lba, count, 0));
}

Status IpcBlockDevice::flush() {
  ipc::ChannelTransport t(channel_);
  return as_disk_error(Client(t).flush());
}

}  // namespace fatfs
