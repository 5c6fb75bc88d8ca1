// server::Pending<R>: a call parked by its handler, answered later with the
// results R of its method (or an error), from any thread. While parked it
// is a Source of the server: when the caller stops waiting (timeout, death)
// on_gone runs and the Pending is spent.
//
//   Status read(const FileReadParams& in, FileReadResults& out) {
//     if (nothing_yet) return pending_.park(call, server, FileReadParams::kOrdinal);
//     ...
//   }
//   later: pending_.answer(results);
#pragma once

#include <cstdint>

#include "ipc/ipc.h"
#include "result.h"
#include "server/server.h"
#include "wire.idl.h"

namespace server {

// The untyped part: parking, the caller's going, the error answer.
class Parked : public Source {
 public:
  Parked() = default;
  Parked(const Parked&) = delete;
  Parked& operator=(const Parked&) = delete;
  ~Parked() override { drop(); }

  // Parks call, whose request had this ordinal. Its handler must then
  // return (the loop sees the call is deferred and does not answer it).
  Status park(Call& call, Server& server, uint16_t ordinal, uint32_t bulk_size = 0);
  bool parked() const { return key_ != 0; }
  // Answers with an error (the caller's call fails with it).
  Status fail(Error error);
  // Drops the call unanswered: the caller's call fails with PeerClosed.
  void drop();
  // Hands the Reply over to whoever will answer it (another server, in a
  // message): the Pending is spent, and no longer watches the caller. The
  // handle stays bound to this server's port, whose event for the caller's
  // going then finds no source.
  Result<ipc::Handle> hand_over();

  // The caller stopped waiting; the Pending is spent.
  virtual void on_gone() {}

 protected:
  // Builds the reply with build(message) in this thread's IPC buffer and
  // sends it; the Pending is spent. Whatever the buffer held (the request
  // of a call being served, when a handler answers a parked call) is kept.
  // The reply is built from an empty buffer: a reply's tail goes after the
  // bytes the buffer holds (for results that view the request), and after
  // a long request being served a long answer would not fit. So results
  // answered here must not view this thread's IPC buffer.
  template <class Build>
  Status send(Build&& build) {
    ipc::Message& message = ipc::buffer();
    ipc::Message saved;
    copy(saved, message);
    message.bytes = 0;
    message.handle_count = 0;
    build(message);
    Status sent = send_built(message);
    copy(message, saved);
    return sent;
  }
  // Answers with results R of the parked method.
  template <class R>
  Status answer_as(const R& results) {
    return send([&](ipc::Message& message) {
      struct {
        void drop_handles(const ipc::Handle* handles, uint32_t count) {
          for (uint32_t i = 0; i < count; ++i) (void)ipc::close(handles[i]);
        }
      } closer;
      idl::wire::write_reply(closer, message, ordinal_, bulk_size_, results);
    });
  }
  uint16_t ordinal_ = 0;
  uint32_t bulk_size_ = 0;

 private:
  void on_closed() final;
  static void copy(ipc::Message& to, const ipc::Message& from);
  Status send_built(ipc::Message& message);
  Server* server_ = nullptr;
  Key key_ = 0;
  ipc::Handle reply_ = ipc::kInvalidHandle;
};

template <class R>
class Pending : public Parked {
 public:
  // Answers with results (views in them must point at memory that is still
  // valid, outside this thread's IPC buffer; they are copied into the reply
  // here).
  Status answer(const R& results) { return answer_as(results); }
};

}  // namespace server
