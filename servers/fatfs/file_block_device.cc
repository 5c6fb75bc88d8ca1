// FileBlockDevice: pread/pwrite on an image file; see file_block_device.h.
#include "file_block_device.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

namespace fatfs {

FileBlockDevice::FileBlockDevice(const char* path, bool read_only, uint32_t block_size)
    : block_size_(block_size), read_only_(read_only) {
  fd_ = ::open(path, read_only ? O_RDONLY : O_RDWR);
  struct stat st {};
  if (fd_ >= 0 && fstat(fd_, &st) == 0) blocks_ = uint64_t(st.st_size) / block_size_;
}

FileBlockDevice::~FileBlockDevice() {
  if (fd_ >= 0) ::close(fd_);
}

Status FileBlockDevice::check(uint64_t lba, uint32_t count) const {
  if (fd_ < 0) return Error::IoError;
  if (count == 0 || count > max_blocks()) return Error::InvalidArgument;
  if (lba >= blocks_ || count > blocks_ - lba) return Error::OutOfRange;
  return {};
}

Status FileBlockDevice::read(uint64_t lba, uint32_t count, uint8_t* data) {
  TRY(check(lba, count));
  size_t bytes = size_t(count) * block_size_;
  ssize_t n = pread(fd_, data, bytes, off_t(lba * block_size_));
  return n == ssize_t(bytes) ? Status{} : Status(Error::IoError);
}

Status FileBlockDevice::write(uint64_t lba, uint32_t count, const uint8_t* data) {
  TRY(check(lba, count));
  if (read_only_) return Error::ReadOnly;
  if (failing_) return Error::IoError;
  ++writes_;
  size_t bytes = size_t(count) * block_size_;
  ssize_t n = pwrite(fd_, data, bytes, off_t(lba * block_size_));
  return n == ssize_t(bytes) ? Status{} : Status(Error::IoError);
}

Status FileBlockDevice::flush() {
  if (fd_ < 0) return Error::IoError;
  return fsync(fd_) == 0 ? Status{} : Status(Error::IoError);
}

}  // namespace fatfs
