// A BlockDevice that is a client of idl/block.capnp: the driver's channel
// and one buffer shared with setBuffer, through which blocks move by
// default. One request at a time (the cache asks for one run and waits),
// so the buffer needs no bookkeeping: a read is "read into the buffer,
// copy out", a write "copy in, write from the buffer".
//
// Clients' buffers (their File buffers, which fatfs maps too) are shared
// with the driver as well (share(), addBuffer): a read or write whose data
// lie in one of them names it (readBuffer, writeBuffer), and the driver
// moves the blocks to or from the client's memory with no copy here. The
// driver maps such a buffer itself, so a client that unmaps or closes its
// own copy mid-request takes nothing from under the driver or fatfs; a
// driver that refuses a buffer (its limit) leaves it to the copy.
//
// Opened by name (/dev/NAME through a Vfs session), it outlives the driver:
// when the channel fails (PeerClosed: the driver died), it opens the device
// again — init restarts the driver, which registers again, and devfs's
// DeviceRegistry.waitFor says when — shares a new
// buffer, and repeats the request once. Repeating is safe: a block read or
// written twice holds the same bytes. A device that does not come back
// within kReopenMs, or comes back as another disk, is IoError; so is a
// driver that fails any other way. A new driver is given every shared
// buffer again.
#pragma once

#include <span>

#include "block.idl.h"
#include "block_device.h"
#include "ipc/ipc.h"

namespace fatfs {

class IpcBlockDevice final : public BlockDevice {
 public:
  static constexpr uint32_t kBufferBytes = 64 * 1024;
  // How long a device may take to appear in devfs (at boot, or while its
  // driver restarts): a DeviceRegistry.waitFor with this deadline.
  static constexpr uint64_t kReopenMs = 10'000;

  // A driver's channel, used as it is: no reopening.
  explicit IpcBlockDevice(ipc::Handle channel) : channel_(channel) {}
  // /dev/NAME through vfs_session, reopened when the driver goes away;
  // registry (a DeviceRegistry channel) tells when it is there.
  IpcBlockDevice(ipc::Handle vfs_session, ipc::Handle registry, const char* name);
  ~IpcBlockDevice() override;

  // Opens the device if named, asks the driver what the disk is, and
  // shares the buffer.
  Status connect();

  uint32_t block_size() const override { return info_.block_size; }
  uint64_t block_count() const override { return info_.block_count; }
  bool read_only() const override { return info_.read_only; }
  uint32_t max_blocks() const override { return max_blocks_; }
  Status read(uint64_t lba, uint32_t count, uint8_t* data) override;
  Status write(uint64_t lba, uint32_t count, const uint8_t* data) override;
  Status flush() override;

  static constexpr uint32_t kMaxShared = 32;
  // A client's buffer, mapped here at mapped; membuf (a handle to it) is
  // this device's from now on. Past kMaxShared it is only closed.
  void share(ipc::Handle membuf, std::span<uint8_t> mapped, bool writable);
  // Before the mapping at base goes: the driver lets it go too.
  void unshare(const uint8_t* base);

 private:
  struct Shared {
    ipc::Handle membuf;
    uint8_t* base;
    uint32_t size;
    bool writable;
    uint32_t id;  // the driver's (addBuffer); 0 while it has none
  };
  // Gives the driver a handle to it: its id, or 0 if refused.
  uint32_t add_to_driver(const Shared& shared);
  // The shared buffer the driver knows that holds bytes at data (and can
  // take them, for a read), or null.
  const Shared* holding(const uint8_t* data, size_t bytes, bool read) const;

  Status open_device();
  Status attach();
  // Opens the device again (reopen), keeping this thread's IPC buffer.
  Status reconnect();
  Status reopen();
  // request(), and once more on a new channel if the driver went away.
  template <typename Request>
  Status with_reconnect(Request request);

  ipc::Handle channel_ = ipc::kInvalidHandle;
  ipc::Handle vfs_session_ = ipc::kInvalidHandle;
  ipc::Handle registry_ = ipc::kInvalidHandle;
  char path_[40] = "";  // "/dev/NAME"
  const char* name_ = path_;
  idl::block::Info info_{};
  uint32_t max_blocks_ = 0;
  uint8_t* buffer_ = nullptr;
  Shared shared_[kMaxShared];
  uint32_t shared_count_ = 0;
};

}  // namespace fatfs
