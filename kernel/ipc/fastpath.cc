// The IPC fast path: call and reply_wait in the common case, where the
// other side is already waiting, there is no deadline, and the switch is
// what the scheduler would do anyway (no higher-priority thread is
// waiting). The payload's first 32 bytes travel in a2..a5; the rest (up to
// 4 KiB) is copied IPC buffer to IPC buffer through the kernel addresses
// each thread keeps of its buffer's pages (ipc/buffer_pages.h), with no
// page-table walk once they are known; up to four handles move straight
// from the sender's table to the receiver's. The kernel swaps the two
// threads' roles and returns to user mode in the other thread: no run
// queue, no timer, and the caller's time slice goes on in the server.
// Anything else (a buffer that cannot take the payload, a handle the
// general path would refuse, a receiver's table that would have to grow)
// returns nullptr before changing anything and takes the general path in
// syscall/sys_ipc.cc, which has the same effect.
#include "abi/ipc_buffer.h"
#include "abi/syscall.h"
#include "arch/cpu.h"
#include "arch/smp.h"
#include "ipc/buffer_pages.h"
#include "ipc/channel.h"
#include "ipc/port.h"
#include "sched/make_current.h"
#include "sched/scheduler.h"
#include "sync/spinlock.h"
#include "syscall/handles.h"

namespace kernel {

namespace {

// The caller's object behind a handle of type T with `rights`, or null:
// the general path then finds the same and reports why.
template <typename T>
T* find_object(uint64_t handle, uint32_t rights) {
  void* object = current_process().handles().find(handle, static_cast<uint16_t>(ObjectTypeOf<T>::value), rights);
  return static_cast<T*>(static_cast<KernelObject*>(object));
}

// Up to 4 KiB and up to four handles, no kind bits, and no deadline. (The
// first test is the whole of it for a message without handles.)
bool fits(const TrapFrame& f) {
  constexpr uint64_t kLengthAndHandles = abi::kInfoLengthMask | abi::kInfoHandlesMask << abi::kInfoHandlesShift;
  uint64_t info = f.x[kA1];
  if (f.x[kA6] != abi::kForever) return false;
  return info <= abi::kIpcMaxBytes || ((info & ~kLengthAndHandles) == 0 && abi::info_length(info) <= abi::kIpcMaxBytes &&
                                       abi::info_handles(info) <= abi::kIpcMaxHandles);
}

// Whether more than the register words travel: a tail or handles (their
// count sits above the length bits).
bool has_extras(uint64_t info) { return info > abi::kIpcRegisterBytes; }

// Whether t's buffer can take bytes [0, end) now.
bool buffer_ready(Thread& t, uint64_t end) {
  AddressSpace& space = t.process->space();
  return t.ipc_pages.ready(space, end) || (t.ipc_buffer && t.ipc_pages.prepare(space, t.ipc_buffer, end));
}

// The i-th handle value in t's buffer (whose pages are ready).
HandleValue handle_in(const Thread& t, uint64_t i) {
  HandleValue value;
  __builtin_memcpy(&value, t.ipc_pages.at(t.ipc_buffer, abi::kIpcBufferHandlesOffset + i * sizeof value), sizeof value);
  return value;
}

// The checks take_outgoing (ipc/transfer.cc) makes before a handle moves,
// and room for all of them in the receiver's table as it is (a table that
// would have to grow could fail). A message that fails any goes to the
// general path, which reports why.
[[gnu::noinline]] bool handles_movable(Thread& to, Thread& from, uint64_t count, const KernelObject* queue_owner) {
  if (to.process->handles().free_slots() < count) return false;
  HandleTable& table = from.process->handles();
  for (uint64_t i = 0; i < count; ++i) {
    HandleValue value = handle_in(from, i);
    auto entry = table.get(value);
    if (!entry || !((*entry)->rights & abi::rights::kTransfer)) return false;
    auto* object = static_cast<const KernelObject*>((*entry)->object);
    if (object == queue_owner || (queue_owner && object->holds_handles())) return false;
    for (uint64_t j = 0; j < i; ++j) {
      if (handle_in(from, j) == value) return false;
    }
  }
  return true;
}

// Handles that handles_movable passed, table to table: each keeps its
// object and rights and gets a new value in the receiver's buffer.
void move_handles(Thread& to, Thread& from, uint64_t count) {
  for (uint64_t i = 0; i < count; ++i) {
    auto entry = from.process->take_for_transfer(handle_in(from, i));
    auto value = to.process->install_transferred(static_cast<KernelObject*>(entry->object), entry->rights);
    __builtin_memcpy(to.ipc_pages.at(to.ipc_buffer, abi::kIpcBufferHandlesOffset + i * sizeof *value), &*value,
                     sizeof *value);
  }
}

// Moves the tail and the handles of `info` from `from` to `to` if both
// buffers and the receiver's table can take them now; if not, moves
// nothing and returns false. The fast path's last check: what follows it
// cannot fail. queue_owner: the end a call would wait in (a handle may not
// travel into its own queue). Out of line: the register-only round trip
// does not pay for its frame.
[[gnu::noinline]] bool move_extras(Thread& to, Thread& from, uint64_t info, const KernelObject* queue_owner) {
  uint64_t length = abi::info_length(info);
  uint64_t handles = abi::info_handles(info);
  uint64_t end = abi::kIpcBufferDataOffset + length;
  if (!buffer_ready(from, end) || !buffer_ready(to, end)) return false;
  if (handles && !handles_movable(to, from, handles, queue_owner)) return false;
  if (length > abi::kIpcRegisterBytes) {
    constexpr uint64_t kTailOffset = abi::kIpcBufferDataOffset + abi::kIpcRegisterBytes;
    BufferPages::copy(to.ipc_pages, to.ipc_buffer, from.ipc_pages, from.ipc_buffer, kTailOffset,
                      length - abi::kIpcRegisterBytes);
  }
  if (handles) move_handles(to, from, handles);
  return true;
}

Thread* first_waiter(WaitQueue& queue) {
  return container_of<Thread, &Thread::queue_node>(queue.list().front());
}

// The receiver's status, info and badge. Its message words a2..a5 are the
// sender's, which trap.S loads from the sender's frame when it returns
// into the receiver (every fast path switches to the message's receiver).
void copy_message(TrapFrame& to, uint64_t info, uint64_t badge) {
  to.x[kA0] = 0;
  to.x[kA1] = info;
  to.x[kA6] = badge;
}

// A thread pinned to another hart is woken there, by the general path.
bool may_run_here(const Thread* t) { return !t->pinned || t->pinned == this_cpu(); }

// `from` stops running: it waits, and will resume straight in user mode,
// by this path again or through the scheduler, which writes its context
// then (switch_to).
void park(Thread* from) {
  from->state = ThreadState::Blocked;
  from->wake_result = Error::Ok;
  from->resumes_in_user = true;
}

// `to` runs now. Whichever path blocked it, it may have had a deadline: a
// thread that runs must not stay on the sleep queue (the timer would find
// a thread it cannot wake and spin on it).
[[gnu::always_inline]] inline TrapFrame* run(Thread* from, Thread* to) {
  if (to->timer_node.linked()) List::remove(&to->timer_node);
  to->state = ThreadState::Running;
  to->resumes_in_user = false;
  sched::make_current(this_cpu(), from, to);
  return to->frame;
}

}  // namespace

namespace {

TrapFrame* fastpath_call(TrapFrame& f) {
  Thread* client = current_thread();
  // (A thread killed or interrupted while it ran on this hart ends on the
  // general path.)
  if (!fits(f) || sched::resched_pending() || client->attention) return nullptr;
  ChannelEnd* end = find_object<ChannelEnd>(f.x[kA0], abi::rights::kWrite);
  if (!end) return nullptr;
  ChannelEnd* target = end->peer();
  if (!target) return nullptr;
  Thread* server = first_waiter(target->receivers());
  if (!server && target->port()) server = first_waiter(target->port()->waiters());
  if (!server || server->priority < client->priority || !may_run_here(server)) return nullptr;
  if (has_extras(f.x[kA1]) && !move_extras(*server, *client, f.x[kA1], target)) return nullptr;

  List::remove(&server->queue_node);
  // The info as the caller gave it (length and handle count), kind Call.
  copy_message(*server->frame, f.x[kA1] | abi::make_info(0, 0, abi::EventKind::Call), target->badge());
  server->set_ipc_state(IpcState::None);
  server->caller = RefPtr<Thread>(client);
  client->set_ipc_state(IpcState::AwaitingReply);
  client->replier = server;
  park(client);
  return run(client, server);
}

TrapFrame* fastpath_reply_wait(TrapFrame& f) {
  Thread* server = current_thread();
  Thread* client = server->caller.get();
  if (!client || !fits(f) || sched::resched_pending() || server->attention) return nullptr;
  if (client->ipc_state != IpcState::AwaitingReply || client->replier != server || client->interrupt_pending) {
    return nullptr;  // (an interrupted client resumes by the general path, which raises it)
  }
  if (client->priority < server->priority || !may_run_here(client)) return nullptr;
  Port* port = find_object<Port>(f.x[kA0], abi::rights::kRead);
  if (!port || port->has_items()) return nullptr;
  if (has_extras(f.x[kA1]) && !move_extras(*client, *server, f.x[kA1], nullptr)) return nullptr;

  // The client is blocked, not dead: the scheduler's reference outlives this one.
  server->caller.reset();
  copy_message(*client->frame, f.x[kA1], 0);
  client->set_ipc_state(IpcState::None);
  client->replier = nullptr;
  // The server waits first in line: the most recently active thread is the
  // one whose cache and TLB entries are warm.
  server->set_ipc_state(IpcState::Receiving);
  port->waiters().list().push_front(&server->queue_node);
  park(server);
  return run(server, client);
}

}  // namespace

TrapFrame* ipc_general_path(TrapFrame* frame);

// The IPC waits (call, reply_wait, port_wait, channel_recv), from trap.S:
// the fast path first, here so that it is inlined. Returns the frame to
// resume: the caller's or, when IPC switched threads, the other thread's.
// It returns with the big lock held: trap.S releases it once it has left
// this thread's stack, which another hart may free as soon as it gets the
// lock (the thread parked here could be killed there).
extern "C" TrapFrame* ipc_dispatch(TrapFrame* frame) {
  smp::lock_kernel();
  uint64_t number = frame->x[kA7];
  TrapFrame* next = nullptr;
  if (number == static_cast<uint64_t>(abi::Syscall::ChannelCall)) next = fastpath_call(*frame);
  else if (number == static_cast<uint64_t>(abi::Syscall::ReplyWait)) next = fastpath_reply_wait(*frame);
  if (!next) return ipc_general_path(frame);
  return next;
}

}  // namespace kernel
