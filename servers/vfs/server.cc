#include "server.h"

#include <stdlib.h>
#include <string.h>

#include <new>
#include <string_view>

#include "ipc/open_flags.h"
#include "ipc/syscall.h"
#include "ipc/transport.h"

namespace vfs {

namespace {

using idl::fs::NodeKind;

idl::Text text_of(std::string_view s) { return {s.data(), static_cast<uint32_t>(s.size())}; }

uint64_t badge_of(uint32_t index, uint32_t generation) { return uint64_t{generation} << 32 | index; }

// vfs's FileSystem clients build requests in this thread's IPC buffer, over
// the client's request: handlers copy the request's paths (PathText) before
// they call a file system, and the reply to the client is written afresh.
using FsTransport = ipc::ChannelTransport;
using FsClient = idl::fs::FileSystemClient<FsTransport>;

// A request's path, copied out of the request (which the calls to file
// systems overwrite).
struct PathText {
  explicit PathText(idl::Text text) : size(text.size) { memcpy(bytes, text.data, text.size); }
  std::string_view view() const { return {bytes, size}; }
  char bytes[kPathMax];  // the IDL bounds every path by kPathMax
  size_t size;
};

// The mount flags vfs knows: none yet.
constexpr uint32_t kKnownMountFlags = 0;

}  // namespace

template <class Body>
Status Server::unlocked(uint32_t account, Body&& body) {
  Account& charged = accounts_[account];
  if (!charged.unlimited && charged.calls == kCallsPerAccount) return Error::ShouldWait;
  ++charged.calls;
  if (Status left = threads_.leave(); !left) {
    --accounts_[account].calls;
    return left;
  }
  Status status = body();
  threads_.enter();
  --accounts_[account].calls;
  release_account(account);
  return status;
}

// The Vfs handlers for one request on one session (idl::vfs::dispatch_vfs
// calls them after checking the message). They run locked, and release the
// lock only inside a call to a file system (call()); after one, the session
// is looked up again, since it may have gone meanwhile.
class Server::Requests {
 public:
  Requests(Server& server, uint64_t badge, uint32_t account) : server_(server), badge_(badge), account_(account) {}

  Status open(const idl::vfs::VfsOpenParams& in, idl::vfs::VfsOpenResults& out) {
    PathText text(in.path);
    uint32_t flags = in.flags, mode = in.mode;
    // "name/" names a directory, which open never creates.
    bool names_directory = text.size > 1 && text.bytes[text.size - 1] == '/';
    if (names_directory && (flags & ipc::open_flags::kCreate)) return Error::IsDirectory;
    auto r = resolve(text);
    if (!r) return r.error();
    return call(r->fs,
                [&](FsClient& fs) { return fs.open(text_of(r->path.relative()), flags, mode, out.file, out.stat); });
  }

  Status stat(const idl::vfs::VfsStatParams& in, idl::vfs::VfsStatResults& out) {
    PathText text(in.path);
    auto r = resolve(text);
    if (!r) return r.error();
    return call(r->fs, [&](FsClient& fs) { return fs.stat(text_of(r->path.relative()), out.stat); });
  }

  Status mkdir(const idl::vfs::VfsMkdirParams& in, idl::vfs::VfsMkdirResults&) {
    PathText text(in.path);
    uint32_t mode = in.mode;
    auto r = resolve(text, Missing::Allowed);
    if (!r) return r.error();
    return call(r->fs, [&](FsClient& fs) { return fs.mkdir(text_of(r->path.relative()), mode); });
  }

  Status rmdir(const idl::vfs::VfsRmdirParams& in, idl::vfs::VfsRmdirResults&) {
    PathText text(in.path);
    auto r = resolve_unmounted(text);
    if (!r) return r.error();
    return call(r->fs, [&](FsClient& fs) { return fs.rmdir(text_of(r->path.relative())); });
  }

  Status unlink(const idl::vfs::VfsUnlinkParams& in, idl::vfs::VfsUnlinkResults&) {
    PathText text(in.path);
    auto r = resolve_unmounted(text);
    if (!r) return r.error();
    return call(r->fs, [&](FsClient& fs) { return fs.unlink(text_of(r->path.relative())); });
  }

  // A mount point cannot move or be replaced, nor can a directory holding
  // one (the mount would be left pointing at nothing).
  Status rename(const idl::vfs::VfsRenameParams& in, idl::vfs::VfsRenameResults&) {
    PathText from_text(in.from), to_text(in.to);
    auto from = normal(from_text);
    if (!from) return from.error();
    auto to = normal(to_text, Missing::Allowed);
    if (!to) return to.error();
    MountSpace* mounts = space();
    if (!mounts) return Error::BadHandle;
    if (mounts->has_mount_within(*from) || mounts->has_mount_within(*to)) return Error::Busy;
    auto source = mounts->resolve(*from);
    if (!source) return source.error();
    auto target = mounts->resolve(*to);
    if (!target) return target.error();
    if (source->fs != target->fs) return Error::CrossDevice;
    return call(source->fs, [&](FsClient& fs) {
      return fs.rename(text_of(source->path.relative()), text_of(target->path.relative()));
    });
  }

  // The handle is ours from here: kept if the mount is made, else closed.
  Status mount(const idl::vfs::VfsMountParams& in, idl::vfs::VfsMountResults&) {
    PathText text(in.path);
    Status status = mount_channel(in.fs, text, in.flags);
    if (!status) (void)ipc::close(in.fs);
    return status;
  }

  Status umount(const idl::vfs::VfsUmountParams& in, idl::vfs::VfsUmountResults&) {
    PathText text(in.path);
    TRY(may_change());
    auto point = normal(text);
    if (!point) return point.error();
    MountSpace* mounts = space();
    if (!mounts) return Error::BadHandle;
    auto fs = mounts->umount(*point);
    if (!fs) return fs.error();
    server_.unref_file_system(*fs);
    return {};
  }

  Status bind(const idl::vfs::VfsBindParams& in, idl::vfs::VfsBindResults&) {
    PathText from_text(in.from), to_text(in.to);
    TRY(may_change());
    auto source = resolve(from_text);
    if (!source) return source.error();
    // Held until the bind is made: the lock is let go on the way, and its
    // mounts might go meanwhile.
    server_.ref_file_system(source->fs);
    Status status = bind_to(*source, to_text);
    server_.unref_file_system(source->fs);
    return status;
  }

  Status clone(const idl::vfs::VfsCloneParams& in, idl::vfs::VfsCloneResults& out) {
    return make_session(in.private_ ? Kind::Private : Kind::Shared, out.session);
  }

  Status clone_may_change(const idl::vfs::VfsCloneMayChangeParams&, idl::vfs::VfsCloneMayChangeResults& out) {
    TRY(may_change());
    return make_session(Kind::SharedMayChange, out.session);
  }

  Status mounts(const idl::vfs::VfsMountsParams& in, idl::vfs::VfsMountsResults& out) {
    MountSpace* mounts = space();
    if (!mounts) return Error::BadHandle;
    const Mount* m = mounts->at(in.index);
    if (!m) {
      out.end = true;
      return {};
    }
    out.path = text_of(m->point.view());
    return {};
  }

  // Each mount's file system in turn. call() lets the lock go, so a mount
  // made or removed meanwhile may be missed or asked twice, as with any sync
  // that runs while others work.
  Status sync(const idl::vfs::VfsSyncParams&, idl::vfs::VfsSyncResults&) {
    Status first;
    for (uint32_t i = 0;; ++i) {
      MountSpace* mounts = space();
      if (!mounts) return Error::BadHandle;
      const Mount* m = mounts->at(i);
      if (!m) return first;
      Status status = call(m->fs, [](FsClient& fs) { return fs.sync(); });
      if (first.ok()) first = status;
    }
  }

  // The handle is ours from here: kept if the replacement is made, else closed.
  Status replace(const idl::vfs::VfsReplaceParams& in, idl::vfs::VfsReplaceResults&) {
    Status status = replace_with(in.fs, PathText(in.path));
    if (!status) (void)ipc::close(in.fs);
    return status;
  }

  Status statfs(const idl::vfs::VfsStatfsParams& in, idl::vfs::VfsStatfsResults& out) {
    PathText text(in.path);
    auto r = resolve(text);
    if (!r) return r.error();
    // As POSIX statfs: the path must name something.
    return call(r->fs, [&](FsClient& fs) {
      idl::fs::Stat stat;
      Status exists = fs.stat(text_of(r->path.relative()), stat);
      return exists ? fs.statfs(out.info) : exists;
    });
  }

  void drop_handles(const ipc::Handle* handles, uint32_t count) { server_.drop_handles(handles, count); }

 private:
  enum class Missing { Error, Allowed };  // for a path written as "dir/"
  enum class Kind { Private, Shared, SharedMayChange };

  // Asks the file systems whether what a path names as a directory is one.
  class Directories final : public DirectoryCheck {
   public:
    Directories(Requests& requests, Missing missing) : requests_(requests), missing_(missing) {}
    Status require_directory(const Path& prefix, bool final) override {
      MountSpace* mounts = requests_.space();
      if (!mounts) return Error::BadHandle;
      auto r = mounts->resolve(prefix);
      if (!r) return r.error();
      Status status = requests_.require_directory(*r);
      if (status.error() == Error::NotFound && final && missing_ == Missing::Allowed) return {};
      return status;
    }

   private:
    Requests& requests_;
    Missing missing_;
  };

  Server::Session* session() { return server_.session_for(badge_); }
  MountSpace* space() {
    Session* s = session();
    return s ? server_.spaces_[s->space].mounts : nullptr;
  }

  Status may_change() {
    Session* s = session();
    if (!s) return Error::BadHandle;
    return s->may_change ? Status{} : Error::AccessDenied;
  }

  // The request's path, normalised, with what it names as a directory checked.
  Result<Path> normal(const PathText& text, Missing missing = Missing::Error) {
    Directories directories(*this, missing);
    return Path::normalise(text.view(), &directories);
  }

  Result<Resolution> resolve(const PathText& text, Missing missing = Missing::Error) {
    auto path = normal(text, missing);
    if (!path) return path.error();
    MountSpace* mounts = space();
    if (!mounts) return Error::BadHandle;
    return mounts->resolve(*path);
  }

  // For removing: a mount point itself cannot go (Busy).
  Result<Resolution> resolve_unmounted(const PathText& text) {
    auto path = normal(text);
    if (!path) return path.error();
    MountSpace* mounts = space();
    if (!mounts) return Error::BadHandle;
    if (mounts->is_mount_point(*path)) return Error::Busy;
    return mounts->resolve(*path);
  }

  // Calls file system id through body(client), unlocked; the file system
  // is held meanwhile, so its channel stays open.
  template <class Body>
  Status call(FsId id, Body&& body) {
    server_.ref_file_system(id);
    Server::FileSystem& fs = server_.file_systems_[id];
    ipc::Handle channel = fs.channel;
    ++fs.calls;
    Status status = server_.unlocked(account_, [&] {
      FsTransport transport(channel);
      FsClient client(transport);
      return body(client);
    });
    server_.end_call(id, channel);
    server_.unref_file_system(id);
    return status;
  }

  Status require_directory(const Resolution& r) {
    idl::fs::Stat stat;
    TRY(call(r.fs, [&](FsClient& fs) { return fs.stat(text_of(r.path.relative()), stat); }));
    return stat.kind == NodeKind::Directory ? Status{} : Error::NotDirectory;
  }

  Status bind_to(const Resolution& source, const PathText& to_text) {
    TRY(require_directory(source));
    auto to = normal(to_text);
    if (!to) return to.error();
    MountSpace* mounts = space();
    if (!mounts) return Error::BadHandle;
    auto target = mounts->resolve(*to);
    if (!target) return target.error();
    TRY(require_directory(*target));
    mounts = space();
    if (!mounts) return Error::BadHandle;
    TRY(mounts->mount(*to, source.fs, source.path));
    server_.ref_file_system(source.fs);
    return {};
  }

  // The channel must be a file system's, with a directory at its root: a
  // wrong handle fails here rather than on every later request.
  Status require_file_system(ipc::Handle channel) {
    idl::fs::Stat root;
    TRY(server_.unlocked(account_, [&] {
      FsTransport transport(channel);
      return FsClient(transport).stat(idl::Text(""), root);
    }));
    return root.kind == NodeKind::Directory ? Status{} : Error::NotDirectory;
  }

  Status mount_channel(ipc::Handle channel, const PathText& text, uint32_t flags) {
    if (flags & ~kKnownMountFlags) return Error::InvalidArgument;
    TRY(may_change());
    auto under = resolve(text);
    if (!under) return under.error();
    TRY(require_directory(*under));
    TRY(require_file_system(channel));
    auto point = normal(text);
    if (!point) return point.error();
    MountSpace* mounts = space();
    if (!mounts) return Error::BadHandle;
    auto id = server_.add_file_system(channel);
    if (!id) return id.error();
    TRY(mounts->mount(*point, *id));
    server_.ref_file_system(*id);
    return {};
  }

  // Every mountspace shares a file system's slot, so this changes what all
  // of them show: the supervisor's alone to do.
  Status replace_with(ipc::Handle channel, const PathText& text) {
    TRY(may_change());
    if (!server_.accounts_[account_].unlimited) return Error::AccessDenied;
    auto point = normal(text);
    if (!point) return point.error();
    TRY(mounted_at(*point));
    TRY(require_file_system(channel));
    auto fs = mounted_at(*point);  // again: the lock was let go
    if (!fs) return fs.error();
    return server_.replace_channel(*fs, channel);
  }

  Result<FsId> mounted_at(const Path& point) {
    MountSpace* mounts = space();
    if (!mounts) return Error::BadHandle;
    const Mount* mount = mounts->newest_at(point);
    if (!mount) return Error::InvalidArgument;
    return mount->fs;
  }

  // A new session: init's clones start an account of their own, everyone
  // else's share the maker's.
  Status make_session(Kind kind, ipc::Handle& out) {
    Session* maker = session();
    if (!maker) return Error::BadHandle;
    uint32_t space = maker->space;
    uint32_t account = maker->account;
    if (server_.accounts_[account].unlimited && kind != Kind::SharedMayChange) {
      auto fresh = server_.add_account(false);
      if (!fresh) return fresh.error();
      account = *fresh;
    }
    Status status = add_session(kind, space, account, out);
    server_.release_account(account);  // frees a fresh account left unused
    return status;
  }

  Status add_session(Kind kind, uint32_t space, uint32_t account, ipc::Handle& out) {
    const Account& charged = server_.accounts_[account];
    if (!charged.unlimited) {
      if (charged.sessions >= kSessionsPerAccount) return Error::NoMemory;
      if (kind == Kind::Private && charged.spaces >= kSpacesPerAccount) return Error::NoMemory;
    }
    auto pair = ipc::channel_create();
    if (!pair) return pair.error();
    if (kind == Kind::Private) {
      auto copy = server_.add_space(*server_.spaces_[space].mounts, account);
      if (!copy) return close_pair(*pair, copy.error());
      space = *copy;
    }
    auto session = server_.add_session(pair->a, space, account, kind != Kind::Shared);
    if (!session) {
      if (kind == Kind::Private) server_.free_space(space);
      return close_pair(*pair, session.error());
    }
    out = pair->b;
    return {};
  }

  static Status close_pair(const ipc::ChannelPair& pair, Error error) {
    (void)ipc::close(pair.a);
    (void)ipc::close(pair.b);
    return error;
  }

  Server& server_;
  uint64_t badge_;
  uint32_t account_;
};

Status Server::start(ipc::Handle session_end, ipc::Handle root_fs) {
  auto port = ipc::port_create();
  if (!port) return port.error();
  port_ = *port;
  auto account = add_account(true);
  if (!account) return account.error();
  auto root = add_file_system(root_fs);
  if (!root) return root.error();
  MountSpace first;
  TRY(first.mount(Path(), *root));
  auto space = add_space(first, *account);  // holds the root file system
  if (!space) return space.error();
  auto session = add_session(session_end, *space, *account, true);
  if (!session) return session.error();
  return {};
}

void Server::run() { threads_.run(); }

void Server::serve(void* server) { static_cast<Server*>(server)->serve_loop(); }

void Server::serve_loop() {
  ipc::Event event = ipc::port_wait(port_);
  bool replied = false;  // whether event is what reply_wait returned
  for (;;) {
    threads_.woke();
    if (!event.ok()) {
      // The port itself failed: nothing more can arrive.
      if (!replied) sys::process_exit(1);
      // reply_wait could not send the reply (a handle in it would not move)
      // and the caller still waits: answer it with the error instead.
      ipc::Message& m = ipc::buffer();
      drop_handles(m.handles, m.handle_count);
      idl::wire::reply_error(m, idl::wire::request_ordinal(m), event.error());
      (void)ipc::reply(ipc::detail::info_of(m), ipc::detail::register_words(m));
      threads_.about_to_wait();
      event = ipc::port_wait(port_);
      replied = false;
      continue;
    }
    Session* session = session_for(event.badge);
    if (event.kind() == abi::EventKind::Call) {
      ipc::Message& m = ipc::take(event);
      if (session) {
        Requests requests(*this, event.badge, session->account);
        idl::vfs::dispatch_vfs(requests, m);
      } else {
        drop_handles(m.handles, m.handle_count);
        idl::wire::reply_error(m, idl::wire::request_ordinal(m), Error::BadHandle);
      }
      threads_.about_to_wait();
      event = ipc::reply_wait(port_, m);
      replied = true;
      continue;
    }
    if (event.kind() == abi::EventKind::PeerClosed && session) {
      drop_session(static_cast<uint32_t>(event.badge));
      // Nobody can reach vfs any more.
      if (live_sessions_ == 0) sys::process_exit(0);
    }
    threads_.about_to_wait();
    event = ipc::port_wait(port_);
    replied = false;
  }
}

void Server::drop_handles(const ipc::Handle* handles, uint32_t count) {
  for (uint32_t i = 0; i < count && i < ipc::kMaxMessageHandles; ++i) (void)ipc::close(handles[i]);
}

// --- accounts

Result<uint32_t> Server::add_account(bool unlimited) {
  auto index = accounts_.take([](const Account& a) { return !a.live; });
  if (!index) return index.error();
  accounts_[*index] = Account{0, 0, 0, true, unlimited};
  return *index;
}

void Server::release_account(uint32_t account) {
  Account& a = accounts_[account];
  if (a.sessions == 0 && a.spaces == 0 && a.calls == 0) a.live = false;
}

// --- sessions

Result<uint32_t> Server::add_session(ipc::Handle end, uint32_t space, uint32_t account, bool may_change) {
  auto index = sessions_.take([](const Session& s) { return !s.live; });
  if (!index) return index.error();
  Session& s = sessions_[*index];
  uint32_t generation = s.generation + 1;
  if (!ipc::port_bind(port_, end, badge_of(*index, generation))) return Error::BadHandle;
  s = Session{end, generation, space, account, true, may_change};
  ++spaces_[space].sessions;
  ++accounts_[account].sessions;
  ++live_sessions_;
  return *index;
}

Server::Session* Server::session_for(uint64_t badge) {
  uint32_t index = static_cast<uint32_t>(badge);
  if (index >= sessions_.size()) return nullptr;
  Session& s = sessions_[index];
  return s.live && s.generation == static_cast<uint32_t>(badge >> 32) ? &s : nullptr;
}

void Server::drop_session(uint32_t index) {
  Session& session = sessions_[index];
  (void)ipc::close(session.end);
  session.live = false;
  --live_sessions_;
  --accounts_[session.account].sessions;
  release_account(session.account);
  if (--spaces_[session.space].sessions == 0) free_space(session.space);
}

// --- mountspaces

Result<uint32_t> Server::add_space(const MountSpace& mounts, uint32_t account) {
  void* memory = malloc(sizeof(MountSpace));
  if (!memory) return Error::NoMemory;
  auto index = spaces_.take([](const Space& s) { return s.mounts == nullptr; });
  if (!index) {
    free(memory);
    return index.error();
  }
  auto* copy = new (memory) MountSpace();
  if (Status copied = copy->copy_from(mounts); !copied) {
    copy->~MountSpace();
    free(memory);
    return copied.error();
  }
  for (size_t m = 0; m < copy->size(); ++m) ref_file_system(copy->at(m)->fs);
  spaces_[*index] = Space{copy, 0, account};
  ++accounts_[account].spaces;
  return *index;
}

void Server::free_space(uint32_t space) {
  Space& s = spaces_[space];
  MountSpace* mounts = s.mounts;
  for (size_t m = 0; m < mounts->size(); ++m) unref_file_system(mounts->at(m)->fs);
  mounts->~MountSpace();
  free(mounts);
  uint32_t account = s.account;
  spaces_[space] = Space{};
  --accounts_[account].spaces;
  release_account(account);
}

// --- file systems

Result<FsId> Server::add_file_system(ipc::Handle channel) {
  auto id = file_systems_.take([](const FileSystem& f) { return f.refs == 0; });
  if (!id) return id.error();
  file_systems_[*id].channel = channel;
  return *id;
}

Status Server::replace_channel(FsId fs, ipc::Handle channel) {
  FileSystem& f = file_systems_[fs];
  if (f.calls > 0) {
    auto slot = retired_.take([](const Retired& r) { return r.calls == 0; });
    if (!slot) return slot.error();
    retired_[*slot] = {f.channel, f.calls};
  } else {
    (void)ipc::close(f.channel);
  }
  f.channel = channel;
  f.calls = 0;
  return {};
}

void Server::end_call(FsId fs, ipc::Handle channel) {
  FileSystem& f = file_systems_[fs];
  if (channel == f.channel) {
    --f.calls;
    return;
  }
  for (uint32_t i = 0; i < retired_.size(); ++i) {
    Retired& r = retired_[i];
    if (r.calls == 0 || r.channel != channel) continue;
    if (--r.calls == 0) (void)ipc::close(r.channel);
    return;
  }
}

void Server::unref_file_system(FsId fs) {
  FileSystem& f = file_systems_[fs];
  if (--f.refs == 0) {
    (void)ipc::close(f.channel);
    f.channel = ipc::kInvalidHandle;
  }
}

}  // namespace vfs
