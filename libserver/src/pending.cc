#include "server/pending.h"

#include <string.h>

namespace server {

Status Parked::park(Call& call, Server& server, uint16_t ordinal, uint32_t bulk_size) {
  if (parked()) return Error::BadState;
  auto reply = call.defer();
  if (!reply) return reply.error();
  auto key = server.add(*reply, this);
  if (!key) {
    // Without a watch the caller could not be seen to go: answer now.
    reply_ = *reply;
    ordinal_ = ordinal;
    (void)fail(key.error());
    return key.error();
  }
  server_ = &server;
  key_ = *key;
  reply_ = *reply;
  ordinal_ = ordinal;
  bulk_size_ = bulk_size;
  return {};
}

void Parked::copy(ipc::Message& to, const ipc::Message& from) {
  to.bytes = from.bytes;
  to.handle_count = from.handle_count;
  memcpy(to.handles, from.handles, sizeof to.handles);
  memcpy(to.data, from.data, from.bytes < sizeof to.data ? from.bytes : sizeof to.data);
}

Status Parked::send_built(ipc::Message& message) {
  if (reply_ == ipc::kInvalidHandle) return Error::BadState;
  TRY(ipc::reply(reply_, message));
  // The answer closed the reply handle.
  if (server_) server_->remove(key_, false);
  server_ = nullptr;
  key_ = 0;
  reply_ = ipc::kInvalidHandle;
  return {};
}

Status Parked::fail(Error error) {
  return send([&](ipc::Message& message) { idl::wire::reply_error(message, ordinal_, error); });
}

void Parked::drop() {
  if (reply_ == ipc::kInvalidHandle) return;
  if (server_) server_->remove(key_);  // closes the handle: the caller gets PeerClosed
  else (void)ipc::close(reply_);
  server_ = nullptr;
  key_ = 0;
  reply_ = ipc::kInvalidHandle;
}

Result<ipc::Handle> Parked::hand_over() {
  if (reply_ == ipc::kInvalidHandle) return Error::BadState;
  ipc::Handle reply = reply_;
  if (server_) server_->remove(key_, false);
  server_ = nullptr;
  key_ = 0;
  reply_ = ipc::kInvalidHandle;
  return reply;
}

void Parked::on_closed() {
  // The server closes the handle after this returns.
  server_ = nullptr;
  key_ = 0;
  reply_ = ipc::kInvalidHandle;
  on_gone();
}

}  // namespace server
