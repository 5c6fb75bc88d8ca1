#include "procfs.h"

#include <stdlib.h>
#include <string.h>

#include <new>

#include "ipc/open_flags.h"
#include "ipc/syscall.h"
#include "ipc/time.h"
#include "ipc/transport.h"
#include "render.h"
#include "vfs.idl.h"

namespace procfs {

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

// One open: its node, and the text rendered when it was opened (none for a
// directory).
struct OpenNode : server::TreeNode {
  ProcNode node;
  char* text;  // malloc'ed; null for a directory
  uint32_t size;
};

OpenNode& open_node(server::TreeNode& node) { return static_cast<OpenNode&>(node); }

server::NodeStat stat_of(const ProcNode& node, uint64_t size) {
  bool dir = is_directory(node.type);
  return {dir ? server::NodeKind::Directory : server::NodeKind::File, size, inode_of(node),
          dir ? kDirectoryMode : kFileMode, dir ? 2u : 1u};
}

}  // namespace

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
      return uint32_t(render_meminfo(memory_bytes_, memory.free_frames * kPageSize, memory.heap_bytes, text_, kMaxText));
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

Result<uint32_t> ProcFs::size_of(const ProcNode& node) {
  if (is_process_node(node.type)) TRY(find(node.pid));  // gone, or never was
  if (is_directory(node.type)) return 0u;
  return render(node);
}

Result<server::TreeNode*> ProcFs::open(std::string_view path, uint32_t flags, uint32_t) {
  ProcNode node{};
  if (!parse_path(path, node)) return flags & ipc::open_flags::kCreate ? Error::ReadOnly : Error::NotFound;
  if (ipc::open_flags::writes(flags) || (flags & ipc::open_flags::kTruncate)) return Error::ReadOnly;
  auto size = size_of(node);
  if (!size) return size.error();
  if (flags & ipc::open_flags::kDirectory && !is_directory(node.type)) return Error::NotDirectory;
  char* text = nullptr;
  if (!is_directory(node.type)) {
    text = static_cast<char*>(malloc(*size ? *size : 1));
    if (!text) return Error::NoMemory;
    memcpy(text, text_, *size);
  }
  auto* open = new (std::nothrow) OpenNode;
  if (!open) {
    free(text);
    return Error::NoMemory;
  }
  open->node = node;
  open->text = text;
  open->size = *size;
  return open;
}

Status ProcFs::close(server::TreeNode* node) {
  OpenNode* open = &open_node(*node);
  free(open->text);
  delete open;
  return {};
}

Result<server::NodeStat> ProcFs::stat(std::string_view path) {
  ProcNode node{};
  if (!parse_path(path, node)) return Error::NotFound;
  auto size = size_of(node);
  if (!size) return size.error();
  return stat_of(node, *size);
}

server::NodeStat ProcFs::stat(server::TreeNode& node) {
  const OpenNode& open = open_node(node);
  return stat_of(open.node, open.size);
}

Result<uint32_t> ProcFs::read(server::TreeNode& node, uint64_t offset, std::span<uint8_t> out) {
  const OpenNode& open = open_node(node);
  if (!open.text) return Error::IsDirectory;
  if (offset >= open.size) return 0u;
  uint32_t n = open.size - offset < out.size() ? uint32_t(open.size - offset) : uint32_t(out.size());
  memcpy(out.data(), open.text + offset, n);
  return n;
}

Result<server::DirEntry> ProcFs::readdir(server::TreeNode& tree_node, uint32_t index) {
  const ProcNode& dir = open_node(tree_node).node;
  if (!is_directory(dir.type)) return Error::NotDirectory;
  if (dir.type == NodeType::ProcessDir) {
    if (index >= sizeof kProcessFiles / sizeof kProcessFiles[0]) return Error::OutOfRange;
    return server::DirEntry{kProcessFiles[index], server::NodeKind::File};
  }
  constexpr uint32_t kFixed = sizeof kRootFiles / sizeof kRootFiles[0];
  if (index < kFixed) return server::DirEntry{kRootFiles[index], server::NodeKind::File};
  ipc::ChannelTransport transport(procmgr_);
  idl::procmgr::ProcessInfo info;
  bool end = false;
  TRY(Procmgr(transport).list(index - kFixed, info, end));
  if (end) return Error::OutOfRange;
  Text name(pid_name_, sizeof pid_name_);
  name.add_number(uint64_t(info.pid));
  return server::DirEntry{std::string_view(pid_name_, name.size()), server::NodeKind::Directory};
}

server::TreeSpace ProcFs::space() {
  ipc::ChannelTransport transport(procmgr_);
  Procmgr procmgr(transport);
  uint64_t processes = 0;
  for (;; ++processes) {
    idl::procmgr::ProcessInfo info;
    bool end = false;
    // procmgr is trusted and started first: should it fail, df counts what it listed.
    if (!procmgr.list(uint32_t(processes), info, end) || end) break;
  }
  return {"procfs", 4096, 0, 0, 1 + sizeof kRootFiles / sizeof kRootFiles[0] + processes};
}

}  // namespace procfs
