// What blktest's checks share: the device opened through the running
// system (vfs, devfs, the driver), a shared buffer, the byte pattern the
// QEMU tests also compute on the host, and reporting.
#pragma once

#include <cstdint>

#include "block.idl.h"
#include "ipc/ipc.h"
#include "ipc/transport.h"

namespace blktest {

using Transport = ipc::ChannelTransport;
using BlockDevice = idl::block::BlockDeviceClient<Transport>;

// /dev/NAME opened for reading and writing, with a buffer shared.
struct Device {
  ipc::Handle channel = ipc::kInvalidHandle;
  uint8_t* buffer = nullptr;
  uint32_t buffer_size = 0;
  idl::block::Info info{};
  // Opens /dev/name through the Vfs session and shares buffer_size bytes
  // (0: shares none, and does not ask for info).
  static Status open(const char* name, uint32_t buffer_size, Device& device);
  void close();
};

// Byte i of block `block` in pattern `seed` (tests/qemu/blk_test.py has
// the same function): every block different, every seed different.
inline uint8_t pattern(uint64_t block, uint32_t i, uint32_t seed) {
  return uint8_t(block * 131 + i * 7 + seed * 59 + (block >> 8));
}
void fill(uint8_t* at, uint64_t block, uint32_t count, uint32_t block_size, uint32_t seed);
// The first block that does not hold the pattern, or count if all do.
uint32_t first_mismatch(const uint8_t* at, uint64_t block, uint32_t count, uint32_t block_size, uint32_t seed);

// Runs body(i, context) for i in 0..count-1, each in its own thread, and
// waits until all have returned: false if one could not start or did not
// end within timeout_ms.
bool run_in_threads(uint32_t count, void (*body)(uint32_t index, void* context), void* context, uint64_t timeout_ms);

bool check(bool ok, const char* test, const char* why);
bool check_status(Status got, abi::Error expected, const char* test, const char* what);

int test_info(const char* name);
int test_pattern(const char* name, uint32_t seed);
int test_rw(const char* name);
int test_parallel(const char* name);
int test_errors(const char* name);
// addBuffer and the calls that use it, on an open device (buffers.cc).
bool check_added_buffers(Device& device, const char* test);
int test_readonly(const char* name);
int test_ioerror(const char* name, uint64_t bad_block);
int test_abandon(const char* name);
int test_survive(const char* name);
int bench(const char* name, int argc, char** argv);

}  // namespace blktest
