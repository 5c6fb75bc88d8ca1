// The driver's two kinds of channel: the Device channel it registers with
// devfs (every open of /dev/blkN comes through it) and, for each open, a
// channel speaking BlockDevice (idl/block.capnp) with its shared buffers:
// setBuffer's (id 0) and up to kMaxAdded more (addBuffer).
#pragma once

#include <cstdint>

#include "block.idl.h"
#include "fs.idl.h"
#include "ipc/ipc.h"
#include "server/server.h"
#include "server/shared_buffer.h"

namespace blk {

class Disk;

// One open of the device.
class Client final : public server::Source, public server::HandleCloser {
 public:
  static constexpr uint32_t kMaxClients = 64;  // opens at once: one program cannot take them all
  static constexpr uint32_t kMaxAdded = 32;    // addBuffer's buffers a client

  Client(Disk& disk, bool writable);
  ~Client() override;

  void on_call(server::Call& call) override;
  Status info(const idl::block::BlockDeviceInfoParams&, idl::block::BlockDeviceInfoResults& out);
  Status set_buffer(const idl::block::BlockDeviceSetBufferParams& in, idl::block::BlockDeviceSetBufferResults&);
  Status read(const idl::block::BlockDeviceReadParams& in, idl::block::BlockDeviceReadResults&);
  Status write(const idl::block::BlockDeviceWriteParams& in, idl::block::BlockDeviceWriteResults&);
  Status flush(const idl::block::BlockDeviceFlushParams&, idl::block::BlockDeviceFlushResults&);
  Status add_buffer(const idl::block::BlockDeviceAddBufferParams& in, idl::block::BlockDeviceAddBufferResults& out);
  Status remove_buffer(const idl::block::BlockDeviceRemoveBufferParams& in,
                       idl::block::BlockDeviceRemoveBufferResults&);
  Status read_buffer(const idl::block::BlockDeviceReadBufferParams& in, idl::block::BlockDeviceReadBufferResults&);
  Status write_buffer(const idl::block::BlockDeviceWriteBufferParams& in, idl::block::BlockDeviceWriteBufferResults&);
  Status queue_stats(const idl::block::BlockDeviceQueueStatsParams&, idl::block::BlockDeviceQueueStatsResults& out);

  uint8_t* buffer(uint32_t id) const { return buffers_[id].data(); }
  // Requests of this client parked in the disk, by the buffer they use (a
  // flush counts as buffer 0's): a buffer is replaced or removed only
  // when none uses it.
  uint32_t outstanding[kMaxAdded + 1] = {};

  static uint32_t open_count;

 private:
  Status transfer(bool write, uint64_t lba, uint32_t count, uint32_t buffer, uint32_t offset, uint16_t ordinal);

  Disk& disk_;
  bool writable_;
  server::SharedBuffer buffers_[kMaxAdded + 1];
  server::Call* call_ = nullptr;  // while serving one
};

// The channel devfs opens the device through.
class DeviceEndpoint final : public server::Source, public server::HandleCloser {
 public:
  // Registers /dev/<name> through a DeviceRegistry channel; the server
  // owns the endpoint from then on.
  static Status register_as(server::Server& server, Disk& disk, const char* name, ipc::Handle registry);

  void on_call(server::Call& call) override { idl::fs::dispatch_device(*this, call.message()); }
  Status open(const idl::fs::DeviceOpenParams& in, idl::fs::DeviceOpenResults& out);
  // devfs dropped the device: nothing more will open it.
  void on_closed() override { server_.stop(0); }

 private:
  DeviceEndpoint(server::Server& server, Disk& disk) : server_(server), disk_(disk) {}
  server::Server& server_;
  Disk& disk_;
};

}  // namespace blk
