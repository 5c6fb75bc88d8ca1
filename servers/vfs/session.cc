// The Vfs handlers of one request on one session (idl::vfs::dispatch_vfs
// calls them after checking the message). They run locked, and the lock is
// let go only inside a call to a file system (call()): after one, the
// session is looked up again by its key, since it may have gone meanwhile.
//
// A request's paths are read straight from the request: Path::assign_normal
// copies in what it has not read yet before its directory checks call a
// file system through this thread's IPC buffer, which overwrites the
// request. So every path-taking handler normalises its paths before its
// first call.
#include "session.h"

#include <string.h>

#include <new>
#include <string_view>

#include "fs.idl.h"
#include "ipc/open_flags.h"
#include "ipc/transport.h"
#include "vfs.idl.h"

namespace vfs {

namespace {

using idl::fs::NodeKind;
using FsClient = idl::fs::FileSystemClient<ipc::ChannelTransport>;

// A file system answers a handed-over open (FileSystem.openFor) with its
// results as the reply to Vfs.open: the two must match on the wire.
static_assert(idl::fs::FileSystemOpenForParams::kReplyOrdinal == idl::vfs::VfsOpenParams::kOrdinal);
static_assert(idl::wire::Codec<idl::fs::FileSystemOpenForResults>::kSize ==
              idl::wire::Codec<idl::vfs::VfsOpenResults>::kSize);
static_assert(idl::wire::Codec<idl::fs::FileSystemOpenForResults>::kHandles ==
              idl::wire::Codec<idl::vfs::VfsOpenResults>::kHandles);

idl::Text text_of(std::string_view s) { return {s.data(), static_cast<uint32_t>(s.size())}; }
std::string_view view_of(idl::Text text) { return {text.data, text.size}; }

// The mount flags vfs knows: none yet.
constexpr uint32_t kKnownMountFlags = 0;

class Requests : public server::HandleCloser {
 public:
  Requests(Server& server, server::Key key, Parking& parking) : server_(server), key_(key), parking_(parking) {}

  Status open(const idl::vfs::VfsOpenParams& in, idl::vfs::VfsOpenResults& out) {
    std::string_view text = view_of(in.path);
    uint32_t flags = in.flags, mode = in.mode;
    // "name/" names a directory, which open never creates.
    bool names_directory = text.size() > 1 && text.back() == '/';
    if (names_directory && (flags & ipc::open_flags::kCreate)) return Error::IsDirectory;
    Path path;
    Resolution r;
    TRY(resolve(text, path, r));
    return hand_over(r, flags, mode);
  }

  Status stat(const idl::vfs::VfsStatParams& in, idl::vfs::VfsStatResults& out) {
    Path path;
    Resolution r;
    TRY(resolve(view_of(in.path), path, r));
    return call(r.fs, [&](FsClient& fs) { return fs.stat(text_of(r.path), out.stat); });
  }

  Status mkdir(const idl::vfs::VfsMkdirParams& in, idl::vfs::VfsMkdirResults&) {
    uint32_t mode = in.mode;
    Path path;
    Resolution r;
    TRY(resolve(view_of(in.path), path, r, Missing::Allowed));
    return call(r.fs, [&](FsClient& fs) { return fs.mkdir(text_of(r.path), mode); });
  }

  Status rmdir(const idl::vfs::VfsRmdirParams& in, idl::vfs::VfsRmdirResults&) {
    Path path;
    Resolution r;
    TRY(resolve_unmounted(view_of(in.path), path, r));
    return call(r.fs, [&](FsClient& fs) { return fs.rmdir(text_of(r.path)); });
  }

  Status unlink(const idl::vfs::VfsUnlinkParams& in, idl::vfs::VfsUnlinkResults&) {
    Path path;
    Resolution r;
    TRY(resolve_unmounted(view_of(in.path), path, r));
    return call(r.fs, [&](FsClient& fs) { return fs.unlink(text_of(r.path)); });
  }

  // A mount point cannot move or be replaced, nor can a directory holding
  // one (the mount would be left pointing at nothing).
  Status rename(const idl::vfs::VfsRenameParams& in, idl::vfs::VfsRenameResults&) {
    Path from, to;
    TRY(normal_pair(in.from, from, in.to, to));
    MountSpace* mounts = space();
    if (!mounts) return Error::BadHandle;
    if (mounts->has_mount_within(from) || mounts->has_mount_within(to)) return Error::Busy;
    Resolution source, target;
    TRY(mounts->resolve(from, source));
    TRY(mounts->resolve(to, target));
    if (source.fs != target.fs) return Error::CrossDevice;
    return call(source.fs, [&](FsClient& fs) { return fs.rename(text_of(source.path), text_of(target.path)); });
  }

  // The handle is ours from here: kept if the mount is made, else closed.
  Status mount(const idl::vfs::VfsMountParams& in, idl::vfs::VfsMountResults&) {
    ipc::Handle channel = in.fs;
    Path point;
    MountSpace* mounts = nullptr;
    Status status = mountable(channel, view_of(in.path), in.flags, point, mounts);
    auto id = status ? server_.add_file_system(channel) : Result<FsId>(status.error());
    if (!id) {
      (void)ipc::close(channel);
      return id.error();
    }
    Status mounted = mounts->mount(point, *id);
    if (!mounted) server_.unref_file_system(*id);  // which closes the channel
    return mounted;
  }

  Status umount(const idl::vfs::VfsUmountParams& in, idl::vfs::VfsUmountResults&) {
    TRY(may_change());
    Path point;
    TRY(normal(view_of(in.path), point));
    MountSpace* mounts = space();
    if (!mounts) return Error::BadHandle;
    auto fs = mounts->umount(point);
    if (!fs) return fs.error();
    server_.unref_file_system(*fs);
    return {};
  }

  Status bind(const idl::vfs::VfsBindParams& in, idl::vfs::VfsBindResults&) {
    TRY(may_change());
    Path from, to;
    TRY(normal_pair(in.from, from, in.to, to));
    MountSpace* mounts = space();
    if (!mounts) return Error::BadHandle;
    Resolution source;
    TRY(mounts->resolve(from, source));
    auto root = source.absolute();
    if (!root) return root.error();
    // Held until the bind is made: the lock is let go on the way, and its
    // mounts might go meanwhile.
    server_.ref_file_system(source.fs);
    Status status = bind_to(source, *root, to);
    server_.unref_file_system(source.fs);
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
    Status status = replace_with(in.fs, view_of(in.path));
    if (!status) (void)ipc::close(in.fs);
    return status;
  }

  Status statfs(const idl::vfs::VfsStatfsParams& in, idl::vfs::VfsStatfsResults& out) {
    Path path;
    Resolution r;
    TRY(resolve(view_of(in.path), path, r));
    // As POSIX statfs: the path must name something.
    return call(r.fs, [&](FsClient& fs) {
      idl::fs::Stat stat;
      Status exists = fs.stat(text_of(r.path), stat);
      return exists ? fs.statfs(out.info) : exists;
    });
  }

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
      Resolution r;
      TRY(mounts->resolve(prefix, r));
      Status status = requests_.require_directory(r);
      if (status.error() == Error::NotFound && final && missing_ == Missing::Allowed) return {};
      return status;
    }

   private:
    Requests& requests_;
    Missing missing_;
  };

  Session* session() { return static_cast<Session*>(server_.loop().find(key_)); }  // vfs serves sessions only
  MountSpace* space() {
    Session* s = session();
    return s ? &s->space()->mounts : nullptr;
  }

  Status may_change() {
    Session* s = session();
    if (!s) return Error::BadHandle;
    return s->may_change() ? Status{} : Error::AccessDenied;
  }

  // text normalised into path, with what it names as a directory checked.
  Status normal(std::string_view text, Path& path, Missing missing = Missing::Error) {
    Directories directories(*this, missing);
    return path.assign_normal(text, &directories);
  }

  // Both paths of a request. The second is copied out as it is first:
  // checking the first calls file systems, which overwrites the request.
  Status normal_pair(idl::Text first, Path& first_path, idl::Text second, Path& second_path) {
    struct {
      char bytes[kPathMax];  // the IDL bounds every path by kPathMax
      size_t size;
    } copy;
    if (second.size > sizeof copy.bytes) return Error::NameTooLong;
    copy.size = second.size;
    memcpy(copy.bytes, second.data, second.size);
    TRY(normal(view_of(first), first_path));
    return normal({copy.bytes, copy.size}, second_path, Missing::Allowed);
  }

  Status resolve(std::string_view text, Path& path, Resolution& r, Missing missing = Missing::Error) {
    TRY(normal(text, path, missing));
    MountSpace* mounts = space();
    if (!mounts) return Error::BadHandle;
    return mounts->resolve(path, r);
  }

  // For removing: a mount point itself cannot go (Busy).
  Status resolve_unmounted(std::string_view text, Path& path, Resolution& r) {
    TRY(normal(text, path));
    MountSpace* mounts = space();
    if (!mounts) return Error::BadHandle;
    if (mounts->is_mount_point(path)) return Error::Busy;
    return mounts->resolve(path, r);
  }

  // The file system answers the open, straight to the client: vfs parks
  // the call and sends openFor with its Reply, and holds no thread or call
  // meanwhile. What stops it before the file system has the Reply is
  // answered here. The results vfs's dispatcher then writes go nowhere.
  Status hand_over(const Resolution& r, uint32_t flags, uint32_t mode) {
    auto reply = parking_.parked_reply();
    if (!reply) return reply.error();
    Status sent = server_.send(r.fs, [&](ipc::Handle channel) {
      ipc::ChannelTransport transport(channel);
      return FsClient(transport).open_for(text_of(r.path), flags, mode, *reply);
    });
    // 64 messages wait at that file system already: vfs opens as before
    // the hand-over, as one of the account's calls, which waits for the
    // file system to take it, and answers the client itself.
    if (sent.error() == Error::ShouldWait) sent = open_and_answer(r, flags, mode, *reply);
    if (!sent) {
      ipc::Message& message = ipc::buffer();
      idl::wire::reply_error(message, idl::vfs::VfsOpenParams::kOrdinal, sent.error());
      if (!ipc::reply(*reply, message)) (void)ipc::close(*reply);
    }
    return {};
  }

  Status open_and_answer(const Resolution& r, uint32_t flags, uint32_t mode, ipc::Handle reply) {
    idl::vfs::VfsOpenResults opened;
    TRY(call(r.fs, [&](FsClient& fs) { return fs.open(text_of(r.path), flags, mode, opened.file, opened.stat); }));
    ipc::Message& message = ipc::buffer();
    idl::wire::write_reply(*this, message, idl::vfs::VfsOpenParams::kOrdinal, 0, opened);
    if (!ipc::reply(reply, message)) {
      (void)ipc::close(opened.file);
      (void)ipc::close(reply);
    }
    return {};
  }

  // Calls file system fs through body(client), unlocked.
  template <class Body>
  Status call(FsId fs, Body&& body) {
    Session* s = session();
    if (!s) return Error::BadHandle;
    return server_.call(s->account(), fs, [&](ipc::Handle channel) {
      ipc::ChannelTransport transport(channel);
      FsClient client(transport);
      return body(client);
    });
  }

  Status require_directory(const Resolution& r) {
    idl::fs::Stat stat;
    TRY(call(r.fs, [&](FsClient& fs) { return fs.stat(text_of(r.path), stat); }));
    return stat.kind == NodeKind::Directory ? Status{} : Error::NotDirectory;
  }

  Status bind_to(const Resolution& source, const Path& root, const Path& to) {
    TRY(require_directory(source));
    MountSpace* mounts = space();
    if (!mounts) return Error::BadHandle;
    Resolution target;
    TRY(mounts->resolve(to, target));
    TRY(require_directory(target));
    mounts = space();
    if (!mounts) return Error::BadHandle;
    TRY(mounts->mount(to, source.fs, root));
    server_.ref_file_system(source.fs);
    return {};
  }

  // The channel must be a file system's, with a directory at its root: a
  // wrong handle fails here rather than on every later request.
  Status require_file_system(ipc::Handle channel) {
    Session* s = session();
    if (!s) return Error::BadHandle;
    idl::fs::Stat root;
    TRY(server_.unlocked(s->account(), [&] {
      ipc::ChannelTransport transport(channel);
      return FsClient(transport).stat(idl::Text(""), root);
    }));
    return root.kind == NodeKind::Directory ? Status{} : Error::NotDirectory;
  }

  // Whether channel may be mounted at text: point is where, in mounts.
  Status mountable(ipc::Handle channel, std::string_view text, uint32_t flags, Path& point, MountSpace*& mounts) {
    if (flags & ~kKnownMountFlags) return Error::InvalidArgument;
    TRY(may_change());
    Resolution under;
    TRY(resolve(text, point, under));
    TRY(require_directory(under));
    TRY(require_file_system(channel));
    mounts = space();
    return mounts ? Status{} : Error::BadHandle;
  }

  // Every mountspace shares a file system's slot, so this changes what all
  // of them show: the supervisor's alone to do.
  Status replace_with(ipc::Handle channel, std::string_view text) {
    TRY(may_change());
    if (!session()->account()->unlimited) return Error::AccessDenied;
    Path point;
    TRY(normal(text, point));
    TRY(mounted_at(point));
    TRY(require_file_system(channel));
    auto fs = mounted_at(point);  // again: the lock was let go
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
    Space* space = maker->space();
    Account* account = maker->account();
    if (!account->unlimited || kind == Kind::SharedMayChange) return add_session(kind, space, account, out);
    Account* fresh = server_.add_account(false);
    if (!fresh) return Error::NoMemory;
    // Held as if by a call while the session is made, so that it is freed
    // once, here, if it ends up unused.
    ++fresh->calls;
    Status status = add_session(kind, space, fresh, out);
    --fresh->calls;
    server_.release_account(fresh);
    return status;
  }

  Status add_session(Kind kind, Space* space, Account* account, ipc::Handle& out) {
    if (!account->unlimited) {
      if (account->sessions >= Server::kSessionsPerAccount) return Error::NoMemory;
      if (kind == Kind::Private && account->spaces >= Server::kSpacesPerAccount) return Error::NoMemory;
    }
    if (kind == Kind::Private) {
      space = server_.add_space(space->mounts, account);
      if (!space) return Error::NoMemory;
    }
    auto* session = new (std::nothrow) Session(server_, space, account, kind != Kind::Shared);
    if (!session) {
      if (kind == Kind::Private) server_.free_space(space);
      return Error::NoMemory;
    }
    // On failure the session is deleted, and a private copy with it.
    auto end = server_.loop().add_channel(session);
    if (!end) return end.error();
    out = *end;
    return {};
  }

  Server& server_;
  server::Key key_;
  Parking& parking_;
};

}  // namespace

Session::Session(Server& server, Space* space, Account* account, bool may_change)
    : server_(server), space_(space), account_(account), may_change_(may_change) {
  ++space->sessions;
  ++account->sessions;
}

Session::~Session() {
  --account_->sessions;
  server_.release_account(account_);
  if (--space_->sessions == 0) server_.free_space(space_);
}

void Session::on_call(server::Call& call) {
  if (server_.must_wait(account_) && server_.backlog().park(call, account_)) return;
  struct : Parking {
    server::Call* call;
    Result<ipc::Handle> parked_reply() override { return call->defer(); }
  } deferring;
  deferring.call = &call;
  serve_request(server_, call.source(), call.message(), deferring);
}

void serve_request(Server& server, server::Key session, ipc::Message& message, Parking& parking) {
  Requests requests(server, session, parking);
  idl::vfs::dispatch_vfs(requests, message);
}

}  // namespace vfs
