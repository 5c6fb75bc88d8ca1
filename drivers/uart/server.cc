#include "server.h"

#include <string.h>

#include "abi/syscall.h"
#include "ipc/open_flags.h"
#include "ipc/syscall.h"
#include "ipc/time.h"

namespace uart {

namespace {

namespace flags = ipc::open_flags;
using namespace idl::fs;

constexpr uint64_t kReadPollIntervalMs = 5;
constexpr uint32_t kMaxRead = 3072;  // File.read's Data bound
constexpr uint32_t kConsoleMode = 0620;

class Guard {
 public:
  explicit Guard(SpinLock& lock) : lock_(lock) { lock_.lock(); }
  ~Guard() { lock_.unlock(); }
  Guard(const Guard&) = delete;
  Guard& operator=(const Guard&) = delete;

 private:
  SpinLock& lock_;
};

void close_all(const ipc::Handle* handles, uint32_t count) {
  for (uint32_t i = 0; i < count && i < ipc::kMaxMessageHandles; ++i) (void)ipc::close(handles[i]);
}

Stat console_stat() {
  Stat s{};
  s.kind = NodeKind::Device;
  s.inode = 1;
  s.mode = kConsoleMode;
  s.links = 1;
  return s;
}

struct DeviceServer {
  Server& server;
  Status open(const DeviceOpenParams& in, DeviceOpenResults& out) {
    if (in.flags & flags::kDirectory) return Error::NotDirectory;
    return server.open_file(in.flags, out.file);
  }
  void drop_handles(const ipc::Handle* handles, uint32_t count) { close_all(handles, count); }
};

class FileServer {
 public:
  FileServer(Server& server, Server::OpenFile& file, char* scratch) : server_(server), file_(file), scratch_(scratch) {}

  Status read(const FileReadParams& in, FileReadResults& out) {
    TRY(check_read());
    auto n = server_.read(file_, scratch_, in.count < kMaxRead ? in.count : kMaxRead);
    if (!n) return n.error();
    out.data = idl::Data{reinterpret_cast<const uint8_t*>(scratch_), static_cast<uint32_t>(*n)};
    return {};
  }
  Status write(const FileWriteParams& in, FileWriteResults& out) {
    TRY(check_write());
    server_.write(reinterpret_cast<const char*>(in.data.data), in.data.size);
    out.count = in.data.size;
    return {};
  }
  Status set_buffer(const FileSetBufferParams& in, FileSetBufferResults&) {
    return server_.set_buffer(file_, in.buffer, in.size);
  }
  // Bulk transfers go through scratch, and touch the shared buffer only
  // under the lock: a client replacing its buffer meanwhile (setBuffer from
  // another thread) must not make the driver write to a stale mapping.
  Status read_bulk(const FileReadBulkParams& in, FileReadBulkResults& out) {
    TRY(check_read());
    auto n = server_.read(file_, scratch_, in.buffer.length < kMaxRead ? in.buffer.length : kMaxRead);
    if (!n) return n.error();
    TRY(server_.copy_to_buffer(file_, in.buffer.offset, scratch_, *n));
    out.count = static_cast<uint32_t>(*n);
    return {};
  }
  Status write_bulk(const FileWriteBulkParams& in, FileWriteBulkResults& out) {
    TRY(check_write());
    for (uint32_t done = 0; done < in.buffer.length;) {
      uint32_t n = in.buffer.length - done < kMaxRead ? in.buffer.length - done : kMaxRead;
      TRY(server_.copy_from_buffer(file_, in.buffer.offset + done, scratch_, n));
      server_.write(scratch_, n);
      done += n;
    }
    out.count = in.buffer.length;
    return {};
  }
  Status stat(const FileStatParams&, FileStatResults& out) {
    out.stat = console_stat();
    return {};
  }
  Status truncate(const FileTruncateParams&, FileTruncateResults&) { return Error::InvalidArgument; }
  Status readdir(const FileReaddirParams&, FileReaddirResults&) { return Error::NotDirectory; }
  Status clone(const FileCloneParams&, FileCloneResults& out) { return server_.open_file(file_.flags, out.file); }
  void drop_handles(const ipc::Handle* handles, uint32_t count) { close_all(handles, count); }

 private:
  Status check_read() const {
    return (file_.flags & flags::kAccessMask) == flags::kWriteOnly ? Error::AccessDenied : Error::Ok;
  }
  Status check_write() const { return flags::writes(file_.flags) ? Error::Ok : Error::AccessDenied; }

  Server& server_;
  Server::OpenFile& file_;
  char* scratch_;
};

}  // namespace

void Server::serve() {
  char scratch[kMaxRead];  // a read's reply data, until reply_wait copies it
  ipc::Event e = ipc::port_wait(port_);
  for (;;) {
    if (!e.ok()) {
      // A reply that could not be delivered (the caller died): wait again.
      e = ipc::port_wait(port_);
      if (!e.ok()) shut_down();
      continue;
    }
    switch (e.kind()) {
      case abi::EventKind::Call: {
        ipc::Message& m = ipc::take(e);
        dispatch(e.badge, m, scratch);
        e = ipc::reply_wait(port_, m);
        continue;
      }
      case abi::EventKind::Interrupt: {
        {
          Guard guard(console_.lock());
          console_.on_interrupt();
        }
        (void)sys::irq_ack(irq_);
        break;
      }
      case abi::EventKind::PeerClosed: peer_closed(e.badge); break;
      default: {
        ipc::Message& m = ipc::take(e);
        close_all(m.handles, m.handle_count);
      }
    }
    e = ipc::port_wait(port_);
  }
}

void Server::dispatch(uint64_t badge, ipc::Message& msg, char* scratch) {
  if (badge == kDeviceBadge) {
    DeviceServer device{*this};
    return dispatch_device(device, msg);
  }
  uint64_t index = badge - kFirstFileBadge;
  if (badge >= kFirstFileBadge && index < kMaxFiles) {
    OpenFile& file = files_[index];
    uint32_t bulk_size;
    {
      Guard guard(console_.lock());
      bulk_size = file.buffer_size;
    }
    FileServer server(*this, file, scratch);
    return dispatch_file(server, msg, bulk_size);
  }
  struct {
    void drop_handles(const ipc::Handle* handles, uint32_t count) { close_all(handles, count); }
  } dropper;
  idl::wire::reject(dropper, msg, Error::BadState);
}

void Server::peer_closed(uint64_t badge) {
  if (badge == kDeviceBadge) shut_down();
  uint64_t index = badge - kFirstFileBadge;
  if (badge < kFirstFileBadge || index >= kMaxFiles) return;
  Guard guard(console_.lock());
  OpenFile& file = files_[index];
  if (!file.used) return;
  if (file.readers) {
    file.closed = true;  // the last waiting read frees it
  } else {
    free_file(file);
  }
}

void Server::free_file(OpenFile& file) {
  if (file.buffer) sys::mem_unmap(reinterpret_cast<uint64_t>(file.buffer), file.buffer_size);
  (void)ipc::close(file.end);
  file = {};
}

void Server::shut_down() {
  console_.lock().lock();
  console_.stop();
  sys::process_exit(0);
}

Status Server::open_file(uint32_t open_flags, ipc::Handle& file) {
  Guard guard(console_.lock());
  for (uint32_t i = 0; i < kMaxFiles; ++i) {
    if (files_[i].used) continue;
    auto pair = ipc::channel_create();
    if (!pair) return pair.error();
    Status bound = ipc::port_bind(port_, pair->b, kFirstFileBadge + i);
    if (!bound) {
      (void)ipc::close(pair->a);
      (void)ipc::close(pair->b);
      return bound;
    }
    files_[i] = {};
    files_[i].used = true;
    files_[i].flags = open_flags;
    files_[i].end = pair->b;
    file = pair->a;
    return {};
  }
  return Error::NoMemory;
}

Result<size_t> Server::read(OpenFile& file, char* out, size_t count) {
  if (count == 0) return size_t{0};
  Guard guard(console_.lock());
  bool caller_waits = true;
  if (!console_.readable()) {
    if (waiting_reads_ == kThreads - 1) return Error::ShouldWait;
    ++waiting_reads_;
    ++file.readers;
    while (!console_.readable() && !file.closed && caller_waits) {
      console_.lock().unlock();
      caller_waits = sys::sleep_until(ipc::deadline_in_ms(kReadPollIntervalMs)) == 0;
      console_.lock().lock();
    }
    --waiting_reads_;
    --file.readers;
    if (file.closed) {
      if (file.readers == 0) free_file(file);
      return Error::PeerClosed;
    }
  }
  // A caller that gave up gets no line: its reply would be dropped, and the
  // line lost to the next reader.
  if (!caller_waits || sys::sleep_until(0) != 0) return Error::PeerClosed;
  return console_.read(out, count);
}

void Server::write(const char* data, size_t length) {
  Guard guard(console_.lock());
  console_.write(data, length);
}

Status Server::copy_to_buffer(OpenFile& file, uint32_t offset, const char* from, size_t length) {
  Guard guard(console_.lock());
  if (!file.buffer || offset > file.buffer_size || length > file.buffer_size - offset) return Error::BadState;
  memcpy(file.buffer + offset, from, length);
  return {};
}

Status Server::copy_from_buffer(OpenFile& file, uint32_t offset, char* to, size_t length) {
  Guard guard(console_.lock());
  if (!file.buffer || offset > file.buffer_size || length > file.buffer_size - offset) return Error::BadState;
  memcpy(to, file.buffer + offset, length);
  return {};
}

Status Server::set_buffer(OpenFile& file, ipc::Handle buffer, uint32_t size) {
  if (size == 0) {
    (void)ipc::close(buffer);
    return Error::InvalidArgument;
  }
  int64_t address = sys::membuf_map(buffer, 0, 0, size, abi::kProtRead | abi::kProtWrite);
  (void)ipc::close(buffer);  // the mapping keeps the buffer
  if (sys::failed(address)) return sys::error_of(address);
  Guard guard(console_.lock());
  if (file.buffer) sys::mem_unmap(reinterpret_cast<uint64_t>(file.buffer), file.buffer_size);
  file.buffer = reinterpret_cast<uint8_t*>(address);
  file.buffer_size = size;
  return {};
}

}  // namespace uart
