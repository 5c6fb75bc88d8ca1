#include "description.h"

#include <errno.h>
#include <new>
#include <string.h>

#include "abi/address_space.h"
#include "abi/rights.h"
#include "fs.idl.h"
#include "ipc/ipc.h"
#include "ipc/startup.h"
#include "ipc/transport.h"
#include "signal_delivery.h"
#include "tessera/errno_map.h"

namespace tessera::posix {

namespace {

constexpr size_t kInlineMax = 3072;      // File.read's and File.write's limit
constexpr uint32_t kBulkSize = 64 * 1024;  // per description, made on the first large transfer
constexpr uint64_t kPageSize = 4096;

using FileClient = idl::fs::FileClient<ipc::ChannelTransport>;

int errno_of(Error error) { return errno_from_error(error); }

// The kernel's debug console: a "\r" from the keyboard reads as "\n", as a
// terminal's line discipline would give it.
ssize_t console_read(void* buffer, size_t count) {
  if (count == 0) return 0;
  auto* bytes = static_cast<char*>(buffer);
  int64_t n = sys::debug_read(bytes, count);  // waits for a byte
  if (n < 0) return -errno_of(sys::error_of(n));
  for (int64_t i = 0; i < n; ++i) {
    if (bytes[i] == '\r') bytes[i] = '\n';
  }
  return n;
}

}  // namespace

Description* Description::create(Kind kind, ipc::Handle channel, uint32_t flags) {
  auto* d = new (std::nothrow) Description(kind, channel);
  if (!d) {
    if (channel) (void)ipc::close(channel);
    return nullptr;
  }
  d->local_.flags = flags;
  return d;
}

Description* Description::adopt(Kind kind, ipc::Handle channel, ipc::Handle state_buffer) {
  auto* d = new (std::nothrow) Description(kind, channel);
  if (d && d->map_state(state_buffer)) return d;
  if (d) d->release();
  else if (channel) (void)ipc::close(channel);
  (void)ipc::close(state_buffer);
  return nullptr;
}

bool Description::map_state(ipc::Handle buffer) {
  int64_t address = sys::membuf_map(buffer, 0, 0, kPageSize, abi::kProtRead | abi::kProtWrite);
  if (address < 0) return false;
  state_buffer_ = buffer;
  state_ = reinterpret_cast<SharedState*>(address);
  return true;
}

void Description::release() {
  if (--references_ == 0) delete this;
}

Description::~Description() {
  if (channel_) (void)ipc::close(channel_);
  if (state_ != &local_) sys::mem_unmap(reinterpret_cast<uint64_t>(state_), kPageSize);
  if (state_buffer_) (void)ipc::close(state_buffer_);
  if (bulk_) sys::mem_unmap(reinterpret_cast<uint64_t>(bulk_), kBulkSize);
}

bool Description::ensure_bulk() {
  if (bulk_) return true;
  if (bulk_refused_) return false;
  bulk_refused_ = true;  // until it works
  int64_t buffer = sys::membuf_create(kBulkSize);
  if (buffer < 0) return false;
  auto membuf = static_cast<ipc::Handle>(buffer);
  int64_t address = sys::membuf_map(membuf, 0, 0, kBulkSize, abi::kProtRead | abi::kProtWrite);
  if (address < 0) {
    (void)ipc::close(membuf);
    return false;
  }
  ipc::ChannelTransport transport(channel_);
  // The mapping keeps the memory; the server gets the handle.
  if (!FileClient(transport).set_buffer(membuf, kBulkSize)) {
    sys::mem_unmap(static_cast<uint64_t>(address), kBulkSize);
    return false;
  }
  bulk_ = reinterpret_cast<uint8_t*>(address);
  bulk_refused_ = false;
  return true;
}

ssize_t Description::transfer_bulk(uint64_t offset, uint8_t* data, size_t count, bool writing) {
  ipc::ChannelTransport transport(channel_);
  FileClient file(transport, kBulkSize);
  uint32_t chunk = static_cast<uint32_t>(count < kBulkSize ? count : kBulkSize);
  uint32_t done = 0;
  if (writing) memcpy(bulk_, data, chunk);
  Status s = writing ? file.write_bulk(offset, idl::Bulk{0, chunk}, done)
                     : file.read_bulk(offset, idl::Bulk{0, chunk}, done);
  if (!s) return -errno_of(s.error());
  if (done > chunk) return -EIO;
  if (!writing) memcpy(data, bulk_, done);
  return done;
}

ssize_t Description::read_at(uint64_t offset, void* buffer, size_t count) {
  if (kind_ == Kind::Console) return console_read(buffer, count);
  if (kind_ == Kind::Directory) return -EISDIR;
  if (count == 0) return 0;
  if (count > kInlineMax && ensure_bulk()) return transfer_bulk(offset, static_cast<uint8_t*>(buffer), count, false);
  ipc::ChannelTransport transport(channel_);
  idl::Data data;
  Status s = FileClient(transport).read(offset, static_cast<uint32_t>(count < kInlineMax ? count : kInlineMax), data);
  if (!s) return -errno_of(s.error());
  if (data.size > count) return -EIO;
  memcpy(buffer, data.data, data.size);
  return data.size;
}

ssize_t Description::write_at(uint64_t offset, const void* data, size_t count) {
  if (kind_ == Kind::Console) {
    int64_t n = sys::debug_write(ipc::debug_console(), static_cast<const char*>(data), count);
    return n < 0 ? -errno_of(sys::error_of(n)) : n;
  }
  if (kind_ == Kind::Directory) return -EISDIR;
  auto* bytes = static_cast<uint8_t*>(const_cast<void*>(data));
  size_t done = 0;
  // A call a signal interrupts may have moved part of its bytes (a pipe's
  // long write waiting for room): it is never made again whole.
  HeldRestarts held;
  while (done < count) {
    size_t left = count - done;
    ssize_t n;
    if (left > kInlineMax && ensure_bulk()) {
      n = transfer_bulk(offset + done, bytes + done, left, true);
    } else {
      ipc::ChannelTransport transport(channel_);
      uint32_t chunk = static_cast<uint32_t>(left < kInlineMax ? left : kInlineMax);
      uint32_t written = 0;
      Status s = FileClient(transport).write(offset + done, idl::Data{bytes + done, chunk}, written);
      n = s ? static_cast<ssize_t>(written) : -errno_of(s.error());
      if (s && written > chunk) n = -EIO;
    }
    if (n == -EINTR && held.interrupted()) {
      // POSIX: a write a signal interrupts after it moved data returns
      // that count; before, it fails with EINTR or, with SA_RESTART, goes on.
      size_t moved = abandoned_count();
      done += moved < count - done ? moved : count - done;
      bool restart = restart_after_interrupt();
      if (done) return static_cast<ssize_t>(done);
      if (restart) continue;
      return -EINTR;
    }
    if (n < 0) return done ? static_cast<ssize_t>(done) : n;
    if (n == 0) break;  // the file system is full
    done += static_cast<size_t>(n);
  }
  return done ? static_cast<ssize_t>(done) : (count ? -ENOSPC : 0);
}

size_t Description::abandoned_count() {
  ipc::ChannelTransport transport(channel_);
  for (;;) {
    uint32_t moved = 0;
    Status s = FileClient(transport).write(0, idl::Data{nullptr, 0}, moved);
    // (Another interrupt may end this wait too: it has moved nothing.)
    if (s || s.error() != Error::Interrupted) return s ? moved : 0;
  }
}

int Description::share(ipc::Handle& channel, ipc::Handle& state_buffer) {
  channel = 0;
  if (kind_ != Kind::Console) {
    ipc::ChannelTransport transport(channel_);
    if (Status s = FileClient(transport).clone(channel); !s) return -errno_of(s.error());
  }
  if (!state_buffer_) {
    int64_t buffer = sys::membuf_create(kPageSize);
    SharedState now = *state_;
    if (buffer < 0 || !map_state(static_cast<ipc::Handle>(buffer))) {
      if (buffer >= 0) (void)ipc::close(static_cast<ipc::Handle>(buffer));
      if (channel) (void)ipc::close(channel);
      return -ENOMEM;
    }
    *state_ = now;
  }
  auto copy = ipc::duplicate(state_buffer_, abi::rights::kBasic | abi::rights::kRead | abi::rights::kWrite |
                                                abi::rights::kMap);
  if (!copy) {
    if (channel) (void)ipc::close(channel);
    return -errno_of(copy.error());
  }
  state_buffer = *copy;
  return 0;
}

}  // namespace tessera::posix
