// A thread's part in IPC, and the changes of it that are legal
// (docs/ipc.md, "Call and reply"). Every change goes through
// Thread::set_ipc_state, which asserts this table; host-tested.
#pragma once

#include <cstdint>

namespace kernel {

enum class IpcState : uint8_t {
  None,
  Receiving,      // blocked in port_wait / reply_wait / channel_recv
  Calling,        // its call waits on a channel end, not yet received
  AwaitingReply,  // its call was received by `replier` (or parked in a Reply)
};

constexpr bool ipc_transition_allowed(IpcState from, IpcState to) {
  switch (to) {
    case IpcState::None: return true;  // a wait or call ends: delivered, answered, timed out, aborted
    case IpcState::Receiving: return from == IpcState::None;
    case IpcState::Calling: return from == IpcState::None;
    // Received from the queue, or straight away by a waiting receiver.
    case IpcState::AwaitingReply: return from == IpcState::None || from == IpcState::Calling;
  }
  return false;
}

}  // namespace kernel
