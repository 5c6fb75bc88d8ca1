#include "ipc/reply.h"

#include "debug/console.h"
#include "ipc/transfer.h"
#include "object/thread.h"
#include "object/thread_interrupt.h"
#include "sched/scheduler.h"

namespace kernel {

Result<Reply*> Reply::park(Thread& server) {
  if (!server.caller) return Error::BadState;
  Reply* reply = make_object<Reply>();
  if (!reply) return Error::NoMemory;
  reply->caller_ = std::move(server.caller);
  Thread* caller = reply->caller_.get();
  if (caller->ipc_state == IpcState::AwaitingReply && caller->replier == &server) {
    caller->replier = nullptr;
    caller->parked_in = reply;
    // An interrupt that waited for the call to become abandonable.
    if (caller->interrupt_pending && caller->state == ThreadState::Blocked) end_wait_for_interrupt(*caller);
  } else {
    reply->caller_waiting_ = false;  // it gave up already
  }
  return reply;
}

void Reply::unpark(Thread& server) {
  KASSERT(caller_ && !server.caller);
  if (caller_->parked_in == this) {
    caller_->parked_in = nullptr;
    caller_->replier = &server;
  }
  server.caller = std::move(caller_);
}

Status Reply::resume(Thread& server) {
  if (!caller_ || server.caller) return Error::BadState;
  unpark(server);
  return {};
}

Reply::~Reply() {
  if (caller_ && caller_->parked_in == this) caller_->parked_in = nullptr;
}

Status Reply::answer(Thread& sender, const TrapFrame& frame) {
  if (!caller_) return Error::BadState;
  TRY(send_reply(sender, *caller_, caller_->parked_in == this, frame));
  caller_.reset();
  return {};
}

void Reply::caller_gone() {
  caller_waiting_ = false;
  binding_.post();
}

void Reply::bind(Port& port, uint64_t badge) {
  binding_.bind(port, abi::EventKind::PeerClosed, badge);
  if (caller_ && !caller_waiting_) binding_.post();
}

void Reply::on_last_handle_closed() {
  binding_.unbind();
  if (!caller_ || caller_->parked_in != this) return;
  // Nobody is left to answer: the caller must not wait forever.
  caller_->parked_in = nullptr;
  sched::wake(caller_.get(), Error::PeerClosed);
}

}  // namespace kernel
