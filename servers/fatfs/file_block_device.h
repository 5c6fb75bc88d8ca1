// A BlockDevice over an image file on the host: what the host tests mount,
// made and checked by mkfs.fat, mtools and fsck.fat. Host only (POSIX I/O).
#pragma once

#include "block_device.h"

namespace fatfs {

class FileBlockDevice final : public BlockDevice {
 public:
  // Opens path read-write (or read-only); ok() says whether it worked.
  explicit FileBlockDevice(const char* path, bool read_only = false, uint32_t block_size = 512);
  ~FileBlockDevice() override;
  FileBlockDevice(const FileBlockDevice&) = delete;
  FileBlockDevice& operator=(const FileBlockDevice&) = delete;

  bool ok() const { return fd_ >= 0; }
  uint32_t block_size() const override { return block_size_; }
  uint64_t block_count() const override { return blocks_; }
  bool read_only() const override { return read_only_; }
  uint32_t max_blocks() const override { return 128; }
  Status read(uint64_t lba, uint32_t count, uint8_t* data) override;
  Status write(uint64_t lba, uint32_t count, const uint8_t* data) override;
  Status flush() override;

  // How many write calls reached the file: tests see write-back at work.
  uint64_t writes() const { return writes_; }
  // From now on every write fails with IoError (a dying disk).
  void fail_writes(bool failing = true) { failing_ = failing; }

 private:
  Status check(uint64_t lba, uint32_t count) const;
  int fd_ = -1;
  uint32_t block_size_;
  uint64_t blocks_ = 0;
  bool read_only_;
  bool failing_ = false;
  uint64_t writes_ = 0;
};

}  // namespace fatfs
