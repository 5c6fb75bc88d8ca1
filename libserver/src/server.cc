#include "server/server.h"

#include <utility>

#include "ipc/syscall.h"
#include "wire.idl.h"

namespace server {

namespace {

void reject(ipc::Message& message, Error error) {
  HandleCloser closer;
  idl::wire::reject(closer, message, error);
}

void close_handles(const ipc::Message& message) {
  HandleCloser closer;
  idl::wire::drop_handles(closer, message.handles, message.handle_count);
}

Status send_reply(const ipc::Message& message) {
  return ipc::reply(ipc::detail::info_of(message), ipc::detail::register_words(message));
}

// The kernel refused a reply: it sent nothing (a bad handle in it, say), so
// we still hold the call and the reply's handles. The caller gets the error
// instead of waiting for good.
void refuse(ipc::Message& message, uint16_t ordinal, Error error) {
  close_handles(message);
  idl::wire::reply_error(message, ordinal, error);
  (void)send_reply(message);
}

}  // namespace

Result<ipc::Handle> Call::defer() {
  auto handle = ipc::defer();
  if (handle) deferred_ = true;
  return handle;
}

void Source::on_call(Call& call) { reject(call.message(), Error::NoSyscall); }

void Source::on_event(const ipc::Event& event) {
  if (event.handle_count() == 0) return;
  close_handles(ipc::take(event));
}

Server::~Server() {
  slots_.for_each([](Key, Slot& slot) {
    (void)ipc::close(slot.handle);
    if (slot.owned) slot.source->dispose();
  });
  if (port_ != ipc::kInvalidHandle) (void)ipc::close(port_);
}

Status Server::init(Threads threads) {
  auto port = ipc::port_create();
  if (!port) return port.error();
  port_ = *port;
  threaded_ = threads == Threads::AsNeeded;
  return {};
}

Result<Key> Server::add(ipc::Handle handle, Source* source, bool owned) {
  auto key = slots_.insert(Slot{handle, source, owned});
  if (!key) return key.error();
  Status bound = ipc::port_bind(port_, handle, *key);
  if (!bound) {
    slots_.erase(*key);
    return bound.error();
  }
  return *key;
}

Result<Key> Server::add_irq(ipc::Handle irq, Source* source) {
  auto key = slots_.insert(Slot{irq, source, false});
  if (!key) return key.error();
  int64_t bound = sys::irq_bind(irq, port_, *key);
  if (sys::failed(bound)) {
    slots_.erase(*key);
    return sys::error_of(bound);
  }
  return *key;
}

Result<ipc::Handle> Server::add_channel(Source* owned, Key* key_out) {
  if (!owned) return Error::NoMemory;
  // The slot first: its key is the badge the kernel binds the end with.
  auto key = slots_.insert(Slot{ipc::kInvalidHandle, owned, true});
  auto ends = key ? ipc::channel_create_bound(port_, *key) : Result<ipc::ChannelPair>(key.error());
  if (!ends) {
    if (key) slots_.erase(*key);
    owned->dispose();
    return ends.error();
  }
  slots_.find(*key)->handle = ends->b;
  if (key_out) *key_out = *key;
  return ends->a;
}

void Server::remove(Key key, bool close_handle) {
  ipc::Handle handle = forget(key);
  if (close_handle) close_now(handle);
}

ipc::Handle Server::forget(Key key) {
  Slot* slot = slots_.find(key);
  if (!slot) return ipc::kInvalidHandle;
  Slot gone = *slot;
  slots_.erase(key);
  if (gone.owned) gone.source->dispose();
  return gone.handle;
}

Source* Server::find(Key key) {
  Slot* slot = slots_.find(key);
  return slot ? slot->source : nullptr;
}

void Server::stop(int status) {
  stopped_ = true;
  status_ = status;
}

bool Server::done() const { return stopped_ || slots_.size() == 0; }

int Server::run() {
  // Everything a client needs is set up by now (a device registered, an end
  // served): a supervisor waiting for this service may go on.
  ipc::announce_ready();
  if (!threaded_) return serve();
  threads_.run();  // serve_thread ends the process
  return status_;
}

void Server::serve_thread(void* server) {
  int status = static_cast<Server*>(server)->serve();
  sys::process_exit(status);
}

int Server::serve() {
  ipc::Event event = ipc::port_wait(port_);
  for (;;) {
    woke();
    // The handle of a source that ended: the next wait closes it.
    ipc::Handle gone = ipc::kInvalidHandle;
    if (!event.ok()) {
      // The wait itself failed: nothing was received. Only a broken port
      // fails a wait for good.
      if (event.error() == Error::BadHandle) return 1;
    } else if (event.kind() == abi::EventKind::Call) {
      if (serve_call(event)) continue;
    } else {
      gone = dispatch(event);
      if (answer_held_) {
        answer_held_ = false;
        close_now(std::exchange(gone, ipc::kInvalidHandle));
        if (answer_call(event, ipc::buffer())) continue;
      }
    }
    // Checked before waiting: the last source may have just gone.
    if (done()) {
      close_now(gone);
      return status_;
    }
    if (!about_to_wait()) {
      close_now(std::exchange(gone, ipc::kInvalidHandle));
      threads_.idle();
    }
    event = gone != ipc::kInvalidHandle ? ipc::close_and_wait(gone, port_) : ipc::port_wait(port_);
  }
}

void Server::close_now(ipc::Handle handle) {
  if (handle != ipc::kInvalidHandle) (void)ipc::close(handle);
}

bool Server::serve_call(ipc::Event& event) {
  ipc::Message& message = ipc::take(event);
  Call call(message, event.badge);
  if (Source* source = find(event.badge)) {
    source->on_call(call);
  } else {
    reject(message, Error::BadHandle);  // a stale badge: that client or file is gone
  }
  if (call.deferred()) return false;
  return answer_call(event, message);
}

// (Inlined: every call a server answers comes this way.)
[[gnu::always_inline]] inline bool Server::answer_call(ipc::Event& event, ipc::Message& message) {
  if (done()) {
    (void)send_reply(message);
    return false;
  }
  uint16_t ordinal = idl::wire::request_ordinal(message);
  if (!about_to_wait()) {  // another thread waits on the port
    if (Status sent = send_reply(message); !sent) refuse(message, ordinal, sent.error());
    threads_.idle();
    event = ipc::port_wait(port_);
    return true;
  }
  event = ipc::reply_wait(port_, message);
  if (event.ok()) return true;
  refuse(message, ordinal, event.error());
  event = ipc::port_wait(port_);
  return true;
}

void Server::answer(ipc::Handle reply, ipc::Message& message) {
  if (reply == ipc::kInvalidHandle) return;
  if (ipc::resume(reply)) {
    answer_held_ = true;
    return;
  }
  if (ipc::reply(reply, message)) return;
  close_handles(message);
  (void)ipc::close(reply);
}

ipc::Handle Server::dispatch(const ipc::Event& event) {
  Slot* slot = slots_.find(event.badge);
  if (!slot) {
    if (event.handle_count() != 0) close_handles(ipc::take(event));
    return ipc::kInvalidHandle;
  }
  Source* source = slot->source;
  if (event.kind() == abi::EventKind::PeerClosed) {
    source->on_closed();
    return forget(event.badge);
  }
  if (event.kind() == abi::EventKind::ProcessExit) {
    source->on_exit(static_cast<int64_t>(event.words[0]));
    return forget(event.badge);
  }
  source->on_event(event);
  return ipc::kInvalidHandle;
}

}  // namespace server
