#include "inheritance.h"

#include <string.h>

#include "foreground.h"
#include "signal_inheritance.h"
#include "inheritance_wire.h"
#include "ipc/ipc.h"
#include "ipc/syscall.h"
#include "tessera/posix.h"

namespace tessera::posix {

namespace {

using wire::Header;
using wire::kRecordsPerMessage;
using wire::Record;

static_assert(Table::kSize <= 64, "a record's fd mask has 64 bits");
static_assert(PATH_MAX == wire::kMaxPath);

// Builds each message aside (share() calls the file servers through this
// thread's IPC buffer) and copies it there to send.
class Writer {
 public:
  explicit Writer(ipc::Handle end) : end_(end) {}
  Writer(const Writer&) = delete;
  Writer& operator=(const Writer&) = delete;
  // What an error left unsent.
  ~Writer() {
    for (uint32_t i = 0; i < handle_count_; ++i) (void)ipc::close(handles_[i]);
  }

  int add(Description& d, uint64_t fds) {
    ipc::Handle channel = 0, state = 0;
    if (int e = d.share(channel, state); e < 0) return -e;
    records_[header_.record_count++] = {fds, static_cast<uint8_t>(d.kind()), static_cast<uint8_t>(channel ? 2 : 1), {}};
    if (channel) handles_[handle_count_++] = channel;
    handles_[handle_count_++] = state;
    return header_.record_count == kRecordsPerMessage ? send(nullptr) : 0;
  }

  int finish(const char* cwd, const InheritedSignals& signals, ipc::Handle console_job) {
    header_.final = wire::kFinal | wire::kSignals;
    signals_ = signals;
    // A final message holds at most one record (two handles): there is room
    // for these two.
    if (console_job) {
      header_.final |= wire::kConsoleJob;
      handles_[handle_count_++] = console_job;
    }
    // A duplicate: this process keeps its own end, as every child does.
    if (ipc::Handle own = services_session()) {
      if (auto services = ipc::duplicate(own, uint32_t(uint64_t(sys::handle_info(own))))) {
        header_.final |= wire::kServices;
        handles_[handle_count_++] = *services;
      }
    }
    return send(cwd);
  }

 private:
  int send(const char* cwd) {
    ipc::Message& m = ipc::buffer();
    size_t used = sizeof header_ + header_.record_count * sizeof(Record);
    memcpy(m.data, &header_, sizeof header_);
    memcpy(m.data + sizeof header_, records_, used - sizeof header_);
    if (header_.final & wire::kSignals) {
      memcpy(m.data + used, &signals_, sizeof signals_);
      used += sizeof signals_;
    }
    if (cwd) {
      size_t length = strlen(cwd) + 1;
      memcpy(m.data + used, cwd, length);
      used += length;
    }
    m.bytes = static_cast<uint32_t>(used);
    m.handle_count = handle_count_;
    memcpy(m.handles, handles_, sizeof handles_);
    header_ = {};
    handle_count_ = 0;
    // A failed send closes the handles it carried.
    Status s = ipc::send(end_, m);
    return s ? 0 : (s.error() == Error::ShouldWait ? EMFILE : ENOMEM);
  }

  ipc::Handle end_;
  Header header_{};
  Record records_[kRecordsPerMessage]{};
  InheritedSignals signals_{};
  ipc::Handle handles_[ipc::kMaxMessageHandles]{};
  uint32_t handle_count_ = 0;
};

}  // namespace

int write_inheritance(ipc::Handle parent_end, const Table& table, const char* cwd, const InheritedSignals& signals,
                      ipc::Handle console_job) {
  Writer writer(parent_end);
  int error = 0;
  for (int fd = 0; fd < table.end(); ++fd) {
    Description* d = table.get(fd);
    // Each description once, at the first fd naming it.
    bool first = d != nullptr;
    for (int before = 0; before < fd && first; ++before) first = table.get(before) != d;
    if (!first) continue;
    uint64_t fds = 0;
    for (int other = fd; other < table.end(); ++other) {
      if (table.get(other) == d) fds |= 1ull << other;
    }
    // One that cannot be passed on (its server refuses a clone) is left
    // out: the child gets the rest.
    if (int e = writer.add(*d, fds); e && !error) error = e;
  }
  // The final message in any case: without it the child does not run.
  int finished = writer.finish(cwd, signals, console_job);
  // What is queued stays for the child to read.
  (void)ipc::close(parent_end);
  return error ? error : finished;
}

bool read_inheritance(ipc::Handle channel, Table& table, char* cwd) {
  bool complete = false;
  for (;;) {
    ipc::Event e = ipc::channel_recv(channel);
    if (!e.ok() || e.kind() != abi::EventKind::Message) break;
    ipc::Message& m = ipc::take(e);
    wire::Message message = wire::parse(m.data, m.bytes, m.handle_count);
    for (uint32_t i = 0; i < message.count; ++i) {
      const wire::Entry& entry = message.entries[i];
      ipc::Handle file = entry.file >= 0 ? m.handles[entry.file] : 0;
      Description* d = Description::adopt(entry.kind, file, m.handles[entry.state]);
      if (!d) continue;
      for (uint64_t fds = entry.fds; fds; fds &= fds - 1) {
        int fd = __builtin_ctzll(fds);
        d->retain();
        table.install_at(fd, d, false);
      }
      d->release();
    }
    for (uint32_t h = 0; h < m.handle_count; ++h) {
      if (!message.handle_used[h]) (void)ipc::close(m.handles[h]);
    }
    if (message.console_job >= 0) join_console_job(m.handles[message.console_job]);
    if (message.services >= 0) set_services_session(m.handles[message.services]);
    if (message.cwd) strcpy(cwd, message.cwd);
    if (message.has_signals) inherit_signals(message.signals);
    complete = message.final;
    if (complete) break;
  }
  (void)ipc::close(channel);
  return complete;
}

}  // namespace tessera::posix
