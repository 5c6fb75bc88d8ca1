#include "procfs.h"

#include <string.h>

#include "ipc/open_flags.h"
#include "ipc/syscall.h"
#include "ipc/time.h"
#include "ipc/transport.h"
#include "proc_file.h"
#include "render.h"
#include "vfs.idl.h"

namespace procfs {

using namespace idl::fs;
using Procmgr = idl::procmgr::ProcessManagerClient<ipc::ChannelTransport>;

namespace {

constexpr uint32_t kFileMode = 0444;
constexpr uint32_t kDirectoryMode = 0555;
constexpr uint64_t kPageSize = 4096;

// Inodes: a number per node, the pid in the high bits.
uint64_t inode_of(const ProcNode& node) { return uint64_t(node.pid) << 4 | uint64_t(node.type); }

bool is_process_node(NodeType type) {
  return type != NodeType::Root && type != NodeType::Meminfo && type != NodeType::Uptime;
}

}  // namespace

void ProcFs::on_call(server::Call& call) { dispatch_file_system(*this, call.message()); }

Result<ProcFs::Process> ProcFs::find(int64_t pid) {
  ipc::ChannelTransport transport(procmgr_);
  Procmgr procmgr(transport);
  for (uint32_t index = 0;; ++index) {
    idl::procmgr::ProcessInfo info;
    bool end = false;
    TRY(procmgr.list(index, info, end));
    if (end) return Error::NotFound;
    if (info.pid != pid) continue;
    Process p;
    p.info = info;
    uint32_t n = info.name.size < sizeof p.name ? info.name.size : uint32_t(sizeof p.name);
    memcpy(p.name, info.name.data, n);  // the view dies with the next call
    p.info.name = idl::Text(p.name, n);
    return p;
  }
}

Result<uint32_t> ProcFs::render_cmdline(int64_t pid) {
  ipc::ChannelTransport transport(procmgr_);
  idl::Data argv;
  TRY(Procmgr(transport).cmdline(pid, argv));
  uint32_t n = argv.size < kMaxText ? argv.size : kMaxText;
  memcpy(text_, argv.data, n);
  return n;
}

Result<uint32_t> ProcFs::render_mounts(int64_t pid) {
  ipc::Handle view = ipc::kInvalidHandle;
  {
    ipc::ChannelTransport transport(procmgr_);
    TRY(Procmgr(transport).mount_view(pid, view));
  }
  Text text(text_, kMaxText);
  ipc::ChannelTransport transport(view, ipc::deadline_in_ms(kViewCallTimeoutMs));
  idl::vfs::VfsClient<ipc::ChannelTransport> vfs(transport);
  Status listed;
  for (uint32_t index = 0;; ++index) {
    idl::Text path;
    bool end = false;
    listed = vfs.mounts(index, path, end);
    if (!listed || end) break;
    text.add(std::string_view(path.data, path.size)).add("\n");
  }
  (void)ipc::close(view);
  if (!listed) return listed.error();
  return uint32_t(text.size());
}

Result<uint32_t> ProcFs::render(const ProcNode& node) {
  switch (node.type) {
    case NodeType::Meminfo: {
      sys::KernelMemory memory = sys::kernel_memory();
      return uint32_t(render_meminfo(memory_bytes_, memory.free_frames * kPageSize, text_, kMaxText));
    }
    case NodeType::Uptime:
      return uint32_t(render_uptime(sys::read_time(), ipc::ticks_per_second(), text_, kMaxText));
    case NodeType::Status: {
      auto p = find(node.pid);
      if (!p) return p.error();
      const auto& info = p->info;
      ProcessStatus status{info.pid,
                           info.ppid,
                           std::string_view(info.name.data, info.name.size),
                           info.state == idl::procmgr::State::Running,
                           info.threads,
                           info.memory};
      return uint32_t(render_status(status, text_, kMaxText));
    }
    case NodeType::Cmdline:
      return render_cmdline(node.pid);
    case NodeType::Mounts:
      return render_mounts(node.pid);
    case NodeType::Root:
    case NodeType::ProcessDir:
      break;
  }
  return 0u;
}

Stat ProcFs::stat_of(const ProcNode& node, uint64_t size) const {
  bool dir = is_directory(node.type);
  return Stat{dir ? NodeKind::Directory : NodeKind::File, size, inode_of(node), dir ? kDirectoryMode : kFileMode,
              dir ? 2u : 1u};
}

Status ProcFs::open(const FileSystemOpenParams& in, FileSystemOpenResults& out) {
  ProcNode node{};
  if (!parse_path(std::string_view(in.path.data, in.path.size), node)) {
    return in.flags & ipc::open_flags::kCreate ? Error::ReadOnly : Error::NotFound;
  }
  if (ipc::open_flags::writes(in.flags) || (in.flags & ipc::open_flags::kTruncate)) return Error::ReadOnly;
  if (is_process_node(node.type)) TRY(find(node.pid));  // gone, or never was
  if (in.flags & ipc::open_flags::kDirectory && !is_directory(node.type)) return Error::NotDirectory;
  uint32_t size = 0;
  if (!is_directory(node.type)) {
    auto rendered = render(node);
    if (!rendered) return rendered.error();
    size = *rendered;
  }
  auto file = ProcFile::open(*this, node, text_, size);
  if (!file) return file.error();
  out.file = *file;
  out.stat = stat_of(node, size);
  return {};
}

Status ProcFs::stat(const FileSystemStatParams& in, FileSystemStatResults& out) {
  ProcNode node{};
  if (!parse_path(std::string_view(in.path.data, in.path.size), node)) return Error::NotFound;
  if (is_process_node(node.type)) TRY(find(node.pid));
  uint32_t size = 0;
  if (!is_directory(node.type)) {
    auto rendered = render(node);
    if (!rendered) return rendered.error();
    size = *rendered;
  }
  out.stat = stat_of(node, size);
  return {};
}

Result<bool> ProcFs::entry(const ProcNode& dir, uint32_t index, FileReaddirResults& out) {
  if (dir.type == NodeType::ProcessDir) {
    if (index >= sizeof kProcessFiles / sizeof kProcessFiles[0]) return false;
    out.name = idl::Text(kProcessFiles[index].data(), uint32_t(kProcessFiles[index].size()));
    out.kind = NodeKind::File;
    return true;
  }
  constexpr uint32_t kFixed = sizeof kRootFiles / sizeof kRootFiles[0];
  if (index < kFixed) {
    out.name = idl::Text(kRootFiles[index].data(), uint32_t(kRootFiles[index].size()));
    out.kind = NodeKind::File;
    return true;
  }
  ipc::ChannelTransport transport(procmgr_);
  idl::procmgr::ProcessInfo info;
  bool end = false;
  TRY(Procmgr(transport).list(index - kFixed, info, end));
  if (end) return false;
  Text name(pid_name_, sizeof pid_name_);
  name.add_number(uint64_t(info.pid));
  out.name = idl::Text(pid_name_, uint32_t(name.size()));
  out.kind = NodeKind::Directory;
  return true;
}

// Nothing is made, removed or renamed in /proc.
Status ProcFs::mkdir(const FileSystemMkdirParams&, FileSystemMkdirResults&) { return Error::ReadOnly; }
Status ProcFs::rmdir(const FileSystemRmdirParams&, FileSystemRmdirResults&) { return Error::ReadOnly; }
Status ProcFs::unlink(const FileSystemUnlinkParams&, FileSystemUnlinkResults&) { return Error::ReadOnly; }
Status ProcFs::rename(const FileSystemRenameParams&, FileSystemRenameResults&) { return Error::ReadOnly; }
Status ProcFs::sync(const FileSystemSyncParams&, FileSystemSyncResults&) { return {}; }

// No storage: df shows the nodes, the two system files and the processes.
Status ProcFs::statfs(const FileSystemStatfsParams&, FileSystemStatfsResults& out) {
  ipc::ChannelTransport transport(procmgr_);
  Procmgr procmgr(transport);
  uint64_t processes = 0;
  for (;; ++processes) {
    idl::procmgr::ProcessInfo info;
    bool end = false;
    TRY(procmgr.list(uint32_t(processes), info, end));
    if (end) break;
  }
  out.info.type = idl::Text("procfs", 6);
  out.info.block_size = 4096;
  out.info.files = 1 + sizeof kRootFiles / sizeof kRootFiles[0] + processes;
  return {};
}

}  // namespace procfs
