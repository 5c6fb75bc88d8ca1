#include "clients.h"

#include "disk.h"
#include "ipc/open_flags.h"
#include "ipc/transport.h"
#include "transfer_check.h"

namespace blk {

using namespace idl::block;

uint32_t Client::open_count = 0;

Client::Client(Disk& disk, bool writable) : disk_(disk), writable_(writable) { ++open_count; }

Client::~Client() {
  disk_.forget(*this);
  --open_count;
}

void Client::on_call(server::Call& call) {
  call_ = &call;
  dispatch_block_device(*this, call.message());
  call_ = nullptr;
}

Status Client::info(const BlockDeviceInfoParams&, BlockDeviceInfoResults& out) {
  const virtio::Geometry& g = disk_.geometry();
  out.info = Info{g.block_size, g.block_count, g.read_only, g.max_blocks};
  return {};
}

Status Client::set_buffer(const BlockDeviceSetBufferParams& in, BlockDeviceSetBufferResults&) {
  if (outstanding) {
    (void)ipc::close(in.buffer);
    return Error::Busy;  // requests in flight still use the buffer
  }
  return buffer_.map(in.buffer, in.size);
}

Status Client::read(const BlockDeviceReadParams& in, BlockDeviceReadResults&) {
  return transfer(false, in.lba, in.count, in.offset, BlockDeviceReadParams::kOrdinal);
}

Status Client::write(const BlockDeviceWriteParams& in, BlockDeviceWriteResults&) {
  return transfer(true, in.lba, in.count, in.offset, BlockDeviceWriteParams::kOrdinal);
}

Status Client::flush(const BlockDeviceFlushParams&, BlockDeviceFlushResults&) {
  // Without a write cache every answered write is on the disk already.
  if (!disk_.geometry().flush) return {};
  return disk_.submit(*call_, *this, Op::Flush, 0, 0, 0, BlockDeviceFlushParams::kOrdinal);
}

Status Client::transfer(bool write, uint64_t lba, uint32_t count, uint32_t offset, uint16_t ordinal) {
  Error refused = virtio::check_transfer(disk_.geometry(), buffer_.size(), writable_, {lba, count, offset, write});
  if (refused != Error::Ok) return refused;
  return disk_.submit(*call_, *this, write ? Op::Write : Op::Read, lba, count, offset, ordinal);
}

Status DeviceEndpoint::register_as(server::Server& server, Disk& disk, const char* name, ipc::Handle registry) {
  auto end = server.add_channel(new (std::nothrow) DeviceEndpoint(server, disk));
  if (!end) return end.error();
  ipc::ChannelTransport transport(registry);
  Status registered = idl::fs::DeviceRegistryClient<ipc::ChannelTransport>(transport).register_(idl::Text(name), *end);
  if (!registered) (void)ipc::close(*end);
  return registered;
}

Status DeviceEndpoint::open(const idl::fs::DeviceOpenParams& in, idl::fs::DeviceOpenResults& out) {
  if (Client::open_count >= Client::kMaxClients) return Error::Busy;
  auto end = server_.add_channel(new (std::nothrow) Client(disk_, ipc::open_flags::writes(in.flags)));
  if (!end) return end.error();
  out.file = *end;
  return {};
}

}  // namespace blk
