// A BlockDevice that is a client of idl/block.capnp: the driver's channel
// and one buffer shared with setBuffer, through which every block moves.
// One request at a time (the cache asks for one run and waits), so the
// buffer needs no bookkeeping: a read is "read into the buffer, copy out",
// a write "copy in, write from the buffer". A driver that fails or goes
// away is IoError.
#pragma once

#include "block.idl.h"
#include "block_device.h"
#include "ipc/ipc.h"

namespace fatfs {

class IpcBlockDevice final : public BlockDevice {
 public:
  static constexpr uint32_t kBufferBytes = 64 * 1024;

  explicit IpcBlockDevice(ipc::Handle channel) : channel_(channel) {}
  ~IpcBlockDevice() override;

  // Asks the driver what the disk is, and shares the buffer.
  Status connect();

  uint32_t block_size() const override { return info_.block_size; }
  uint64_t block_count() const override { return info_.block_count; }
  bool read_only() const override { return info_.read_only; }
  uint32_t max_blocks() const override { return max_blocks_; }
  Status read(uint64_t lba, uint32_t count, uint8_t* data) override;
  Status write(uint64_t lba, uint32_t count, const uint8_t* data) override;
  Status flush() override;

 private:
  ipc::Handle channel_;
  idl::block::Info info_{};
  uint32_t max_blocks_ = 0;
  uint8_t* buffer_ = nullptr;
};

}  // namespace fatfs
