// Memory that is charged when it is made never faults for want of frames,
// even when none is left: the top of a main thread's stack (charged when
// the program is loaded, abi::kUserStackCharged) and a membuf (charged in
// full when created, with the page tables of each mapping when mapped).
#include <string.h>

#include "ipc/ipc.h"
#include "ipc/process.h"
#include "ktest.h"

namespace ktest {

namespace {

// Just under the charged top: 28 frames of 4 KiB, plus what main took.
constexpr int kDepth = 28;
constexpr uint64_t kMembufBytes = 1 << 20;

int use_stack(int depth) {
  volatile char pad[4096];
  pad[0] = char(depth);
  pad[sizeof pad - 1] = char(depth);
  return depth == 0 ? pad[0] : use_stack(depth - 1) + pad[sizeof pad - 1];
}

// Everything mem_map will still charge, in shrinking chunks.
struct Hoard {
  static constexpr size_t kMax = 4096;
  uint64_t address[kMax];
  uint64_t size[kMax];
  size_t count = 0;

  void take_all() {
    for (uint64_t chunk = 4 << 20; chunk >= 4096; chunk /= 4) {
      while (count < kMax) {
        int64_t region = sys::mem_map(chunk, abi::kProtRead | abi::kProtWrite);
        if (sys::failed(region)) break;
        address[count] = uint64_t(region);
        size[count++] = chunk;
      }
    }
  }
  void give_back() {
    for (size_t i = 0; i < count; ++i) (void)sys::mem_unmap(address[i], size[i]);
    count = 0;
  }
};

Hoard hoard;

// Makes a membuf of kMembufBytes, backs every page and closes it: its page
// array goes back to the kernel heap full of frame numbers.
bool use_and_drop_membuf() {
  int64_t buffer = sys::membuf_create(kMembufBytes, 0, 0);
  if (sys::failed(buffer)) return false;
  int64_t address = sys::membuf_map(ipc::Handle(buffer), 0, 0, kMembufBytes, abi::kProtRead | abi::kProtWrite);
  if (!sys::failed(address)) {
    auto* bytes = reinterpret_cast<volatile uint8_t*>(address);
    for (uint64_t at = 0; at < kMembufBytes; at += 4096) bytes[at] = 1;
    (void)sys::mem_unmap(uint64_t(address), kMembufBytes);
  }
  (void)ipc::close(ipc::Handle(buffer));
  return !sys::failed(address);
}

}  // namespace

// Child role: waits for the word, then uses kDepth pages of stack.
int stack_user(int, char**) {
  auto handles = ipc::startup_handles();
  if (handles.empty()) return 2;
  ipc::Event e = ipc::channel_recv(handles[0]);
  if (!e.ok()) return 3;
  return use_stack(kDepth) == kDepth * (kDepth + 1) / 2 ? 0 : 4;
}

// Child role: maps the membuf (handle 1), answers the call, then waits for
// the word and touches every page of it.
int membuf_user(int, char**) {
  auto handles = ipc::startup_handles();
  if (handles.size() < 2) return 2;
  ipc::Event e = ipc::channel_recv(handles[0]);
  if (!e.ok()) return 3;
  int64_t address = sys::membuf_map(handles[1], 0, 0, kMembufBytes, abi::kProtRead | abi::kProtWrite);
  uint64_t mapped[4] = {uint64_t(!sys::failed(address)), 0, 0, 0};
  if (!ipc::reply(8, mapped).ok() || sys::failed(address)) return 4;
  e = ipc::channel_recv(handles[0]);
  if (!e.ok()) return 5;
  auto* bytes = reinterpret_cast<volatile uint8_t*>(address);
  for (uint64_t at = 0; at < kMembufBytes; at += 4096) bytes[at] = 1;
  return 0;
}

int test_membuf_charge() {
  const char* t = "membufcharge";
  int64_t buffer = sys::membuf_create(kMembufBytes, 0, 0);
  auto pair = ipc::channel_create();
  if (!check(!sys::failed(buffer) && bool(pair), t, "membuf_create and channel_create")) return 1;
  const char* argv[] = {"ktest", "membufuser"};
  ipc::Handle handles[] = {pair->b, ipc::Handle(buffer)};
  auto child = ipc::spawn(argv, handles);
  if (!check(bool(child), t, "spawn the membuf user")) return 1;
  uint64_t word[4] = {1, 0, 0, 0};
  ipc::Event mapped = ipc::call(pair->a, 8, word);
  bool ready = mapped.ok() && mapped.words[0] == 1;
  bool dropped = use_and_drop_membuf();
  hoard.take_all();
  // Refused for want of memory after its page array came from the heap
  // (likely the one just dropped): it must free no frame it never had.
  int64_t same_size = sys::membuf_create(kMembufBytes, 0, 0);
  // One page more than is left to charge (a few frames may stay, too few
  // for the page tables of another mapping).
  uint64_t left = sys::kernel_memory().free_frames;
  int64_t refused = sys::membuf_create((left + 1) * 4096, 0, 0);
  bool sent = ipc::channel_send(pair->a, 8, word).ok();
  int64_t status = ipc::wait(*child);
  hoard.give_back();
  if (!sys::failed(refused)) (void)ipc::close(ipc::Handle(refused));
  if (!sys::failed(same_size)) (void)ipc::close(ipc::Handle(same_size));
  (void)ipc::close(*child);
  (void)ipc::close(pair->a);
  printf("membufcharge: the child ended with %ld\n", long(status));
  if (!check(ready && sent, t, "the child did not map the buffer")) return 1;
  if (!check(refused == int64_t(abi::Error::NoMemory), t, "a membuf was made larger than the memory left")) return 1;
  if (!check(dropped && same_size == int64_t(abi::Error::NoMemory), t, "a membuf was made with no memory left")) return 1;
  if (!check(status == 0, t, "the child did not touch its charged buffer cleanly")) return 1;
  printf("PASS %s\n", t);
  return 0;
}

int test_stack_charge() {
  const char* t = "stackcharge";
  auto pair = ipc::channel_create();
  if (!check(bool(pair), t, "channel_create")) return 1;
  const char* argv[] = {"ktest", "stackuser"};
  auto child = ipc::spawn(argv, {&pair->b, 1});
  if (!check(bool(child), t, "spawn the stack user")) return 1;
  hoard.take_all();
  uint64_t left = sys::kernel_memory().free_frames;
  // The child needs nothing more to receive the word and use its stack.
  uint64_t word[4] = {1, 0, 0, 0};
  bool sent = ipc::channel_send(pair->a, 8, word).ok();
  int64_t status = ipc::wait(*child);
  hoard.give_back();
  (void)ipc::close(*child);
  (void)ipc::close(pair->a);
  printf("stackcharge: %lu frames free while the child used its stack; it ended with %ld\n", (unsigned long)left,
         long(status));
  if (!check(sent, t, "send the word")) return 1;
  if (!check(status == 0, t, "the child did not use its stack's charged top cleanly")) return 1;
  printf("PASS %s\n", t);
  return 0;
}

}  // namespace ktest
