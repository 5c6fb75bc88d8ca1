#include <stdio.h>
#include <string.h>

#include "abi/error.h"
#include "abi/syscall.h"
#include "blktest.h"
#include "ipc/open_flags.h"
#include "ipc/startup.h"
#include "ipc/syscall.h"
#include "vfs.idl.h"

namespace blktest {

Status Device::open(const char* name, uint32_t buffer_size, Device& device) {
  auto handles = ipc::startup_handles();
  if (handles.empty()) return Error::BadState;  // no Vfs session: not run from init's prompt
  char path[64];
  snprintf(path, sizeof path, "/dev/%s", name);
  Transport session(handles[0]);
  idl::fs::Stat stat;
  TRY(idl::vfs::VfsClient<Transport>(session).open(idl::Text(path), ipc::open_flags::kReadWrite, 0, device.channel,
                                                   stat));
  if (buffer_size == 0) return {};  // no buffer: a client that never shares one
  int64_t buffer = sys::membuf_create(buffer_size);
  if (sys::failed(buffer)) return sys::error_of(buffer);
  int64_t mapped = sys::membuf_map(uint32_t(buffer), 0, 0, buffer_size, abi::kProtRead | abi::kProtWrite);
  if (sys::failed(mapped)) return sys::error_of(mapped);
  device.buffer = reinterpret_cast<uint8_t*>(mapped);
  device.buffer_size = buffer_size;
  Transport transport(device.channel);
  BlockDevice disk(transport);
  TRY(disk.set_buffer(uint32_t(buffer), buffer_size));  // the handle moves to the driver
  return disk.info(device.info);
}

void Device::close() {
  if (buffer) sys::mem_unmap(uint64_t(buffer), buffer_size);
  if (channel != ipc::kInvalidHandle) (void)ipc::close(channel);
  buffer = nullptr;
  channel = ipc::kInvalidHandle;
}

void fill(uint8_t* at, uint64_t block, uint32_t count, uint32_t block_size, uint32_t seed) {
  for (uint32_t b = 0; b < count; ++b) {
    for (uint32_t i = 0; i < block_size; ++i) at[b * block_size + i] = pattern(block + b, i, seed);
  }
}

uint32_t first_mismatch(const uint8_t* at, uint64_t block, uint32_t count, uint32_t block_size, uint32_t seed) {
  for (uint32_t b = 0; b < count; ++b) {
    for (uint32_t i = 0; i < block_size; ++i) {
      if (at[b * block_size + i] != pattern(block + b, i, seed)) return b;
    }
  }
  return count;
}

bool check(bool ok, const char* test, const char* why) {
  if (!ok) printf("FAIL %s: %s\n", test, why);
  return ok;
}

bool check_status(Status got, abi::Error expected, const char* test, const char* what) {
  abi::Error e = got ? abi::Error::Ok : got.error();
  if (e == expected) return true;
  printf("FAIL %s: %s: got %s, expected %s\n", test, what, abi::error_name(e), abi::error_name(expected));
  return false;
}

}  // namespace blktest
