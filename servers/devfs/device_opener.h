// DeviceOpener: makes the Device.open call to a driver on behalf of the
// devfs thread that is serving a FileSystem.open.
//
// Why a second thread: the kernel lets a thread that holds a caller do
// nothing that waits for IPC (call, port_wait, channel_recv answer BadState)
// until it has replied. The thread serving open("<device>") holds its
// client, so it cannot call the driver itself. It hands the call to this
// helper (an asynchronous message), then waits for the answer by yielding
// and short sleeps: there is no other way to wait while holding a caller.
// The helper's call has a deadline, so a hung driver costs devfs at most
// kDeviceCallTimeout, never its liveness.
#pragma once

#include <cstdint>

#include "ipc/ipc.h"
#include "lib/result.h"

namespace devfs {

class DeviceOpener {
 public:
  // Starts the helper thread.
  Status start();
  // Device.open(flags) on the driver's Device channel `device`: the File
  // channel it returns, or its error (TimedOut if it did not answer).
  Result<ipc::Handle> open(ipc::Handle device, uint32_t flags);

 private:
  static void serve(void* self);
  void answer(ipc::Handle device, uint32_t flags);

  ipc::Handle requests_ = ipc::kInvalidHandle;  // the serving thread sends here
  ipc::Handle inbox_ = ipc::kInvalidHandle;     // the helper receives here
  // Written by the helper, then `done_` (release); read after `done_` (acquire).
  Error error_ = Error::Ok;
  ipc::Handle file_ = ipc::kInvalidHandle;
  bool done_ = false;
};

}  // namespace devfs
