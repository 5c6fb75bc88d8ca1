// fstest: a file-system server driven through its protocol (idl/fs.capnp)
// from user mode. `fstest ramfs` starts bin/ramfs on a fresh channel and
// runs every test against it; `fstest bootfs +bootfs` starts one with the
// boot archive and checks what it loaded. Each test prints "PASS <name>" or
// "FAIL <name>: why" and returns its number of failures.
#pragma once

#include <stdio.h>

#include "abi/error.h"
#include "fs.idl.h"
#include "ipc/ipc.h"
#include "ipc/open_flags.h"
#include "ipc/transport.h"

namespace fstest {

namespace flags = ipc::open_flags;
using idl::fs::NodeKind;
using idl::fs::Stat;
using FileSystemClient = idl::fs::FileSystemClient<ipc::ChannelTransport>;
using FileClient = idl::fs::FileClient<ipc::ChannelTransport>;

// Counts the failed expectations of one test.
class Check {
 public:
  explicit Check(const char* test) : test_(test) {}

  bool that(bool ok, const char* what) {
    if (!ok) {
      printf("FAIL %s: %s\n", test_, what);
      ++failures_;
    }
    return ok;
  }
  bool status(Status got, abi::Error expected, const char* what) {
    if (got.error() == expected) return true;
    printf("FAIL %s: %s: got %s, expected %s\n", test_, what, abi::error_name(got.error()), abi::error_name(expected));
    ++failures_;
    return false;
  }
  bool ok(Status got, const char* what) { return status(got, abi::Error::Ok, what); }
  int failures() const { return failures_; }

 private:
  const char* test_;
  int failures_ = 0;
};

// The FileSystem channel to the server under test.
struct FileSystem {
  explicit FileSystem(ipc::Handle end) : transport(end), client(transport) {}
  ipc::ChannelTransport transport;
  FileSystemClient client;
};

// An open file's channel, closed when it goes.
class File {
 public:
  explicit File(ipc::Handle end = ipc::kInvalidHandle, uint32_t bulk_size = 0)
      : transport_(end), client_(transport_, bulk_size) {}
  ~File() { close(); }
  File(const File&) = delete;
  File& operator=(const File&) = delete;

  // Opens path into this (closing what it held).
  Status open(FileSystem& fs, const char* path, uint32_t open_flags, uint32_t mode = 0644);
  void close() {
    if (transport_.end() != ipc::kInvalidHandle) (void)ipc::close(transport_.end());
    transport_ = ipc::ChannelTransport(ipc::kInvalidHandle);
  }
  ipc::Handle end() const { return transport_.end(); }
  ipc::ChannelTransport& transport() { return transport_; }
  FileClient& operator*() { return client_; }
  FileClient* operator->() { return &client_; }

  // Small transfers, with the bytes copied out of the reply.
  Status write_text(uint64_t offset, const char* text, uint32_t& count);
  Status read_bytes(uint64_t offset, uint32_t count, uint8_t* out, uint32_t& got);
  // True if the whole file reads as text.
  bool holds(const char* text);

 private:
  ipc::ChannelTransport transport_;
  FileClient client_;
};

// A file created (or emptied) with contents.
bool make_file(Check& check, FileSystem& fs, const char* path, const char* contents);

int files(FileSystem& fs);
int access(FileSystem& fs);
int bulk(FileSystem& fs);
int directories(FileSystem& fs);
int errors(FileSystem& fs);
int clone(FileSystem& fs);
int malformed(FileSystem& fs);
int open_for(FileSystem& fs);
int full(FileSystem& fs);
int limits(FileSystem& fs);
int bootfs(FileSystem& fs);

}  // namespace fstest
