// An open file description: what open() creates and fds name. It holds a
// File channel (idl/fs.capnp) to a file system or device, the status flags
// and the offset. dup'd fds share one Description; a child that inherits an
// fd gets a clone of the channel and shares the offset and flags through
// one page of memory both processes map (docs/posix.md): the state moves
// to that page the first time the description is inherited.
//
// The Console kind, for programs started without descriptors, reads and
// writes the kernel's debug console.
#pragma once

#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

#include "ipc/message.h"

namespace tessera::posix {

struct SharedState {
  uint64_t offset;
  uint32_t flags;  // the O_* status flags (access mode, O_APPEND, O_NONBLOCK)
};

class Description {
 public:
  enum class Kind : uint8_t { File, Directory, Device, Console };

  // A description of channel (taken over), or nullptr without memory (the
  // channel is closed then).
  static Description* create(Kind kind, ipc::Handle channel, uint32_t flags);
  // An inherited one: its state is in the page of state_buffer (taken over).
  static Description* adopt(Kind kind, ipc::Handle channel, ipc::Handle state_buffer);

  void retain() { ++references_; }
  void release();

  Kind kind() const { return kind_; }
  ipc::Handle channel() const { return channel_; }
  bool is_terminal() const { return kind_ == Kind::Device || kind_ == Kind::Console; }
  // Directories and devices have no offset to seek.
  bool seekable() const { return kind_ == Kind::File; }

  uint64_t offset() const { return __atomic_load_n(&state_->offset, __ATOMIC_ACQUIRE); }
  void set_offset(uint64_t offset) { __atomic_store_n(&state_->offset, offset, __ATOMIC_RELEASE); }
  uint32_t flags() const { return __atomic_load_n(&state_->flags, __ATOMIC_ACQUIRE); }
  void set_flags(uint32_t flags) { __atomic_store_n(&state_->flags, flags, __ATOMIC_RELEASE); }

  // One transfer at offset: at most one server call for a read, all of
  // data for a write. A count, or a negative errno.
  ssize_t read_at(uint64_t offset, void* buffer, size_t count);
  ssize_t write_at(uint64_t offset, const void* data, size_t count);

  // For a child: a second channel to the same open file, and a handle of
  // the page holding the offset and flags (made now if it is still local).
  // 0, or a negative errno.
  int share(ipc::Handle& channel, ipc::Handle& state_buffer);

 private:
  Description(Kind kind, ipc::Handle channel) : kind_(kind), channel_(channel) {}
  ~Description();
  bool map_state(ipc::Handle buffer);
  // The buffer shared with the server for transfers above one message, or
  // false if the server takes none.
  bool ensure_bulk();
  ssize_t transfer_bulk(uint64_t offset, uint8_t* data, size_t count, bool writing);
  // What a write call an interrupt ended had moved: a write of nothing
  // answers it (the pipe server's; 0 from other servers).
  size_t abandoned_count();

  Kind kind_;
  ipc::Handle channel_;
  uint32_t references_ = 1;
  SharedState local_{};
  SharedState* state_ = &local_;
  ipc::Handle state_buffer_ = 0;
  uint8_t* bulk_ = nullptr;
  bool bulk_refused_ = false;
};

}  // namespace tessera::posix
