#include "transfer_check.h"

namespace virtio {

abi::Error check_transfer(const Geometry& disk, uint32_t buffer_size, bool writable, const Transfer& t) {
  if (t.write && disk.read_only) return abi::Error::ReadOnly;
  if (t.write && !writable) return abi::Error::AccessDenied;
  if (t.count == 0 || t.count > disk.max_blocks || buffer_size == 0) return abi::Error::InvalidArgument;
  if (t.lba > disk.block_count || t.count > disk.block_count - t.lba) return abi::Error::OutOfRange;
  uint64_t bytes = uint64_t{t.count} * disk.block_size;
  if (t.offset > buffer_size || bytes > buffer_size - t.offset) return abi::Error::OutOfRange;
  return abi::Error::Ok;
}

}  // namespace virtio
