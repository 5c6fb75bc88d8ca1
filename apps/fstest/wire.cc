// Hand-built messages the generated client would never send, each of which
// must get an error reply (docs/idl.md lists the checks); and a ramfs
// started with the boot archive.
#include <string.h>

#include "fstest.h"
#include "ipc/syscall.h"

namespace fstest {

namespace {

constexpr uint16_t kStat = 1;  // FileSystem.stat
constexpr uint16_t kRead = 0;  // File.read

void put16(uint8_t* at, uint16_t v) { memcpy(at, &v, 2); }
void put32(uint8_t* at, uint32_t v) { memcpy(at, &v, 4); }

// Starts a request in this thread's IPC buffer.
ipc::Message& request(uint16_t ordinal, uint32_t interface_id, uint32_t bytes) {
  ipc::Message& m = ipc::buffer();
  memset(m.data, 0, bytes);
  put16(m.data, ordinal);
  put32(m.data + 4, interface_id);
  m.bytes = bytes;
  m.handle_count = 0;
  return m;
}

// Sends it; the status of the reply (or of the call).
abi::Error status_of_call(ipc::Handle end, ipc::Message& m) {
  Status s = ipc::call(end, m);
  if (!s) return s.error();
  if (m.bytes < 8) return abi::Error::Ok;  // would be a bad reply; caught as "Ok != expected"
  int32_t status;
  memcpy(&status, m.data + 4, 4);
  if (status != 0 && (m.bytes != 8 || m.handle_count != 0)) return abi::Error::Ok;
  return static_cast<abi::Error>(status);
}

// A stat request for path, its descriptor as given.
ipc::Message& stat_request(const char* path, uint32_t descriptor_offset, uint32_t length) {
  ipc::Message& m = request(kStat, idl::fs::kFileSystemInterfaceId, 16 + length);
  put32(m.data + 8, descriptor_offset);
  put32(m.data + 12, length);
  memcpy(m.data + 16, path, length);
  return m;
}

}  // namespace

int malformed(FileSystem& fs) {
  Check check("malformed");
  using abi::Error;
  ipc::Handle end = fs.transport.end();
  auto expect = [&](Error expected, const char* what) {
    Error got = status_of_call(end, ipc::buffer());
    if (got != expected) {
      printf("FAIL malformed: %s: got %s, expected %s\n", what, abi::error_name(got), abi::error_name(expected));
      return false;
    }
    return true;
  };
  int failures = 0;

  request(kStat, idl::fs::kFileSystemInterfaceId, 4);
  failures += !expect(Error::Malformed, "a message shorter than its header");
  request(99, idl::fs::kFileSystemInterfaceId, 8);
  failures += !expect(Error::NoSyscall, "an unknown ordinal");
  request(kStat, idl::fs::kFileInterfaceId, 16);
  failures += !expect(Error::WrongType, "File's interface on the FileSystem channel");
  stat_request("x", 16, 1).data[2] = 1;
  failures += !expect(Error::Malformed, "non-zero flags");
  request(kStat, idl::fs::kFileSystemInterfaceId, 8);
  failures += !expect(Error::Malformed, "a request cut short of its fixed part");
  stat_request("errors", 16, 6);
  put32(ipc::buffer().data + 12, 600);
  failures += !expect(Error::Malformed, "a path running past the message");
  stat_request("errors", 16, 6);
  put32(ipc::buffer().data + 8, 4);
  failures += !expect(Error::Malformed, "a path inside the fixed part");
  stat_request("a\0b", 16, 3);
  failures += !expect(Error::Malformed, "a path with a NUL");
  static char long_path[1100];
  memset(long_path, 'p', sizeof long_path);
  stat_request(long_path, 16, sizeof long_path);
  failures += !expect(Error::TooLarge, "a path over its bound");

  // A handle the method does not take: refused, and closed by the server.
  auto pair = ipc::channel_create();
  if (check.that(pair.ok(), "channel_create")) {
    ipc::Message& m = stat_request("", 16, 0);
    m.handles[0] = pair->a;
    m.handle_count = 1;
    failures += !expect(Error::Malformed, "an unexpected handle");
    uint64_t words[4] = {};
    check.status(ipc::channel_send(pair->b, 8, words), Error::PeerClosed, "the server closes a refused handle");
    (void)ipc::close(pair->b);
  }

  // And on a File channel.
  File file;
  if (check.ok(file.open(fs, "", flags::kReadOnly), "open the root")) {
    end = file.end();
    request(kRead, idl::fs::kFileInterfaceId, 12);
    failures += !expect(Error::Malformed, "File.read cut short");
    request(42, idl::fs::kFileInterfaceId, 8);
    failures += !expect(Error::NoSyscall, "an unknown File ordinal");
    request(kStat, idl::fs::kFileSystemInterfaceId, 16);
    failures += !expect(Error::WrongType, "FileSystem's interface on a File channel");
  }

  Stat stat;
  check.ok(fs.client.stat("", stat), "the server still answers");
  return failures + check.failures();
}

int bootfs(FileSystem& fs) {
  Check check("bootfs");
  Stat stat;
  check.ok(fs.client.stat("bin", stat), "stat bin");
  check.that(stat.kind == NodeKind::Directory, "bin is a directory");
  for (const char* program : {"bin/init", "bin/ramfs", "bin/fstest"}) {
    if (!check.ok(fs.client.stat(program, stat), program)) continue;
    check.that(stat.kind == NodeKind::File && stat.size > 1000, program);
  }
  File file;
  if (check.ok(file.open(fs, "bin/fstest", flags::kReadOnly), "open bin/fstest")) {
    const uint8_t kElfMagic[4] = {0x7f, 'E', 'L', 'F'};
    uint8_t magic[4];
    uint32_t got;
    check.ok(file.read_bytes(0, 4, magic, got), "read bin/fstest");
    check.that(got == 4 && memcmp(magic, kElfMagic, 4) == 0, "bin/fstest starts with the ELF magic");
  }
  // What came from the archive can change like any other file.
  check.ok(fs.client.unlink("bin/ramfs"), "unlink a loaded file");
  check.ok(fs.client.mkdir("tmp", 01777), "mkdir next to the loaded files");
  return check.failures();
}

}  // namespace fstest
