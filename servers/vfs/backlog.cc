#include "backlog.h"

#include <string.h>

#include <new>

#include "server.h"
#include "session.h"
#include "wire.idl.h"

namespace vfs {

QueuedCall::~QueuedCall() {
  for (uint32_t i = 0; i < handle_count_; ++i) (void)ipc::close(handles_[i]);
  delete[] bytes_;
}

bool QueuedCall::take(const ipc::Message& request) {
  bytes_ = new (std::nothrow) uint8_t[request.bytes ? request.bytes : 1];
  if (!bytes_) return false;
  memcpy(bytes_, request.data, request.bytes);
  size_ = request.bytes;
  handle_count_ = request.handle_count;
  memcpy(handles_, request.handles, sizeof(ipc::Handle) * handle_count_);
  return true;
}

void QueuedCall::serve() {
  (void)send([&](ipc::Message& message) {
    memcpy(message.data, bytes_, size_);
    message.bytes = size_;
    memcpy(message.handles, handles_, sizeof(ipc::Handle) * handle_count_);
    message.handle_count = handle_count_;
    handle_count_ = 0;  // the request's handlers own them now
    serve_request(server_, session_, message, *this);
  });
  // Answered; or handed over to a file system; or the caller went
  // meanwhile, and on_gone left it to us.
  if (parked()) drop();
  backlog_.forget(this, false);
  delete this;
}

QueuedCall* QueuedCall::serving() {
  serving_ = true;
  return this;
}

void QueuedCall::on_gone() {
  if (serving_) return;  // serve() is using it
  backlog_.forget(this, true);
  delete this;
}

// Bound only while requests are parked: a vfs whose sessions have all gone
// ends (Server::run), and a bound backlog would keep it serving.
Status Backlog::start() {
  auto ends = ipc::channel_create();
  if (!ends) return ends.error();
  auto key = server_.loop().add(ends->a, this);
  if (!key) {
    (void)ipc::close(ends->a);
    (void)ipc::close(ends->b);
    return key.error();
  }
  key_ = *key;
  bell_ = ends->b;
  return {};
}

void Backlog::stop() {
  server_.loop().remove(key_);
  (void)ipc::close(bell_);
  key_ = 0;
  bell_ = ipc::kInvalidHandle;
  rung_ = false;
}

bool Backlog::park(server::Call& call, Account* account) {
  if (account->queued == Server::kQueuedPerAccount) return false;
  if (bell_ == ipc::kInvalidHandle && !start()) return false;
  auto* queued = new (std::nothrow) QueuedCall(*this, server_, account, call.source());
  if (!queued || !queued->take(call.message())) {
    delete queued;
    return false;
  }
  uint16_t ordinal = call.message().bytes >= 8 ? idl::wire::request_ordinal(call.message()) : 0;
  if (!queued->park(call, server_.loop(), ordinal)) {
    // Not deferred: the caller is served now. Deferred but not watched: it
    // was answered with the error already.
    bool deferred = call.deferred();
    delete queued;
    return deferred;
  }
  // Its handles are the copy's now: the loop must not close them.
  call.message().handle_count = 0;
  if (account->queue_tail) account->queue_tail->next = queued;
  else account->queue = queued;
  account->queue_tail = queued;
  ++account->queued;
  ++parked_;
  return true;
}

void Backlog::forget(QueuedCall* call, bool in_queue) {
  Account* account = call->account();
  if (in_queue) {
    QueuedCall** link = &account->queue;
    QueuedCall* previous = nullptr;
    while (*link != call) {
      previous = *link;
      link = &(*link)->next;
    }
    *link = call->next;
    if (account->queue_tail == call) account->queue_tail = previous;
  }
  --account->queued;
  --parked_;
  server_.release_account(account);
}

void Backlog::wake(Account* account) {
  if (!account->ready) {
    account->ready = true;
    account->next_ready = ready_;
    ready_ = account;
  }
  if (rung_) return;
  uint64_t words[4] = {};
  rung_ = ipc::channel_send(bell_, 0, words).ok();
}

void Backlog::on_event(const ipc::Event& event) {
  server::Source::on_event(event);
  rung_ = false;
  while (Account* account = ready_) {
    ready_ = account->next_ready;
    // Serving lets the lock go: other threads may park and wake meanwhile,
    // so the queue and the room are read again each time. The account
    // stays `ready` until then: it is not freed, and a wake finds it served.
    while (account->queue && server_.has_room(account)) {
      QueuedCall* next = account->queue;
      account->queue = next->next;
      if (!account->queue) account->queue_tail = nullptr;
      next->serving()->serve();
    }
    account->ready = false;
    server_.release_account(account);
  }
  if (parked_ == 0 && key_) stop();
}

}  // namespace vfs
