// The legal changes of a thread's IpcState: every state can end (None);
// a wait or a call starts only from None; a call is received from Calling
// (queued) or from None (a receiver was waiting); nothing else.
#include "ipc/ipc_state.h"

#include <doctest/doctest.h>

#include <initializer_list>

using kernel::IpcState;
using kernel::ipc_transition_allowed;

namespace {
constexpr IpcState kAll[] = {IpcState::None, IpcState::Receiving, IpcState::Calling, IpcState::AwaitingReply};
}

TEST_CASE("every IPC state may end") {
  for (IpcState from : kAll) CHECK(ipc_transition_allowed(from, IpcState::None));
}

TEST_CASE("waits and calls start only from None") {
  for (IpcState to : {IpcState::Receiving, IpcState::Calling}) {
    CHECK(ipc_transition_allowed(IpcState::None, to));
    CHECK(!ipc_transition_allowed(IpcState::Receiving, to));
    CHECK(!ipc_transition_allowed(IpcState::Calling, to));
    CHECK(!ipc_transition_allowed(IpcState::AwaitingReply, to));
  }
}

TEST_CASE("a call is received from the queue or directly") {
  CHECK(ipc_transition_allowed(IpcState::Calling, IpcState::AwaitingReply));
  CHECK(ipc_transition_allowed(IpcState::None, IpcState::AwaitingReply));
  CHECK(!ipc_transition_allowed(IpcState::Receiving, IpcState::AwaitingReply));
  CHECK(!ipc_transition_allowed(IpcState::AwaitingReply, IpcState::AwaitingReply));
}
