// blktest's checks of the added buffers (addBuffer, readBuffer,
// writeBuffer, removeBuffer): blocks move to and from a buffer named by
// id, each refusal idl/block.capnp lists for them, and a buffer the client
// has unmapped and closed still served from the driver's own mapping.
#include <string.h>

#include "abi/error.h"
#include "abi/rights.h"
#include "blktest.h"
#include "ipc/syscall.h"

namespace blktest {

namespace {

using abi::Error;
constexpr uint32_t kAdded = 64 * 1024;
constexpr uint32_t kDriverLimit = 32;  // drivers/virtio-blk's Client::kMaxAdded

// A fresh membuf of size bytes, mapped here at *mapped.
Result<ipc::Handle> new_buffer(uint32_t size, uint8_t** mapped) {
  int64_t membuf = sys::membuf_create(size);
  if (sys::failed(membuf)) return sys::error_of(membuf);
  int64_t address = sys::membuf_map(uint32_t(membuf), 0, 0, size, abi::kProtRead | abi::kProtWrite);
  if (sys::failed(address)) {
    (void)ipc::close(uint32_t(membuf));
    return sys::error_of(address);
  }
  *mapped = reinterpret_cast<uint8_t*>(address);
  return uint32_t(membuf);
}

Result<uint32_t> add(BlockDevice& disk, ipc::Handle membuf, uint32_t size, uint32_t rights) {
  auto copy = ipc::duplicate(membuf, rights);
  if (!copy) return copy.error();
  uint32_t id = 0;
  TRY(disk.add_buffer(*copy, size, id));
  return id;
}

}  // namespace

bool check_added_buffers(Device& d, const char* test) {
  Transport t(d.channel);
  BlockDevice disk(t);
  const uint64_t last = d.info.block_count - 1;
  const uint32_t bs = d.info.block_size;
  uint8_t* mine = nullptr;
  auto membuf = new_buffer(kAdded, &mine);
  if (!check(membuf.ok(), test, "no membuf for an added buffer")) return false;
  const uint32_t all = uint32_t(sys::handle_info(*membuf));
  auto id = add(disk, *membuf, kAdded, all);
  bool ok = check(id.ok() && *id != 0, test, "addBuffer");
  // The last block into the added buffer at an offset, as into buffer 0.
  ok = ok && check_status(disk.read(last, 1, 0), Error::Ok, test, "a read into buffer 0") &&
       check_status(disk.read_buffer(last, 1, *id, bs), Error::Ok, test, "readBuffer") &&
       check(memcmp(mine + bs, d.buffer, bs) == 0, test, "readBuffer's bytes are not the block's") &&
       check_status(disk.write_buffer(last, 1, *id, bs), Error::Ok, test, "writeBuffer of the same bytes");
  ok = ok && check_status(disk.read_buffer(last, 1, *id + 1, 0), Error::NotFound, test, "a buffer id not shared") &&
       check_status(disk.read_buffer(last, 1, 0xffff, 0), Error::NotFound, test, "a huge buffer id") &&
       check_status(disk.read_buffer(last, 1, *id, kAdded - bs + 1), Error::OutOfRange, test,
                    "a read past the added buffer") &&
       check_status(disk.write_buffer(d.info.block_count, 1, *id, 0), Error::OutOfRange, test,
                    "a writeBuffer past the end");
  // The client lets go of its own copy: the driver's mapping still serves.
  sys::mem_unmap(uint64_t(mine), kAdded);
  ok = ok && check_status(disk.read_buffer(last, 1, *id, 0), Error::Ok, test, "readBuffer into a buffer unmapped here");
  ok = ok && check_status(disk.remove_buffer(*id), Error::Ok, test, "removeBuffer") &&
       check_status(disk.read_buffer(last, 1, *id, 0), Error::NotFound, test, "a read into a removed buffer") &&
       check_status(disk.remove_buffer(*id), Error::NotFound, test, "removeBuffer again") &&
       check_status(disk.remove_buffer(0), Error::NotFound, test, "removeBuffer of setBuffer's");
  // Shared read-only: it serves writes, not reads.
  auto read_only = add(disk, *membuf, kAdded, all & ~abi::rights::kWrite);
  ok = ok && check(read_only.ok(), test, "addBuffer of a read-only handle") &&
       check_status(disk.read_buffer(last, 1, *read_only, 0), Error::AccessDenied, test,
                    "a read into a read-only buffer") &&
       check_status(disk.write_buffer(last, 1, *read_only, bs), Error::Ok, test, "a write from a read-only buffer") &&
       check_status(disk.remove_buffer(*read_only), Error::Ok, test, "removeBuffer of the read-only one");
  // The driver's limit: NoSpace past it, and room again once one goes.
  uint32_t ids[kDriverLimit] = {};
  uint32_t added = 0;
  while (ok && added < kDriverLimit) {
    auto more = add(disk, *membuf, bs, all);
    ok = check(more.ok(), test, "addBuffer up to the limit");
    if (ok) ids[added++] = *more;
  }
  ok =
      ok && check_status(Status(add(disk, *membuf, bs, all).error()), Error::NoSpace, test, "addBuffer past the limit");
  for (uint32_t i = 0; i < added; ++i)
    ok = check_status(disk.remove_buffer(ids[i]), Error::Ok, test, "removeBuffer") && ok;
  (void)ipc::close(*membuf);
  return ok;
}

}  // namespace blktest
