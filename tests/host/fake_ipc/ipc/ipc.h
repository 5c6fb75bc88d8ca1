// A host stand-in for libipc's ipc.h, for testing libserver's loop
// (tests/host/server_loop_test.cc): the same declarations, but the kernel
// is a script. port_wait and reply_wait hand out the events a test queued;
// replies, closes and binds are recorded for the test to check.
#pragma once

#include <cstddef>
#include <cstdint>
#include <deque>
#include <set>
#include <vector>

#include "abi/syscall.h"
#include "ipc/event.h"
#include "ipc/message.h"
#include "result.h"

namespace ipc {

constexpr uint64_t kForever = ~0ull;

// The scripted kernel.
struct FakeKernel {
  struct Reply {
    uint64_t info;
    std::vector<uint8_t> bytes;  // the register words' bytes
  };
  std::deque<Event> events;       // what the next waits return, in order
  std::vector<Reply> replies;     // every reply sent (reply_wait's and reply's)
  std::set<Handle> closed;
  std::vector<Handle> closed_by_wait;  // handles close_and_wait closed (they are in `closed` too)
  std::vector<std::pair<Handle, uint64_t>> binds;  // (handle, badge)
  Error refuse_next_reply = Error::Ok;  // reply_wait's reply fails with this once
  int reply_waits = 0;                  // replies sent by reply_wait
  std::vector<Handle> resumed;          // parked calls taken back (resume closed them)
  std::vector<Handle> answered;         // parked calls answered with reply(parked, ...)
  Error refuse_resume = Error::Ok;      // resume fails with this (the thread holds a call)
  Handle next_handle = 100;
  int announced = 0;  // announce_ready calls

  static FakeKernel& get() {
    static FakeKernel kernel;
    return kernel;
  }
  void reset() { get() = FakeKernel(); }
  bool ran_out = false;  // a wait found the script empty (a test's mistake)

  Event next() {
    if (events.empty()) {
      ran_out = true;
      return Event{static_cast<int64_t>(Error::BadHandle), 0, {}, 0};  // a broken port ends the loop
    }
    Event e = events.front();
    events.pop_front();
    return e;
  }
};

inline Message& buffer() {
  static Message message;
  return message;
}

namespace detail {
inline uint64_t info_of(const Message& m) { return abi::make_info(m.bytes, m.handle_count); }
inline const uint64_t* register_words(const Message& m) { return reinterpret_cast<const uint64_t*>(m.data); }
}  // namespace detail

inline Message& take(const Event& event) { return detail::take_into(buffer(), event); }

inline Status reply(uint64_t info, const uint64_t words[4]) {
  auto* bytes = reinterpret_cast<const uint8_t*>(words);
  FakeKernel::get().replies.push_back({info, std::vector<uint8_t>(bytes, bytes + 32)});
  return {};
}
inline Event port_wait(Handle, uint64_t = kForever) { return FakeKernel::get().next(); }
inline Event reply_wait(Handle, const Message& message, uint64_t = kForever) {
  FakeKernel& kernel = FakeKernel::get();
  if (kernel.refuse_next_reply != Error::Ok) {
    Error refused = kernel.refuse_next_reply;
    kernel.refuse_next_reply = Error::Ok;
    return Event{static_cast<int64_t>(refused), 0, {}, 0};
  }
  (void)reply(detail::info_of(message), detail::register_words(message));
  ++kernel.reply_waits;
  return kernel.next();
}

inline Result<Handle> defer() { return Error::NoSyscall; }
inline Status reply(Handle parked, const Message& message) {
  FakeKernel::get().answered.push_back(parked);
  return reply(detail::info_of(message), detail::register_words(message));
}
inline Status resume(Handle parked) {
  FakeKernel& kernel = FakeKernel::get();
  if (kernel.refuse_resume != Error::Ok) return kernel.refuse_resume;
  kernel.resumed.push_back(parked);
  return {};
}

struct ChannelPair {
  Handle a;
  Handle b;
};
inline Result<ChannelPair> channel_create() {
  FakeKernel& kernel = FakeKernel::get();
  Handle a = kernel.next_handle++;
  return ChannelPair{a, kernel.next_handle++};
}
inline Result<ChannelPair> channel_create_bound(Handle, uint64_t badge) {
  auto ends = channel_create();
  FakeKernel::get().binds.emplace_back(ends->b, badge);
  return ends;
}
inline Result<Handle> port_create() { return FakeKernel::get().next_handle++; }
inline Status port_bind(Handle, Handle object, uint64_t badge) {
  FakeKernel::get().binds.emplace_back(object, badge);
  return {};
}
inline void announce_ready() { ++FakeKernel::get().announced; }
inline Status close(Handle handle) {
  FakeKernel::get().closed.insert(handle);
  return {};
}
inline Event close_and_wait(Handle closing, Handle port, uint64_t deadline = kForever) {
  FakeKernel::get().closed_by_wait.push_back(closing);
  (void)close(closing);
  return port_wait(port, deadline);
}

}  // namespace ipc
