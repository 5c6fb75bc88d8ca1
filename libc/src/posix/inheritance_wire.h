// The inheritance channel's messages (inheritance.h) and their checked
// reading: nothing in a message is trusted, and what is malformed is
// skipped, never a crash. Host-testable: no syscalls.
//
//   Header {record_count, final}, record_count Records, and in the final
//   message, if marked kSignals, the child's signals (InheritedSignals),
//   then the working directory (absolute, NUL-terminated).
//   Handles: for each record in order its File channel (none for the
//   debug console), then the handle of its shared-state page; then, in a
//   final message marked kConsoleJob, a member channel of the console's
//   foreground job (terminal.cc) the child is in; last, in one marked
//   kServices, the child's channel to init's ServiceManager
//   (idl/services.capnp).
#pragma once

#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "description.h"
#include "inherited_signals.h"

namespace tessera::posix::wire {

inline constexpr uint32_t kRecordsPerMessage = 2;  // two handles each, four in a message
inline constexpr size_t kMaxPath = 1024;           // PATH_MAX, with the NUL

struct Record {
  uint64_t fds;          // bit n: fd n names it
  uint8_t kind;          // Description::Kind
  uint8_t handle_count;  // 2, or 1 without a channel (the debug console)
  uint8_t reserved[6];
};

struct Header {
  uint32_t record_count;
  uint32_t final;  // kFinal: the last message: the working directory follows the records
};
inline constexpr uint32_t kFinal = 1;
inline constexpr uint32_t kConsoleJob = 2;  // with kFinal: the console job's handle follows
inline constexpr uint32_t kSignals = 4;     // with kFinal: InheritedSignals follow the records
inline constexpr uint32_t kServices = 8;    // with kFinal: the ServiceManager handle is the last

struct Entry {
  uint64_t fds;
  Description::Kind kind;
  int file;   // index into the message's handles, or -1 (the debug console)
  int state;  // index of the shared-state page's handle
};

struct Message {
  Entry entries[kRecordsPerMessage];
  uint32_t count = 0;
  bool final = false;
  const char* cwd = nullptr;  // into the data; nullptr if absent or malformed
  int console_job = -1;       // index of the console job's handle, or -1
  int services = -1;          // index of the ServiceManager handle, or -1
  bool has_signals = false;   // signals holds the child's signals
  InheritedSignals signals{};
  bool handle_used[4] = {};   // the rest are to be closed
};

// Reads one message of `bytes` bytes carrying handle_count handles: the
// well-formed records up to the first that is not.
inline Message parse(const uint8_t* data, size_t bytes, uint32_t handle_count) {
  Message out;
  Header header{};
  if (bytes < sizeof header) return out;
  memcpy(&header, data, sizeof header);
  out.final = (header.final & kFinal) != 0;
  if (header.record_count > kRecordsPerMessage) return out;
  size_t records_end = sizeof header + header.record_count * sizeof(Record);
  if (records_end > bytes) return out;
  uint32_t next_handle = 0;
  for (uint32_t i = 0; i < header.record_count; ++i) {
    Record r;
    memcpy(&r, data + sizeof header + i * sizeof r, sizeof r);
    if (r.kind > static_cast<uint8_t>(Description::Kind::Console)) break;
    auto kind = static_cast<Description::Kind>(r.kind);
    // Every kind but the debug console has a channel.
    if (r.handle_count != (kind == Description::Kind::Console ? 1 : 2)) break;
    if (next_handle + r.handle_count > handle_count || next_handle + r.handle_count > 4) break;
    Entry& e = out.entries[out.count++];
    e = {r.fds, kind, r.handle_count == 2 ? static_cast<int>(next_handle) : -1,
         static_cast<int>(next_handle + r.handle_count - 1)};
    for (uint32_t h = next_handle; h < next_handle + r.handle_count; ++h) out.handle_used[h] = true;
    next_handle += r.handle_count;
  }
  if (out.final && (header.final & kConsoleJob) && next_handle < handle_count && next_handle < 4) {
    out.console_job = static_cast<int>(next_handle);
    out.handle_used[next_handle++] = true;
  }
  if (out.final && (header.final & kServices) && next_handle < handle_count && next_handle < 4) {
    out.services = static_cast<int>(next_handle);
    out.handle_used[next_handle] = true;
  }
  if (out.final && (header.final & kSignals)) {
    if (bytes - records_end < sizeof out.signals) return out;
    memcpy(&out.signals, data + records_end, sizeof out.signals);
    out.has_signals = true;
    records_end += sizeof out.signals;
  }
  size_t cwd_length = bytes - records_end;
  if (out.final && cwd_length > 1 && cwd_length <= kMaxPath && data[bytes - 1] == '\0' && data[records_end] == '/') {
    out.cwd = reinterpret_cast<const char*>(data + records_end);
  }
  return out;
}

}  // namespace tessera::posix::wire
