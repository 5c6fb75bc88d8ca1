#include "server/char_device.h"

#include "ipc/open_flags.h"
#include "ipc/transport.h"
#include "server/pending.h"
#include "server/shared_buffer.h"

namespace server {

namespace {

namespace flags = ipc::open_flags;
using namespace idl::fs;

constexpr uint32_t kMaxInlineRead = 3072;  // File.read's Data bound
constexpr uint32_t kDeviceMode = 0666;

// The bytes of the device an inline read returns, until the reply is built.
uint8_t read_scratch[kMaxInlineRead];

}  // namespace

Result<uint32_t> CharDeviceOps::write(uint64_t, const uint8_t*, uint32_t) { return Error::AccessDenied; }

// The channel devfs opens the device through.
class CharDevice::DeviceEndpoint final : public Source, public HandleCloser {
 public:
  explicit DeviceEndpoint(CharDevice& device) : device_(device) {}
  void on_call(Call& call) override { dispatch_device(*this, call.message()); }
  Status open(const DeviceOpenParams& in, DeviceOpenResults& out) { return device_.open(in.flags, out.file); }
  void on_closed() override { device_.ops_.unregistered(); }

 private:
  CharDevice& device_;
};

// A read waiting for data: parked until ready() finds some.
class CharDevice::WaitingRead final : public Parked {
 public:
  WaitingRead(CharDevice& device, File& file, uint64_t offset, uint32_t count, uint8_t* into)
      : device_(device), file_(&file), offset_(offset), count_(count), into_(into) {}
  ~WaitingRead() override { device_.unlink(this); }

  // Tries again: false while there is still nothing to read.
  bool retry() {
    auto n = device_.ops_.read(offset_, into_, count_);
    if (!n && n.error() == Error::ShouldWait) return false;
    if (!n) (void)fail(n.error());
    else if (into_ == read_scratch) (void)answer_as(FileReadResults{idl::Data{read_scratch, *n}});
    else (void)answer_as(FileReadBulkResults{*n});
    return true;
  }
  // The reader gave up (timeout, death): forget the read.
  void on_gone() override { delete this; }

  const File* file() const { return file_; }
  WaitingRead* next = nullptr;

 private:
  CharDevice& device_;
  File* file_;
  uint64_t offset_;
  uint32_t count_;
  uint8_t* into_;  // read_scratch, or the file's shared buffer
};

// One open of the device: a File channel.
class CharDevice::File final : public Source, public HandleCloser {
 public:
  File(CharDevice& device, uint32_t open_flags) : device_(device), flags_(open_flags) { ++device_.open_files_; }
  ~File() override {
    device_.drop_reads_of(this);
    --device_.open_files_;
  }

  void on_call(Call& call) override {
    call_ = &call;
    dispatch_file(*this, call.message(), buffer_.size());
    call_ = nullptr;
  }

  Status read(const FileReadParams& in, FileReadResults& out) {
    uint32_t count = in.count < kMaxInlineRead ? in.count : kMaxInlineRead;
    auto n = read_into(in.offset, count, read_scratch, FileReadParams::kOrdinal);
    if (!n) return n.error();
    out.data = idl::Data{read_scratch, *n};
    return {};
  }
  Status read_bulk(const FileReadBulkParams& in, FileReadBulkResults& out) {
    if (!buffer_.data()) return Error::BadState;
    auto n = read_into(in.offset, in.buffer.length, buffer_.data() + in.buffer.offset, FileReadBulkParams::kOrdinal);
    if (!n) return n.error();
    out.count = *n;
    return {};
  }
  Status write(const FileWriteParams& in, FileWriteResults& out) {
    return write_from(in.offset, in.data.data, in.data.size, out.count);
  }
  Status write_bulk(const FileWriteBulkParams& in, FileWriteBulkResults& out) {
    if (!buffer_.data()) return Error::BadState;
    return write_from(in.offset, buffer_.data() + in.buffer.offset, in.buffer.length, out.count);
  }
  Status set_buffer(const FileSetBufferParams& in, FileSetBufferResults&) {
    device_.drop_reads_of(this);  // a bulk read waiting would fill the old buffer
    return buffer_.map(in.buffer, in.size);
  }
  Status stat(const FileStatParams&, FileStatResults& out) {
    out.stat = Stat{NodeKind::Device, device_.ops_.size(), 0, kDeviceMode, 1};
    return {};
  }
  Status truncate(const FileTruncateParams&, FileTruncateResults&) { return Error::InvalidArgument; }
  Status readdir(const FileReaddirParams&, FileReaddirResults&) { return Error::NotDirectory; }
  Status clone(const FileCloneParams&, FileCloneResults& out) { return device_.open(flags_, out.file); }
  // What write took has gone to the device.
  Status sync(const FileSyncParams&, FileSyncResults&) { return {}; }
  // A device's mode is the driver's, and it keeps no times.
  Status set_attributes(const FileSetAttributesParams&, FileSetAttributesResults&) { return Error::AccessDenied; }

 private:
  // Reads at offset into `into`; parks the call when there is nothing yet
  // (the Status it returns then is not sent: the call is deferred).
  Result<uint32_t> read_into(uint64_t offset, uint32_t count, uint8_t* into, uint16_t ordinal) {
    if ((flags_ & flags::kAccessMask) == flags::kWriteOnly) return Error::AccessDenied;
    auto n = device_.ops_.read(offset, into, count);
    if (n || n.error() != Error::ShouldWait || (flags_ & flags::kNonBlock)) return n;
    auto* waiting = new (std::nothrow) WaitingRead(device_, *this, offset, count, into);
    if (!waiting) return Error::NoMemory;
    Status parked = waiting->park(*call_, device_.server_, ordinal, buffer_.size());
    if (!parked) {
      delete waiting;
      return parked.error();
    }
    device_.append(waiting);
    return Error::ShouldWait;
  }
  Status write_from(uint64_t offset, const uint8_t* data, uint32_t count, uint32_t& written) {
    if (!flags::writes(flags_)) return Error::AccessDenied;
    auto n = device_.ops_.write(offset, data, count);
    if (!n) return n.error();
    written = *n;
    return {};
  }

  CharDevice& device_;
  uint32_t flags_;
  SharedBuffer buffer_;
  Call* call_ = nullptr;  // while serving one
};

Status CharDevice::register_as(const char* name, ipc::Handle registry) {
  auto device = server_.add_channel(new (std::nothrow) DeviceEndpoint(*this));
  if (!device) return device.error();
  ipc::ChannelTransport transport(registry);
  Status registered = DeviceRegistryClient<ipc::ChannelTransport>(transport).register_(idl::Text(name), *device);
  // Unregistered, the end is ours still (or gone with the call): closing it
  // makes the server forget the endpoint when its PeerClosed comes.
  if (!registered) (void)ipc::close(*device);
  return registered;
}

Status CharDevice::open(uint32_t open_flags, ipc::Handle& file) {
  if (open_files_ >= kMaxOpenFiles) return Error::Busy;
  auto end = server_.add_channel(new (std::nothrow) File(*this, open_flags));
  if (!end) return end.error();
  file = *end;
  return {};
}

void CharDevice::ready() {
  // Oldest first; each answered read leaves the list.
  WaitingRead* read = waiting_;
  while (read) {
    WaitingRead* next = read->next;
    if (!read->retry()) break;  // nothing more to give
    delete read;
    read = next;
  }
}

void CharDevice::append(WaitingRead* read) {
  WaitingRead** at = &waiting_;
  while (*at) at = &(*at)->next;
  *at = read;
}

void CharDevice::unlink(WaitingRead* read) {
  for (WaitingRead** at = &waiting_; *at; at = &(*at)->next) {
    if (*at == read) {
      *at = read->next;
      return;
    }
  }
}

void CharDevice::drop_reads_of(const File* file) {
  WaitingRead* read = waiting_;
  while (read) {
    WaitingRead* next = read->next;
    if (read->file() == file) delete read;  // the caller's call fails with PeerClosed
    read = next;
  }
}

}  // namespace server
