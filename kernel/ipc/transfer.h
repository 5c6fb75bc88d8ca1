// Moving messages between threads: writing a received item into the
// receiver's registers (TrapFrame) and IPC buffer, moving handles between
// handle tables, replies, and cleaning up when an IPC wait ends early.
#pragma once

#include <cstdint>

#include "result.h"

namespace kernel {

class Thread;
struct AsyncMessage;
struct PortPacket;
struct TrapFrame;

// Each writes a0 = 0, a1 = info, the message registers (a2..a5, t0..t5: the
// first 80 bytes, 0 past the message), a6 = badge in the receiver's frame,
// the payload beyond 80 bytes into its IPC buffer, and handles into its
// table. deliver_call makes the receiver the caller's server.
Status deliver_call(Thread& receiver, Thread& caller, uint64_t badge);
Status deliver_message(Thread& receiver, AsyncMessage& message, uint64_t badge);
void deliver_packet(Thread& receiver, const PortPacket& packet);

// Validates a message the current thread is sending (info, buffer) and moves
// its handles out of its table into `handles`. A message or call names the
// channel end whose queue will hold it (queue_owner): that end cannot
// travel in it, or it would keep itself alive with nobody able to receive
// or close it (InvalidArgument); nor can an object that holds handles
// itself (BadState, KernelObject::holds_handles), or longer cycles would.
struct InFlightHandles;
class KernelObject;
Status take_outgoing(Thread& sender, uint64_t info, InFlightHandles& handles,
                     const KernelObject* queue_owner = nullptr);

// The current thread (a server) answers its caller with the message in
// frame (a1 info, message registers, IPC buffer). The caller is made ready.
Status reply_to_caller(Thread& server, const TrapFrame& frame);
// The reply in frame from sender (the current thread) to caller, which
// gets it if it still waits and answers_wait says the wait is for this
// sender (or Reply). Errors in the reply itself (info, handles) leave
// everything as it was.
Status send_reply(Thread& sender, Thread& caller, bool answers_wait, const TrapFrame& frame);

// The bytes [offset, offset + length) of t's IPC buffer (length > 0; t
// has a buffer) copied from or to, through the kernel addresses of its
// pages (t.ipc_pages, looked up now if not yet: only under the big lock)
// when they lie on one page, else through the address space, which
// reports a fault.
Status read_buffer(Thread& t, uint64_t offset, void* to, uint64_t length);
Status write_buffer(Thread& t, uint64_t offset, const void* from, uint64_t length);

// An IPC wait ended without its event (timeout, kill): undo its state.
void ipc_abort(Thread& thread);
// The thread is dying: fail its caller, drop its pending call.
void ipc_thread_gone(Thread& thread);

}  // namespace kernel
