// The IPC runtime: channels, ports, call/reply and asynchronous messages,
// at two levels. The register level (Event, call with words) is what the
// fast path serves best; the message level moves an ipc::Message in this
// thread's IPC buffer (payload up to 4 KiB and up to 4 handles), and is
// what the generated IDL stubs use. docs/ipc.md explains the model.
#pragma once

#include <cstddef>
#include <cstdint>

#include "abi/rights.h"
#include "abi/syscall.h"
#include "ipc/message.h"
#include "ipc/syscall.h"
#include "lib/result.h"

namespace ipc {

using abi::EventKind;
constexpr uint64_t kForever = abi::kForever;

// What a receive or call returns: the registers the kernel filled in.
struct Event {
  int64_t status;  // 0, or a negative abi::Error
  uint64_t info;
  uint64_t words[4];
  uint64_t badge;

  bool ok() const { return status == 0; }
  Error error() const { return static_cast<Error>(status); }
  size_t length() const { return abi::info_length(info); }
  uint32_t handle_count() const { return static_cast<uint32_t>(abi::info_handles(info)); }
  EventKind kind() const { return abi::info_kind(info); }
};

// This thread's IPC buffer (set up by libipc for every thread it starts).
Message& buffer();

// --- register level: payload of up to 32 bytes in four words, no handles.
Event call(Handle end, uint64_t info, const uint64_t words[4], uint64_t deadline = kForever);
Event reply_wait(Handle port, uint64_t info, const uint64_t words[4], uint64_t deadline = kForever);
Event port_wait(Handle port, uint64_t deadline = kForever);
Event channel_recv(Handle end, uint64_t deadline = kForever);
Status channel_send(Handle end, uint64_t info, const uint64_t words[4]);
Status reply(uint64_t info, const uint64_t words[4]);

// --- message level: `message` must be buffer().
// Sends message and replaces it with the reply.
Status call(Handle end, Message& message, uint64_t deadline = kForever);
Status send(Handle end, const Message& message);
// Fills buffer() from a received event (the words go to data[0..31]).
Message& take(const Event& event);
// Replies with message, then waits on port for the next event.
Event reply_wait(Handle port, const Message& message, uint64_t deadline = kForever);

// --- objects.
struct ChannelPair {
  Handle a;
  Handle b;
};
Result<ChannelPair> channel_create();
Result<Handle> port_create();
Status port_bind(Handle port, Handle object, uint64_t badge);
Status close(Handle handle);
Result<Handle> duplicate(Handle handle, uint32_t rights);

// Starts a thread of this process running entry(argument), with its own
// stack and IPC buffer. Returns its thread handle.
Result<Handle> start_thread(void (*entry)(void*), void* argument, unsigned priority = 16);

}  // namespace ipc
