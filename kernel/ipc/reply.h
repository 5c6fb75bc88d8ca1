// A parked call (a deferred reply). A server that cannot answer a call yet
// (a read waiting for input, a disk request in flight) turns the call it
// holds into a Reply object with reply_defer, and is free to take other
// calls; later any thread of it answers through the Reply handle with
// reply. The caller keeps waiting as for any call: its deadline, a kill or
// the server's death end the wait as before. The server learns that a
// caller gave up by binding the Reply to a port (a PeerClosed packet).
#pragma once

#include <cstdint>

#include "ipc/port_binding.h"
#include "object/object.h"
#include "object/ref_ptr.h"

namespace kernel {

class Thread;
struct TrapFrame;

class Reply final : public KernelObject {
 public:
  // Parks the call server holds: the Reply takes over server's reference
  // to the caller. Fails with BadState if server holds no call.
  static Result<Reply*> park(Thread& server);
  // Gives the call back to the server it was parked from (no handle could
  // be made for the Reply).
  void unpark(Thread& server);
  // Makes the parked call server's held call again (reply_resume), so that
  // reply_wait answers it and switches straight to the caller: any thread
  // of the process may take it, as any may answer it. BadState if it was
  // answered already or server holds a call.
  Status resume(Thread& server);
  ~Reply() override;

  // Answers the parked call with the message in frame (a1 info, a2..a5, the
  // IPC buffer of `sender`). BadState if it was answered already.
  Status answer(Thread& sender, const TrapFrame& frame);

  // The caller stopped waiting (timed out, killed): tell the bound port.
  void caller_gone();
  void bind(Port& port, uint64_t badge);
  // Nobody can answer any more: the caller is told PeerClosed.
  void on_last_handle_closed() override;

 private:
  Reply() : KernelObject(ObjectType::Reply, sizeof(Reply)) {}
  template <typename T, typename... Args>
  friend T* make_object(Args&&... args);

  RefPtr<Thread> caller_;  // until answered
  bool caller_waiting_ = true;
  PortBinding binding_;
};

template <>
struct ObjectTypeOf<Reply> {
  static constexpr ObjectType value = ObjectType::Reply;
};

}  // namespace kernel
