// One client's file-system calls past vfs's limit of calls in flight wait
// in vfs's backlog and are served as earlier ones end: none fails with
// ShouldWait (which stat() would turn into EAGAIN). Opens made meanwhile,
// which vfs hands to the file system (openFor) rather than calls, reach it
// too, whether straight or from the backlog.
#include "directory_only_fs.h"
#include "ipc/open_flags.h"
#include "vfstest.h"
#include "wire.idl.h"

namespace vfstest {

namespace {

constexpr int kClients = 12;
constexpr int kOpens = 2;  // the last clients open; the others stat
constexpr int kLimit = 8;  // vfs::Server::kCallsPerAccount

// Holds the calls that come until it holds kLimit at once (so vfs provably
// has its limit in flight), then answers them all, and every later call at
// once, with NotFound; answers every open at once with NotFound too.
struct CrowdFs : DirectoryOnlyFs {
  ipc::Handle server_end = ipc::kInvalidHandle;
  Status answered;  // the mount check's reply
  int most_held = 0;
  int calls = 0;
  int opens = 0;

  template <class P, class R>
  Status open_for(const P&, R&) {
    ++opens;
    return Error::NotFound;
  }

  static void run(void* self) { static_cast<CrowdFs*>(self)->serve(); }

  static Status refuse(ipc::Handle parked, uint16_t ordinal) {
    ipc::Message& m = ipc::buffer();
    idl::wire::reply_error(m, ordinal, Error::NotFound);
    return parked ? ipc::reply(parked, ipc::detail::info_of(m), ipc::detail::register_words(m))
                  : ipc::reply(ipc::detail::info_of(m), ipc::detail::register_words(m));
  }

  void serve() {
    answered = answer_mount_check(server_end);
    if (!answered) return;
    ipc::Handle held[kLimit];
    uint16_t ordinals[kLimit];
    int holding = 0;
    while (calls + opens < kClients) {
      ipc::Event call = ipc::channel_recv(server_end);
      if (!call.ok()) return;
      if (call.kind() == abi::EventKind::Message) {
        ipc::Message& m = ipc::take(call);
        ipc::Handle reply = idl::fs::dispatch_file_system_message(*this, m);
        if (reply) (void)ipc::reply(reply, m);
        continue;
      }
      ++calls;
      uint16_t ordinal = idl::wire::request_ordinal(ipc::take(call));
      if (most_held == kLimit) {
        (void)refuse(0, ordinal);
        continue;
      }
      auto parked = ipc::defer();
      if (!parked) return;
      held[holding] = *parked;
      ordinals[holding++] = ordinal;
      most_held = holding;
      if (holding < kLimit) continue;
      for (int i = 0; i < holding; ++i) (void)refuse(held[i], ordinals[i]);
    }
  }
};

struct Client {
  ipc::Handle session = ipc::kInvalidHandle;
  ipc::Handle done = ipc::kInvalidHandle;  // where it reports
  bool opens = false;                      // else it stats
  Status answer;

  static void run(void* self) {
    auto* c = static_cast<Client*>(self);
    {
      Session s(c->session);
      ipc::Handle file;
      idl::fs::Stat stat;
      c->answer = c->opens ? s.vfs.open("/crowd/x", ipc::open_flags::kReadOnly, 0, file, stat)
                           : s.vfs.stat("/crowd/x", stat);
    }
    uint64_t words[4] = {};
    (void)ipc::channel_send(c->done, 0, words);
  }
};

}  // namespace

int backlog() {
  return in_world("backlog", [](Check& c, World& w) {
    VfsClient& vfs = w.vfs();
    c.ok(vfs.mkdir("/crowd", 0755), "mkdir /crowd");
    // One client: a session of its own account, with a private copy of the
    // tree where it mounts the file system; its sessions share the account.
    ipc::Handle end;
    if (!c.ok(vfs.clone(false, end), "clone a client's session")) return;
    Session client(end);
    if (!c.ok(client.vfs.clone(true, end), "the client's private copy")) return;
    Session own(end);
    auto pair = ipc::channel_create();
    auto done = ipc::channel_create();
    if (!c.ok(pair.error(), "channel_create") || !c.ok(done.error(), "channel_create")) return;
    static CrowdFs fs;
    fs = CrowdFs{};
    fs.server_end = pair->b;
    auto server = ipc::start_thread(CrowdFs::run, &fs);
    if (!c.ok(server.error(), "start the file system's thread")) return;
    c.ok(own.vfs.mount(pair->a, "/crowd", 0), "mount the file system");
    static Client clients[kClients];
    int started = 0;
    for (Client& client : clients) {
      client = Client{};
      client.done = done->a;
      client.opens = &client - clients >= kClients - kOpens;
      if (!c.ok(own.vfs.clone(false, client.session), "a session for each caller")) break;
      auto thread = ipc::start_thread(Client::run, &client);
      if (!c.ok(thread.error(), "start a caller")) break;
      (void)ipc::close(*thread);
      ++started;
    }
    for (int i = 0; i < started; ++i) (void)ipc::channel_recv(done->b);
    c.expect(fs.most_held == kLimit, "vfs had its limit of calls in flight at once");
    c.expect(fs.calls == kClients - kOpens, "every stat reached the file system");
    c.expect(fs.opens == kOpens, "every open reached the file system");
    for (Client& client : clients) c.is(client.answer, Error::NotFound, "a request past the limit waited for its turn");
    c.ok(own.vfs.umount("/crowd"), "umount");
    (void)ipc::close(pair->b);
    (void)ipc::close(done->a);
    (void)ipc::close(done->b);
    (void)ipc::close(*server);
  });
}

}  // namespace vfstest
