// server::CharDevice: the File protocol (idl/fs.capnp) for a character
// device, from the driver's few callbacks. The driver registers the device
// with devfs (/dev/<name>); every open becomes a File channel served here:
// read and write (inline and bulk), setBuffer, stat, clone; truncate and
// readdir are refused. A read with nothing to give waits (parked, without
// holding the server) until the driver calls ready(), unless the file was
// opened O_NONBLOCK (ShouldWait, EAGAIN). A reader that gives up or dies is
// forgotten (the Reply's port binding says so), so nothing ready() reads
// later goes to it. docs/writing-a-driver.md walks through a driver built on it.
#pragma once

#include <cstdint>

#include "fs.idl.h"
#include "ipc/ipc.h"
#include "result.h"
#include "server/server.h"

namespace server {

class CharDevice;

// What the driver provides.
class CharDeviceOps {
 public:
  virtual ~CharDeviceOps() = default;
  // Fills out with up to count bytes from offset: how many (0 at the end
  // of the device), or ShouldWait when there is nothing yet.
  virtual Result<uint32_t> read(uint64_t offset, uint8_t* out, uint32_t count) = 0;
  // Takes up to count bytes at offset: how many. The default refuses
  // writes (a read-only device).
  virtual Result<uint32_t> write(uint64_t offset, const uint8_t* data, uint32_t count);
  // The size stat reports: 0 for a stream.
  virtual uint64_t size() { return 0; }
  // devfs closed the device's channel (it went away or dropped the device):
  // no new opens come. A driver with nothing else to serve stops here.
  virtual void unregistered() {}
};

class CharDevice {
 public:
  static constexpr uint32_t kMaxOpenFiles = 256;  // per device: one client cannot take them all

  CharDevice(Server& server, CharDeviceOps& ops) : server_(server), ops_(ops) {}
  CharDevice(const CharDevice&) = delete;
  CharDevice& operator=(const CharDevice&) = delete;

  // Registers the device as /dev/<name> through a DeviceRegistry channel
  // (the one init hands a driver).
  Status register_as(const char* name, ipc::Handle registry);
  // Data arrived (or the device changed): waiting reads try again, oldest
  // first. Safe from any callback but read (a write may make data ready).
  void ready();

 private:
  class DeviceEndpoint;
  class File;
  class WaitingRead;
  friend class File;
  friend class WaitingRead;

  Status open(uint32_t flags, ipc::Handle& file);
  void append(WaitingRead* read);
  void unlink(WaitingRead* read);
  // Fails the reads waiting on file (it closed, or its buffer changed).
  void drop_reads_of(const File* file);

  Server& server_;
  CharDeviceOps& ops_;
  WaitingRead* waiting_ = nullptr;  // oldest first
  uint32_t open_files_ = 0;
};

}  // namespace server
