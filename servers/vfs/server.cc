#include "server.h"

#include <string_view>

#include "ipc/syscall.h"

namespace vfs {

namespace {

using idl::fs::NodeKind;

idl::Text text_of(std::string_view s) { return {s.data(), static_cast<uint32_t>(s.size())}; }

// The request's path, normalised: a copy, which outlives the request.
Result<Path> normal(idl::Text text) { return Path::normalise({text.data, text.size}); }

uint64_t badge_of(uint32_t index, uint32_t generation) { return uint64_t{generation} << 32 | index; }

// The transport of vfs's FileSystem clients: a file system's channel, with
// an optional deadline. It builds requests in this thread's IPC buffer, over
// the client's request: handlers copy what they need of a request (the
// normalised paths) before they call a file system, and the reply to the
// client is written afresh.
class FsTransport {
 public:
  explicit FsTransport(ipc::Handle end, uint64_t deadline = ipc::kForever) : end_(end), deadline_(deadline) {}
  ipc::Message& message() { return ipc::buffer(); }
  Status call(ipc::Message& message) { return ipc::call(end_, message, deadline_); }
  void drop_handles(const ipc::Handle* handles, uint32_t count) { Server::drop_handles(handles, count); }

 private:
  ipc::Handle end_;
  uint64_t deadline_;
};

// A FileSystem client on one file system's channel, for one request.
struct FsCall {
  explicit FsCall(ipc::Handle end, uint64_t deadline = ipc::kForever) : transport(end, deadline), client(transport) {}
  FsCall(const FsCall&) = delete;
  FsTransport transport;
  idl::fs::FileSystemClient<FsTransport> client;
};

// How long a new file system has to answer its first call: 5 s of 10 MHz
// ticks. The channel might lead back to vfs itself (a session end passed as
// a file system), which cannot answer while it waits: then the mount fails
// with TimedOut instead of hanging vfs.
constexpr uint64_t kMountAnswerTicks = 50'000'000;

// The mount flags vfs knows: none yet.
constexpr uint32_t kKnownMountFlags = 0;

}  // namespace

// The Vfs handlers for one request on one session (idl::vfs::dispatch_vfs
// calls them after checking the message).
class Server::Requests {
 public:
  Requests(Server& server, Session& session) : server_(server), session_(session) {}

  Status open(const idl::vfs::VfsOpenParams& in, idl::vfs::VfsOpenResults& out) {
    auto r = resolve(in.path);
    if (!r) return r.error();
    return fs(r->fs).client.open(text_of(r->path.relative()), in.flags, in.mode, out.file, out.stat);
  }

  Status stat(const idl::vfs::VfsStatParams& in, idl::vfs::VfsStatResults& out) {
    auto r = resolve(in.path);
    if (!r) return r.error();
    return fs(r->fs).client.stat(text_of(r->path.relative()), out.stat);
  }

  Status mkdir(const idl::vfs::VfsMkdirParams& in, idl::vfs::VfsMkdirResults&) {
    auto r = resolve(in.path);
    if (!r) return r.error();
    return fs(r->fs).client.mkdir(text_of(r->path.relative()), in.mode);
  }

  Status rmdir(const idl::vfs::VfsRmdirParams& in, idl::vfs::VfsRmdirResults&) {
    auto path = normal(in.path);
    if (!path) return path.error();
    if (space().is_mount_point(*path)) return Error::Busy;
    auto r = space().resolve(*path);
    if (!r) return r.error();
    return fs(r->fs).client.rmdir(text_of(r->path.relative()));
  }

  Status unlink(const idl::vfs::VfsUnlinkParams& in, idl::vfs::VfsUnlinkResults&) {
    auto path = normal(in.path);
    if (!path) return path.error();
    if (space().is_mount_point(*path)) return Error::Busy;
    auto r = space().resolve(*path);
    if (!r) return r.error();
    return fs(r->fs).client.unlink(text_of(r->path.relative()));
  }

  // A mount point cannot move or be replaced, nor can a directory holding
  // one (the mount would be left pointing at nothing).
  Status rename(const idl::vfs::VfsRenameParams& in, idl::vfs::VfsRenameResults&) {
    auto from = normal(in.from);
    if (!from) return from.error();
    auto to = normal(in.to);
    if (!to) return to.error();
    if (space().has_mount_within(*from) || space().has_mount_within(*to)) return Error::Busy;
    auto source = space().resolve(*from);
    if (!source) return source.error();
    auto target = space().resolve(*to);
    if (!target) return target.error();
    if (source->fs != target->fs) return Error::CrossDevice;
    return fs(source->fs).client.rename(text_of(source->path.relative()), text_of(target->path.relative()));
  }

  // The handle is ours from here: kept if the mount is made, else closed.
  Status mount(const idl::vfs::VfsMountParams& in, idl::vfs::VfsMountResults&) {
    Status status = mount_channel(in.fs, in.path, in.flags);
    if (!status) (void)ipc::close(in.fs);
    return status;
  }

  Status umount(const idl::vfs::VfsUmountParams& in, idl::vfs::VfsUmountResults&) {
    auto point = normal(in.path);
    if (!point) return point.error();
    auto fs = space().umount(*point);
    if (!fs) return fs.error();
    server_.unref_file_system(*fs);
    return {};
  }

  Status bind(const idl::vfs::VfsBindParams& in, idl::vfs::VfsBindResults&) {
    auto from = normal(in.from);
    if (!from) return from.error();
    auto to = normal(in.to);
    if (!to) return to.error();
    auto source = space().resolve(*from);
    if (!source) return source.error();
    TRY(require_directory(*source));
    auto target = space().resolve(*to);
    if (!target) return target.error();
    TRY(require_directory(*target));
    TRY(space().bind(*from, *to));
    server_.ref_file_system(source->fs);
    return {};
  }

  Status clone(const idl::vfs::VfsCloneParams& in, idl::vfs::VfsCloneResults& out) {
    auto pair = ipc::channel_create();
    if (!pair) return pair.error();
    uint32_t space = session_.space;
    if (in.private_) {
      auto copy = server_.copy_space(space);
      if (!copy) return close_pair(*pair, copy.error());
      space = *copy;
    }
    auto session = server_.add_session(pair->a, space);
    if (!session) {
      if (in.private_) server_.clear_space(space);
      return close_pair(*pair, session.error());
    }
    out.session = pair->b;
    return {};
  }

  Status mounts(const idl::vfs::VfsMountsParams& in, idl::vfs::VfsMountsResults& out) {
    const Mount* m = space().at(in.index);
    if (!m) {
      out.end = true;
      return {};
    }
    out.path = text_of(m->point.view());
    return {};
  }

  void drop_handles(const ipc::Handle* handles, uint32_t count) { server_.drop_handles(handles, count); }

 private:
  MountSpace& space() { return server_.spaces_[session_.space].mounts; }

  Result<Resolution> resolve(idl::Text text) {
    auto path = normal(text);
    if (!path) return path.error();
    return space().resolve(*path);
  }

  // A client for file system `id` (use it within one expression).
  FsCall fs(FsId id) { return FsCall(server_.channel_of(id)); }

  Status require_directory(const Resolution& r) {
    idl::fs::Stat stat;
    TRY(fs(r.fs).client.stat(text_of(r.path.relative()), stat));
    return stat.kind == NodeKind::Directory ? Status{} : Error::NotDirectory;
  }

  Status mount_channel(ipc::Handle channel, idl::Text text, uint32_t flags) {
    if (flags & ~kKnownMountFlags) return Error::InvalidArgument;
    auto point = normal(text);
    if (!point) return point.error();
    auto under = space().resolve(*point);
    if (!under) return under.error();
    TRY(require_directory(*under));
    // The channel must be a file system's, with a directory at its root: a
    // wrong handle fails here rather than on every later request.
    {
      FsCall call(channel, sys::read_time() + kMountAnswerTicks);
      idl::fs::Stat root;
      TRY(call.client.stat(idl::Text(""), root));
      if (root.kind != NodeKind::Directory) return Error::NotDirectory;
    }
    auto id = server_.add_file_system(channel);
    if (!id) return id.error();
    TRY(space().mount(*point, *id));
    server_.ref_file_system(*id);
    return {};
  }

  static Status close_pair(const ipc::ChannelPair& pair, Error error) {
    (void)ipc::close(pair.a);
    (void)ipc::close(pair.b);
    return error;
  }

  Server& server_;
  Session& session_;
};

Status Server::start(ipc::Handle session_end, ipc::Handle root_fs) {
  auto port = ipc::port_create();
  if (!port) return port.error();
  port_ = *port;
  auto root = add_file_system(root_fs);
  if (!root) return root.error();
  TRY(spaces_[0].mounts.mount(Path(), *root));
  ref_file_system(*root);
  auto session = add_session(session_end, 0);
  if (!session) return session.error();
  return {};
}

void Server::run() {
  ipc::Event event = ipc::port_wait(port_);
  bool replied = false;  // whether event is what reply_wait returned
  for (;;) {
    if (!event.ok()) {
      if (!replied) return;  // the port itself failed: nothing more can arrive
      // reply_wait could not send the reply (a handle in it would not move)
      // and the caller still waits: answer it with the error instead.
      ipc::Message& m = ipc::buffer();
      drop_handles(m.handles, m.handle_count);
      idl::wire::reply_error(m, idl::wire::request_ordinal(m), event.error());
      (void)ipc::reply(ipc::detail::info_of(m), ipc::detail::register_words(m));
      event = ipc::port_wait(port_);
      replied = false;
      continue;
    }
    Session* session = session_for(event.badge);
    if (event.kind() == abi::EventKind::Call) {
      ipc::Message& m = ipc::take(event);
      if (session) {
        Requests requests(*this, *session);
        idl::vfs::dispatch_vfs(requests, m);
      } else {
        drop_handles(m.handles, m.handle_count);
        idl::wire::reply_error(m, idl::wire::request_ordinal(m), Error::BadHandle);
      }
      event = ipc::reply_wait(port_, m);
      replied = true;
      continue;
    }
    if (event.kind() == abi::EventKind::PeerClosed && session) drop_session(*session);
    if (live_sessions_ == 0) return;
    event = ipc::port_wait(port_);
    replied = false;
  }
}

void Server::drop_handles(const ipc::Handle* handles, uint32_t count) {
  for (uint32_t i = 0; i < count && i < ipc::kMaxMessageHandles; ++i) (void)ipc::close(handles[i]);
}

// --- sessions

Result<uint32_t> Server::add_session(ipc::Handle end, uint32_t space) {
  for (uint32_t i = 0; i < kMaxSessions; ++i) {
    Session& s = sessions_[i];
    if (s.live) continue;
    ++s.generation;
    if (!ipc::port_bind(port_, end, badge_of(i, s.generation))) return Error::BadHandle;
    s.end = end;
    s.space = space;
    s.live = true;
    ++spaces_[space].sessions;
    ++live_sessions_;
    return i;
  }
  return Error::NoMemory;
}

Server::Session* Server::session_for(uint64_t badge) {
  uint32_t index = static_cast<uint32_t>(badge);
  if (index >= kMaxSessions) return nullptr;
  Session& s = sessions_[index];
  return s.live && s.generation == static_cast<uint32_t>(badge >> 32) ? &s : nullptr;
}

void Server::drop_session(Session& session) {
  (void)ipc::close(session.end);
  session.live = false;
  --live_sessions_;
  if (--spaces_[session.space].sessions == 0) clear_space(session.space);
}

// --- mountspaces

Result<uint32_t> Server::copy_space(uint32_t from) {
  for (uint32_t i = 0; i < kMaxSpaces; ++i) {
    if (spaces_[i].sessions != 0 || i == from) continue;
    MountSpace& copy = spaces_[i].mounts;
    copy = spaces_[from].mounts;
    for (size_t m = 0; m < copy.size(); ++m) ref_file_system(copy.at(m)->fs);
    return i;
  }
  return Error::NoMemory;
}

void Server::clear_space(uint32_t space) {
  MountSpace& mounts = spaces_[space].mounts;
  for (size_t m = 0; m < mounts.size(); ++m) unref_file_system(mounts.at(m)->fs);
  mounts.clear();
}

// --- file systems

Result<FsId> Server::add_file_system(ipc::Handle channel) {
  for (FsId id = 0; id < kMaxFileSystems; ++id) {
    if (file_systems_[id].mounts != 0) continue;
    file_systems_[id].channel = channel;
    return id;
  }
  return Error::NoMemory;
}

void Server::unref_file_system(FsId fs) {
  FileSystem& f = file_systems_[fs];
  if (--f.mounts == 0) {
    (void)ipc::close(f.channel);
    f.channel = ipc::kInvalidHandle;
  }
}

}  // namespace vfs
