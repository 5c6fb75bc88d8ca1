// ProcFs: /proc, a read-only tree (server/file_tree.h) whose files are made
// from what procmgr knows (ProcessManager.list, cmdline, mountView on its
// observer channel), the kernel's memory counts and the timer; libserver's
// TreeFileServer serves it as FileSystem and File. Each open renders the
// file's text once (Linux's files are made at read time; a snapshot per
// open reads consistently), and reads of that open read the snapshot.
// Directories list live entries on each readdir. Everything that would
// change the tree is ReadOnly.
//
// procfs calls procmgr (trusted, started before it) without a deadline, and
// a process's mountspace view (a vfs session: vfs is trusted too, but the
// session may be any channel the parent passed) with kViewCallTimeoutMs.
#pragma once

#include <cstdint>

#include "ipc/ipc.h"
#include "proc_path.h"
#include "procmgr.idl.h"
#include "result.h"
#include "server/file_tree.h"
#include "server/tree_files.h"

namespace procfs {

class ProcFs final : public server::FileTree {
 public:
  static constexpr uint32_t kMaxText = 16 * 1024;  // the largest file: 32 mounts of long paths
  static constexpr server::TreeFiles::Limits kLimits{.open_files = 1024, .channels_per_open = 16};
  static constexpr uint64_t kViewCallTimeoutMs = 500;

  ProcFs(ipc::Handle procmgr, uint64_t memory_bytes) : procmgr_(procmgr), memory_bytes_(memory_bytes) {}

  Result<server::TreeNode*> open(std::string_view path, uint32_t flags, uint32_t mode) override;
  Status close(server::TreeNode* node) override;
  Result<server::NodeStat> stat(std::string_view path) override;
  // Nothing is made, removed or renamed in /proc.
  Status mkdir(std::string_view, uint32_t) override { return Error::ReadOnly; }
  Status rmdir(std::string_view) override { return Error::ReadOnly; }
  Status unlink(std::string_view) override { return Error::ReadOnly; }
  Status rename(std::string_view, std::string_view) override { return Error::ReadOnly; }
  server::NodeStat stat(server::TreeNode& node) override;
  Result<uint32_t> read(server::TreeNode& node, uint64_t offset, std::span<uint8_t> out) override;
  // Opens for writing are refused, so these are never reached with one.
  Result<uint32_t> write(server::TreeNode&, uint64_t, std::span<const uint8_t>) override { return Error::ReadOnly; }
  Status truncate(server::TreeNode&, uint64_t) override { return Error::ReadOnly; }
  Result<server::DirEntry> readdir(server::TreeNode& node, uint32_t index) override;
  Status set_attributes(server::TreeNode&, const server::Attributes&) override { return Error::ReadOnly; }
  // No storage: df shows the nodes, the two system files and the processes.
  server::TreeSpace space() override;

 private:
  // A process as procmgr lists it, its name copied out of the reply.
  struct Process {
    idl::procmgr::ProcessInfo info;
    char name[32];
  };
  // Renders node's text into text_: its length. NotFound if its process is gone.
  Result<uint32_t> render(const ProcNode& node);
  // The node's size: its rendered text's for a file, 0 for a directory.
  Result<uint32_t> size_of(const ProcNode& node);
  Result<Process> find(int64_t pid);
  Result<uint32_t> render_mounts(int64_t pid);
  Result<uint32_t> render_cmdline(int64_t pid);

  ipc::Handle procmgr_;
  uint64_t memory_bytes_;
  char text_[kMaxText];  // the file being rendered (one server thread)
  char pid_name_[24];    // a readdir's pid, until the next call
};

}  // namespace procfs
