// ProcFs: /proc, a read-only file system (idl/fs.capnp FileSystem and File)
// whose files are made from what procmgr knows (ProcessManager.list,
// cmdline, mountView on its observer channel), the kernel's memory counts
// and the timer. Each open renders the file's text once (Linux's files are
// made at read time; a snapshot per open reads consistently), and the File
// channel then serves that text: read, readBulk, stat, clone. Directories
// list live entries on each readdir.
//
// procfs calls procmgr (trusted, started before it) without a deadline, and
// a process's mountspace view (a vfs session: vfs is trusted too, but the
// session may be any channel the parent passed) with kViewCallTimeoutMs.
#pragma once

#include <cstdint>

#include "fs.idl.h"
#include "ipc/ipc.h"
#include "proc_path.h"
#include "procmgr.idl.h"
#include "result.h"
#include "server/server.h"

namespace procfs {

class ProcFs final : public server::Source, public server::HandleCloser {
 public:
  static constexpr uint32_t kMaxText = 16 * 1024;  // the largest file: 32 mounts of long paths
  static constexpr uint32_t kMaxOpenFiles = 1024;
  static constexpr uint64_t kViewCallTimeoutMs = 500;

  ProcFs(server::Server& server, ipc::Handle procmgr, uint64_t memory_bytes)
      : server_(server), procmgr_(procmgr), memory_bytes_(memory_bytes) {}

  void on_call(server::Call& call) override;
  // vfs unmounted us: nothing is left to serve.
  void on_closed() override { server_.stop(0); }

  // FileSystem.
  Status open(const idl::fs::FileSystemOpenParams& in, idl::fs::FileSystemOpenResults& out);
  Status stat(const idl::fs::FileSystemStatParams& in, idl::fs::FileSystemStatResults& out);
  Status mkdir(const idl::fs::FileSystemMkdirParams&, idl::fs::FileSystemMkdirResults&);
  Status rmdir(const idl::fs::FileSystemRmdirParams&, idl::fs::FileSystemRmdirResults&);
  Status unlink(const idl::fs::FileSystemUnlinkParams&, idl::fs::FileSystemUnlinkResults&);
  Status rename(const idl::fs::FileSystemRenameParams&, idl::fs::FileSystemRenameResults&);
  Status sync(const idl::fs::FileSystemSyncParams&, idl::fs::FileSystemSyncResults&);
  Status statfs(const idl::fs::FileSystemStatfsParams&, idl::fs::FileSystemStatfsResults& out);

  // For the open files (proc_file.h).
  // The entry at index of a directory: false past the last.
  Result<bool> entry(const ProcNode& dir, uint32_t index, idl::fs::FileReaddirResults& out);
  idl::fs::Stat stat_of(const ProcNode& node, uint64_t size) const;
  server::Server& server() { return server_; }
  uint32_t open_files = 0;

 private:
  // A process as procmgr lists it, its name copied out of the reply.
  struct Process {
    idl::procmgr::ProcessInfo info;
    char name[32];
  };
  // Renders node's text into text_: its length. NotFound if its process is gone.
  Result<uint32_t> render(const ProcNode& node);
  Result<Process> find(int64_t pid);
  Result<uint32_t> render_mounts(int64_t pid);
  Result<uint32_t> render_cmdline(int64_t pid);

  server::Server& server_;
  ipc::Handle procmgr_;
  uint64_t memory_bytes_;
  char text_[kMaxText];  // the file being rendered (one server thread)
  char pid_name_[24];    // a readdir's pid, until the reply is built
};

}  // namespace procfs
