// fatfs::BlockDevice: what the file-system logic needs of a disk — whole
// blocks in, whole blocks out, and a flush — with failures as abi::Error
// (IoError, OutOfRange, ReadOnly). The server implements it over IPC
// (ipc_block_device.h); the host tests over an image file
// (file_block_device.h). Nothing above it knows which.
#pragma once

#include <cstdint>

#include "result.h"

namespace fatfs {

class BlockDevice {
 public:
  virtual ~BlockDevice() = default;
  virtual uint32_t block_size() const = 0;
  virtual uint64_t block_count() const = 0;
  virtual bool read_only() const = 0;
  // The most blocks one read or write may move.
  virtual uint32_t max_blocks() const = 0;
  // count blocks from lba into (out of) data, which holds count * block_size bytes.
  virtual Status read(uint64_t lba, uint32_t count, uint8_t* data) = 0;
  virtual Status write(uint64_t lba, uint32_t count, const uint8_t* data) = 0;
  // Returns when every write before it is on stable storage.
  virtual Status flush() = 0;
};

}  // namespace fatfs
