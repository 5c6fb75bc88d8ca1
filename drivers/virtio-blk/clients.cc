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

Status Client::queue_stats(const BlockDeviceQueueStatsParams&, BlockDeviceQueueStatsResults& out) {
  out.in_flight = disk_.in_flight();
  out.most_in_flight = disk_.take_most_in_flight();
  out.slots = disk_.slots();
  return {};
}

Status Client::set_buffer(const BlockDeviceSetBufferParams& in, BlockDeviceSetBufferResults&) {
  if (outstanding[0]) {
    (void)ipc::close(in.buffer);
    return Error::Busy;  // requests in flight still use the buffer
  }
  return buffers_[0].map(in.buffer, in.size);
}

// The mapping is the driver's own: a client that unmaps or closes its copy
// mid-request leaves this one, and the memory, in place.
Status Client::add_buffer(const BlockDeviceAddBufferParams& in, BlockDeviceAddBufferResults& out) {
  for (uint32_t id = 1; id <= kMaxAdded; ++id) {
    if (buffers_[id].size() != 0) continue;
    TRY(buffers_[id].map(in.buffer, in.size, true));
    out.id = id;
    return {};
  }
  (void)ipc::close(in.buffer);
  return Error::NoSpace;
}

Status Client::remove_buffer(const BlockDeviceRemoveBufferParams& in, BlockDeviceRemoveBufferResults&) {
  if (in.id == 0 || in.id > kMaxAdded || buffers_[in.id].size() == 0) return Error::NotFound;
  if (outstanding[in.id]) return Error::Busy;
  buffers_[in.id].unmap();
  return {};
}

Status Client::read(const BlockDeviceReadParams& in, BlockDeviceReadResults&) {
  return transfer(false, in.lba, in.count, 0, in.offset, BlockDeviceReadParams::kOrdinal);
}

Status Client::write(const BlockDeviceWriteParams& in, BlockDeviceWriteResults&) {
  return transfer(true, in.lba, in.count, 0, in.offset, BlockDeviceWriteParams::kOrdinal);
}

Status Client::read_buffer(const BlockDeviceReadBufferParams& in, BlockDeviceReadBufferResults&) {
  return transfer(false, in.lba, in.count, in.buffer, in.offset, BlockDeviceReadBufferParams::kOrdinal);
}

Status Client::write_buffer(const BlockDeviceWriteBufferParams& in, BlockDeviceWriteBufferResults&) {
  return transfer(true, in.lba, in.count, in.buffer, in.offset, BlockDeviceWriteBufferParams::kOrdinal);
}

Status Client::flush(const BlockDeviceFlushParams&, BlockDeviceFlushResults&) {
  // Without a write cache every answered write is on the disk already.
  if (!disk_.geometry().flush) return {};
  return disk_.submit(*call_, *this, Op::Flush, 0, 0, 0, 0, BlockDeviceFlushParams::kOrdinal);
}

Status Client::transfer(bool write, uint64_t lba, uint32_t count, uint32_t buffer, uint32_t offset, uint16_t ordinal) {
  if (buffer > kMaxAdded || (buffer != 0 && buffers_[buffer].size() == 0)) return Error::NotFound;
  const server::SharedBuffer& shared = buffers_[buffer];
  Error refused = virtio::check_transfer(disk_.geometry(), shared.size(), writable_, {lba, count, offset, write});
  if (refused != Error::Ok) return refused;
  if (!write && !shared.writable()) return Error::AccessDenied;  // a buffer shared read-only
  return disk_.submit(*call_, *this, write ? Op::Write : Op::Read, lba, count, buffer, offset, ordinal);
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
