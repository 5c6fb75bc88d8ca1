#include "standin_vfs.h"

#include <string.h>

#include "fs.idl.h"
#include "ipc/ipc.h"
#include "ipc/transport.h"
#include "vfs.idl.h"

extern "C" const uint8_t proctest_image_ktest[], proctest_image_ktest_end[];
extern "C" const uint8_t proctest_image_prochelper[], proctest_image_prochelper_end[];

namespace proctest {

namespace {

using idl::fs::NodeKind;

constexpr const char kText[] = "This is a text file, not a program.\n";
constexpr size_t kTruncatedElf = 200;  // the ELF header and a few program headers
constexpr uint64_t kFileBadge = 1ull << 32;
constexpr size_t kMaxFiles = 16;
constexpr size_t kMaxSessions = 64;

struct Node {
  const char* path;
  NodeKind kind;
  const uint8_t* data;
  size_t size;
};

Node nodes[] = {
    {"/bin", NodeKind::Directory, nullptr, 0},
    {"/bin/ktest", NodeKind::File, proctest_image_ktest, 0},
    {"/bin/prochelper", NodeKind::File, proctest_image_prochelper, 0},
    {"/etc/bad.txt", NodeKind::File, reinterpret_cast<const uint8_t*>(kText), sizeof kText - 1},
    {"/etc/truncated", NodeKind::File, proctest_image_prochelper, kTruncatedElf},
};

struct OpenFile {
  const Node* node;  // nullptr: free slot
  ipc::Handle end;
  uint8_t* buffer;
  uint32_t buffer_size;
};

ipc::Handle port;
ipc::Handle root_session;  // the client end proctest clones sessions from
OpenFile files[kMaxFiles];
ipc::Handle sessions[kMaxSessions];
StandinCounters counters;

void bump(uint32_t& counter, int by) { __atomic_add_fetch(&counter, static_cast<uint32_t>(by), __ATOMIC_RELAXED); }

idl::fs::Stat stat_of(const Node& n, size_t index) {
  idl::fs::Stat s{};
  s.kind = n.kind;
  s.size = n.size;
  s.inode = index + 1;
  s.mode = n.kind == NodeKind::Directory ? 0755 : 0644;
  s.links = 1;
  return s;
}

Result<ipc::Handle> new_session() {
  for (ipc::Handle& slot : sessions) {
    if (slot) continue;
    auto pair = ipc::channel_create();
    if (!pair) return pair.error();
    if (!ipc::port_bind(port, pair->a, static_cast<uint64_t>(&slot - sessions))) {
      (void)ipc::close(pair->a);
      (void)ipc::close(pair->b);
      return Error::BadState;
    }
    slot = pair->a;
    bump(counters.sessions_open, 1);
    return pair->b;
  }
  return Error::NoMemory;
}

#define PROCTEST_UNSUPPORTED(method) \
  template <class P, class R>        \
  Status method(const P&, R&) {      \
    return Error::NoSyscall;         \
  }

struct VfsImpl {
  Status open(const idl::vfs::VfsOpenParams& in, idl::vfs::VfsOpenResults& out) {
    for (size_t i = 0; i < sizeof nodes / sizeof nodes[0]; ++i) {
      const Node& n = nodes[i];
      if (strlen(n.path) != in.path.size || memcmp(n.path, in.path.data, in.path.size) != 0) continue;
      for (OpenFile& f : files) {
        if (f.node) continue;
        auto pair = ipc::channel_create();
        if (!pair) return pair.error();
        if (!ipc::port_bind(port, pair->a, kFileBadge | static_cast<uint64_t>(&f - files))) {
          (void)ipc::close(pair->a);
          (void)ipc::close(pair->b);
          return Error::BadState;
        }
        f = OpenFile{&n, pair->a, nullptr, 0};
        bump(counters.opens, 1);
        bump(counters.files_open, 1);
        out.file = pair->b;
        out.stat = stat_of(n, i);
        return {};
      }
      return Error::NoMemory;
    }
    return Error::NotFound;
  }
  Status clone(const idl::vfs::VfsCloneParams& in, idl::vfs::VfsCloneResults& out) {
    auto session = new_session();
    if (!session) return session.error();
    if (in.private_) bump(counters.private_clones, 1);
    out.session = *session;
    return {};
  }
  PROCTEST_UNSUPPORTED(stat)
  PROCTEST_UNSUPPORTED(mkdir)
  PROCTEST_UNSUPPORTED(rmdir)
  PROCTEST_UNSUPPORTED(unlink)
  PROCTEST_UNSUPPORTED(rename)
  PROCTEST_UNSUPPORTED(umount)
  PROCTEST_UNSUPPORTED(clone_may_change)
  PROCTEST_UNSUPPORTED(bind)
  PROCTEST_UNSUPPORTED(mounts)
  PROCTEST_UNSUPPORTED(sync)
  PROCTEST_UNSUPPORTED(statfs)
  Status mount(const idl::vfs::VfsMountParams& in, idl::vfs::VfsMountResults&) {
    (void)ipc::close(in.fs);
    return Error::NoSyscall;
  }
  Status replace(const idl::vfs::VfsReplaceParams& in, idl::vfs::VfsReplaceResults&) {
    (void)ipc::close(in.fs);
    return Error::NoSyscall;
  }
  void drop_handles(const ipc::Handle* handles, uint32_t count) {
    for (uint32_t i = 0; i < count; ++i) (void)ipc::close(handles[i]);
  }
};

struct FileImpl {
  OpenFile* file = nullptr;

  Status read(const idl::fs::FileReadParams& in, idl::fs::FileReadResults& out) {
    const Node& n = *file->node;
    if (n.kind == NodeKind::Directory) return Error::IsDirectory;
    uint64_t offset = in.offset < n.size ? in.offset : n.size;
    uint64_t count = n.size - offset < in.count ? n.size - offset : in.count;
    out.data = idl::Data{n.data + offset, static_cast<uint32_t>(count)};
    return {};
  }
  Status set_buffer(const idl::fs::FileSetBufferParams& in, idl::fs::FileSetBufferResults&) {
    int64_t address = sys::membuf_map(in.buffer, 0, 0, in.size, abi::kProtRead | abi::kProtWrite);
    (void)ipc::close(in.buffer);  // the mapping keeps the buffer
    if (address < 0) return static_cast<Error>(address);
    if (file->buffer) sys::mem_unmap(reinterpret_cast<uint64_t>(file->buffer), file->buffer_size);
    file->buffer = reinterpret_cast<uint8_t*>(address);
    file->buffer_size = in.size;
    return {};
  }
  Status read_bulk(const idl::fs::FileReadBulkParams& in, idl::fs::FileReadBulkResults& out) {
    const Node& n = *file->node;
    if (n.kind == NodeKind::Directory) return Error::IsDirectory;
    if (!file->buffer) return Error::BadState;
    uint64_t offset = in.offset < n.size ? in.offset : n.size;
    uint64_t count = n.size - offset < in.buffer.length ? n.size - offset : in.buffer.length;
    memcpy(file->buffer + in.buffer.offset, n.data + offset, count);
    bump(counters.bulk_reads, 1);
    out.count = static_cast<uint32_t>(count);
    return {};
  }
  Status stat(const idl::fs::FileStatParams&, idl::fs::FileStatResults& out) {
    out.stat = stat_of(*file->node, static_cast<size_t>(file->node - nodes));
    return {};
  }
  PROCTEST_UNSUPPORTED(write)
  PROCTEST_UNSUPPORTED(write_bulk)
  PROCTEST_UNSUPPORTED(truncate)
  PROCTEST_UNSUPPORTED(readdir)
  PROCTEST_UNSUPPORTED(clone)
  PROCTEST_UNSUPPORTED(sync)
  PROCTEST_UNSUPPORTED(set_attributes)
  void drop_handles(const ipc::Handle* handles, uint32_t count) {
    for (uint32_t i = 0; i < count; ++i) (void)ipc::close(handles[i]);
  }
};

void close_file(OpenFile& f) {
  (void)ipc::close(f.end);
  if (f.buffer) sys::mem_unmap(reinterpret_cast<uint64_t>(f.buffer), f.buffer_size);
  f = OpenFile{};
  bump(counters.files_open, -1);
}

void serve(void*) {
  VfsImpl vfs;
  FileImpl file;
  ipc::Event e = ipc::port_wait(port);
  for (;;) {
    if (!e.ok()) {
      e = ipc::port_wait(port);
      continue;
    }
    bool is_file = e.badge & kFileBadge;
    size_t index = e.badge & 0xffffffff;
    if (e.kind() == abi::EventKind::Call) {
      ipc::Message& m = ipc::take(e);
      if (is_file) {
        file.file = &files[index];
        idl::fs::dispatch_file(file, m, file.file->buffer_size);
      } else {
        idl::vfs::dispatch_vfs(vfs, m);
      }
      e = ipc::reply_wait(port, m);
      continue;
    }
    if (e.kind() == abi::EventKind::PeerClosed) {
      if (is_file) {
        close_file(files[index]);
      } else {
        (void)ipc::close(sessions[index]);
        sessions[index] = 0;
        bump(counters.sessions_open, -1);
      }
    }
    e = ipc::port_wait(port);
  }
}

}  // namespace

Status start_standin_vfs() {
  nodes[1].size = static_cast<size_t>(proctest_image_ktest_end - proctest_image_ktest);
  nodes[2].size = static_cast<size_t>(proctest_image_prochelper_end - proctest_image_prochelper);
  auto p = ipc::port_create();
  if (!p) return p.error();
  port = *p;
  // Before the thread starts: afterwards only it touches the tables.
  auto root = new_session();
  if (!root) return root.error();
  root_session = *root;
  auto thread = ipc::start_thread(serve, nullptr);
  if (!thread) return thread.error();
  return ipc::close(*thread);
}

Result<ipc::Handle> standin_session() {
  ipc::ChannelTransport transport(root_session);
  idl::vfs::VfsClient<ipc::ChannelTransport> client(transport);
  ipc::Handle session = 0;
  TRY(client.clone(false, session));
  return session;
}

StandinCounters standin_counters() {
  StandinCounters c;
  c.opens = __atomic_load_n(&counters.opens, __ATOMIC_RELAXED);
  c.private_clones = __atomic_load_n(&counters.private_clones, __ATOMIC_RELAXED);
  c.bulk_reads = __atomic_load_n(&counters.bulk_reads, __ATOMIC_RELAXED);
  c.files_open = __atomic_load_n(&counters.files_open, __ATOMIC_RELAXED);
  c.sessions_open = __atomic_load_n(&counters.sessions_open, __ATOMIC_RELAXED);
  return c;
}

}  // namespace proctest
