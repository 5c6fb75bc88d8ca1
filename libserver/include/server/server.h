// server::Server: the loop every Tessera server runs. One port; every
// channel end, IRQ, process and parked call the server watches is a Source
// bound to it with a badge that is its SlotMap key, so a stale badge finds
// nothing. The loop takes an event, hands it to its source, answers calls
// (reply_wait, the fast path) unless the handler parked them, turns a reply
// the kernel refused into an error reply, and forgets a source whose peer
// closed.
//
// A server that calls what a client handed it (a file system anyone may
// mount, a Vfs session passed to spawn) serves with Threads::AsNeeded: its
// handlers run under one lock, and unlocked() makes such a call with the
// lock released and another thread serving the port, so a callee that never
// answers holds up only the request that called it (docs/architecture.md).
//
//   server::Server s;
//   s.add(end, &my_endpoint);   // my_endpoint.on_call dispatches an IDL interface
//   return s.run();
#pragma once

#include <cstdint>

#include "ipc/ipc.h"
#include "ipc/serving_threads.h"
#include "result.h"
#include "server/slot_map.h"

namespace server {

using Key = uint64_t;

// The handler part every IDL dispatcher needs: closes the handles of a
// request it refused.
struct HandleCloser {
  void drop_handles(const ipc::Handle* handles, uint32_t count) {
    for (uint32_t i = 0; i < count; ++i) (void)ipc::close(handles[i]);
  }
};

// A call being served. The request is in message(); the handler leaves the
// reply there, or parks the call with defer() and answers it later.
class Call {
 public:
  Call(ipc::Message& message, Key source) : message_(message), source_(source) {}
  ipc::Message& message() { return message_; }
  Key source() const { return source_; }
  // Parks the call (reply_defer): the loop will not answer it. The handle
  // answers it later (ipc::reply, or server::Pending).
  Result<ipc::Handle> defer();
  bool deferred() const { return deferred_; }

 private:
  ipc::Message& message_;
  Key source_;
  bool deferred_ = false;
};

// Something bound to the server's port.
class Source {
 public:
  virtual ~Source() = default;
  // A call on a channel end. The default refuses it (NoSyscall).
  virtual void on_call(Call& call);
  // An asynchronous message, an interrupt, a process exit. The default
  // closes the handles a message brought.
  virtual void on_event(const ipc::Event& event);
  // The peer end closed (or, for a parked call, the caller stopped
  // waiting). The server forgets the source and closes its handle after.
  virtual void on_closed() {}
  // A process bound here ended with status (its ProcessExit). The server
  // forgets the source and closes the process handle after.
  virtual void on_exit(int64_t /*status*/) {}
  // An owned source is done with (add(..., owned), add_channel): deleted,
  // unless its maker keeps its storage (a Recycler).
  virtual void dispose() { delete this; }
};

// Who serves the port: the thread that calls run(), or as many threads as
// unlocked() calls need (one more than are outstanding at once).
enum class Threads { One, AsNeeded };

class Server {
 public:
  Server() : threads_(serve_thread, this) {}
  Server(const Server&) = delete;
  Server& operator=(const Server&) = delete;
  ~Server();

  // Creates the port; call once before anything else.
  Status init(Threads threads = Threads::One);
  ipc::Handle port() const { return port_; }

  // Binds handle to the port for source; the server owns the handle from
  // now on (it closes it when the source goes). With `owned`, the server
  // also disposes of source then (Source::dispose).
  Result<Key> add(ipc::Handle handle, Source* source, bool owned = false);
  // The same for an Irq: its interrupts come to source->on_event (which
  // acknowledges them with irq_ack when it has served the device).
  Result<Key> add_irq(ipc::Handle irq, Source* source);
  // A new channel served by source (owned, or null when making it failed):
  // returns the client end to hand out, and the source's key in *key if
  // asked. On failure the source is disposed of and both ends closed.
  Result<ipc::Handle> add_channel(Source* owned, Key* key = nullptr);
  // Forgets a source and closes its handle (close_handle false: the handle
  // is gone already, as a parked call's after its answer).
  void remove(Key key, bool close_handle = true);
  Source* find(Key key);
  // From an event's handler: answers reply, the parked call a one-way
  // request named (dispatch_*_message returned it, and left the answer in
  // message, ipc::take's). The thread takes the call back (ipc::resume)
  // and the loop answers it as a call it received, by reply_wait once the
  // handler returns: the answer switches straight to the caller. If the
  // thread holds a call already, it answers at once (ipc::reply). An
  // answer the kernel refuses (a bad handle in it) closes its handles:
  // the caller gets the error, or PeerClosed if the Reply itself was bad.
  // Nothing is done for kInvalidHandle.
  void answer(ipc::Handle reply, ipc::Message& message);
  uint32_t sources() const { return slots_.size(); }
  // At most this many sources at once (each client and open file is one):
  // add() fails with Busy beyond it.
  void set_limit(uint32_t limit) { slots_.set_limit(limit); }

  // Serves events until stop() or until no source is left; returns the
  // status given to stop(), or 0. With Threads::AsNeeded it does not
  // return: the process ends then with that status, as a thread may be
  // held for good in a call that will never be answered.
  int run();
  void stop(int status);

  // Threads::AsNeeded only. From a handler: runs body(), a call to
  // something that may never answer, with the lock released and another
  // thread serving meanwhile; returns what body returns. Anything found
  // before (a source, a table entry) may have gone by then: find it again.
  // NoMemory, without running body, if no thread can be started to serve.
  template <class Body>
  auto unlocked(Body&& body) -> decltype(body()) {
    if (Status left = threads_.leave(); !left) return left.error();
    auto result = body();
    threads_.enter();
    return result;
  }

 private:
  struct Slot {
    ipc::Handle handle;
    Source* source;
    bool owned;
  };
  static void serve_thread(void* server);
  // The loop one thread runs; returns when done().
  int serve();
  // Stopped, or nothing left to serve.
  bool done() const;
  // Serves the call in event. Unless the handler parked it or the server
  // is done, answers it and waits for the next event in one syscall
  // (reply_wait), and returns true with that event in `event`.
  bool serve_call(ipc::Event& event);
  // Answers the call this thread holds with message as serve_call does.
  bool answer_call(ipc::Event& event, ipc::Message& message);
  // With Threads::AsNeeded the lock is held while serving and released
  // while waiting on the port, which one thread at a time does
  // (serving_threads.h): false if this one must idle() before it waits.
  void woke() {
    if (threaded_) threads_.woke();
  }
  bool about_to_wait() { return !threaded_ || threads_.about_to_wait(); }
  // Hands event to its source. A source that ended (PeerClosed,
  // ProcessExit) is forgotten: its handle is returned, for the loop's next
  // wait to close (ipc::close_and_wait: one syscall, not two).
  ipc::Handle dispatch(const ipc::Event& event);
  // Forgets a source (disposing of it if owned); returns its handle, still open.
  ipc::Handle forget(Key key);
  static void close_now(ipc::Handle handle);  // kInvalidHandle: nothing

  ipc::Handle port_ = ipc::kInvalidHandle;
  ipc::ServingThreads threads_;
  bool threaded_ = false;
  // answer() took a parked call back: the loop answers it after the
  // handler (the same thread, before it lets the lock go).
  bool answer_held_ = false;
  SlotMap<Slot> slots_;
  bool stopped_ = false;
  int status_ = 0;
};

}  // namespace server
