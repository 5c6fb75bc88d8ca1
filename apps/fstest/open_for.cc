// FileSystem.openFor, the open vfs hands to a file system (docs/ipc.md
// "Opens"): this test stands in for vfs. A thread of its own calls open on
// a channel the test serves; the test parks that call and sends the server
// under test an openFor carrying the Reply, well-formed or not, and the
// caller gets its answer from the server directly.
#include <string.h>

#include "fstest.h"
#include "ipc/syscall.h"

namespace fstest {

namespace {

// The caller: FileSystem.open on `end` (ordinal 0, as Vfs.open), whose
// results openFor's answer carries.
struct Caller {
  ipc::Handle end = ipc::kInvalidHandle;
  ipc::Handle done = ipc::kInvalidHandle;  // where it reports
  const char* path = "";
  Status answer;
  ipc::Handle file = ipc::kInvalidHandle;
  Stat stat{};

  static void run(void* self) {
    auto* c = static_cast<Caller*>(self);
    ipc::ChannelTransport transport(c->end);
    c->answer = FileSystemClient(transport).open(c->path, flags::kReadOnly, 0, c->file, c->stat);
    uint64_t words[4] = {};
    (void)ipc::channel_send(c->done, 0, words);
  }
};

// Starts a caller of path, takes its call and parks it, gives the Reply to
// forward(reply), and returns what the caller was answered.
template <class Forward>
Caller call_forwarded(Check& check, const char* path, Forward&& forward) {
  static Caller caller;
  caller = Caller{};
  caller.path = path;
  auto line = ipc::channel_create();
  auto done = ipc::channel_create();
  if (!check.ok(line.error(), "channel_create") || !check.ok(done.error(), "channel_create")) return caller;
  caller.end = line->a;
  caller.done = done->a;
  auto thread = ipc::start_thread(Caller::run, &caller);
  if (check.ok(thread.error(), "start the caller")) {
    ipc::Event call = ipc::channel_recv(line->b);
    auto reply = call.ok() ? ipc::defer() : Result<ipc::Handle>(call.error());
    if (check.ok(reply.error(), "take and park the caller's open")) forward(*reply);
    (void)ipc::channel_recv(done->b);
    (void)ipc::close(*thread);
  }
  for (ipc::Handle h : {line->a, line->b, done->a, done->b}) (void)ipc::close(h);
  return caller;
}

// An openFor of path with reply, built as the client stub builds it.
ipc::Message& open_for_request(const char* path, ipc::Handle reply) {
  ipc::Message& m = ipc::buffer();
  (void)idl::wire::build_request(m, 0, idl::fs::FileSystemOpenForParams{idl::Text(path), flags::kReadOnly, 0, reply});
  return m;
}

}  // namespace

int open_for(FileSystem& fs) {
  Check check("openfor");
  make_file(check, fs, "handed.txt", "handed over");

  Caller opened = call_forwarded(check, "handed.txt", [&](ipc::Handle reply) {
    check.ok(fs.client.open_for("handed.txt", flags::kReadOnly, 0, reply), "send openFor");
  });
  if (check.ok(opened.answer, "the server answers the handed-over open")) {
    check.that(opened.stat.kind == NodeKind::File && opened.stat.size == 11, "with the file's stat");
    File file(opened.file);
    uint8_t bytes[16];
    uint32_t got = 0;
    check.ok(file.read_bytes(0, sizeof bytes, bytes, got), "read through the File channel it answered with");
    check.that(got == 11 && memcmp(bytes, "handed over", 11) == 0, "the file's bytes");
  }

  Caller missing = call_forwarded(check, "missing", [&](ipc::Handle reply) {
    check.ok(fs.client.open_for("missing", flags::kReadOnly, 0, reply), "send openFor");
  });
  check.status(missing.answer, abi::Error::NotFound, "the open's error reaches the caller");

  Caller malformed = call_forwarded(check, "handed.txt", [&](ipc::Handle reply) {
    ipc::Message& m = open_for_request("handed.txt", reply);
    uint32_t path_at;
    memcpy(&path_at, m.data + 8, sizeof path_at);
    m.data[path_at + 1] = 0;  // a NUL inside the path
    check.ok(ipc::send(fs.transport.end(), m), "send a malformed openFor");
  });
  check.status(malformed.answer, abi::Error::Malformed, "a malformed openFor is answered with the error");

  Caller called = call_forwarded(check, "handed.txt", [&](ipc::Handle reply) {
    ipc::Message& m = open_for_request("handed.txt", reply);
    check.status(ipc::call(fs.transport.end(), m), abi::Error::Ok, "call openFor");
    int32_t status;
    memcpy(&status, m.data + 4, sizeof status);
    check.that(status == int32_t(abi::Error::NoSyscall), "a call of openFor is refused with NoSyscall");
  });
  check.status(called.answer, abi::Error::PeerClosed, "and the Reply it carried is closed");

  Stat stat;
  check.ok(fs.client.stat("", stat), "the server still answers");
  return check.failures();
}

}  // namespace fstest
