// The FileSystem handlers of a test file system that answers vfs's mount
// check ("" is a directory) and refuses everything else: the file systems
// of the hostile checks derive from it and hold or answer calls themselves.
#pragma once

#include "vfstest.h"

namespace vfstest {

struct DirectoryOnlyFs {
  Status stat(const idl::fs::FileSystemStatParams&, idl::fs::FileSystemStatResults& out) {
    out.stat.kind = idl::fs::NodeKind::Directory;
    return {};
  }
  template <class P, class R>
  Status open(const P&, R&) {
    return Error::NoSyscall;
  }
  template <class P, class R>
  Status open_for(const P&, R&) {
    return Error::NoSyscall;
  }
  template <class P, class R>
  Status mkdir(const P&, R&) {
    return Error::NoSyscall;
  }
  template <class P, class R>
  Status rmdir(const P&, R&) {
    return Error::NoSyscall;
  }
  template <class P, class R>
  Status unlink(const P&, R&) {
    return Error::NoSyscall;
  }
  template <class P, class R>
  Status rename(const P&, R&) {
    return Error::NoSyscall;
  }
  template <class P, class R>
  Status sync(const P&, R&) {
    return Error::NoSyscall;
  }
  template <class P, class R>
  Status statfs(const P&, R&) {
    return Error::NoSyscall;
  }
  void drop_handles(const ipc::Handle* handles, uint32_t count) {
    for (uint32_t i = 0; i < count; ++i) (void)ipc::close(handles[i]);
  }

  // Takes the mount check on server_end and answers it.
  Status answer_mount_check(ipc::Handle server_end) {
    ipc::Event call = ipc::channel_recv(server_end);
    if (!call.ok()) return call.error();
    ipc::Message& m = ipc::take(call);
    idl::fs::dispatch_file_system(*this, m);
    return ipc::reply(ipc::detail::info_of(m), ipc::detail::register_words(m));
  }
};

}  // namespace vfstest
