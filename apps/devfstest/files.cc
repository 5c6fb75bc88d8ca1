// devfstest files: devfs's own nodes (null, zero, the directory), the
// refusals of a file system nobody writes to, and malformed messages.
#include <stdio.h>
#include <string.h>

#include "../raw_call.h"
#include "abi/syscall.h"
#include "checks.h"
#include "ipc/open_flags.h"
#include "ipc/syscall.h"

namespace devfstest {

namespace {

namespace flags = ipc::open_flags;
using idl::fs::NodeKind;
using idl::fs::Stat;

constexpr const char* kName = "files";

bool null_and_zero(FileSystem& fs) {
  ipc::Handle h = ipc::kInvalidHandle;
  Stat stat;
  if (!check_status(fs.open("null", flags::kReadWrite, 0, h, stat), Error::Ok, kName, "open null")) return false;
  if (!check(stat.kind == NodeKind::Device, kName, "null is not a device")) return false;
  Transport null_transport(h);
  File null(null_transport);
  idl::Data data;
  uint32_t count = 0;
  if (!check_status(null.read(0, 100, data), Error::Ok, kName, "read null")) return false;
  if (!check(data.size == 0, kName, "null gave bytes")) return false;
  static const uint8_t kBytes[] = {'a', 'b', 'c'};
  if (!check_status(null.write(0, idl::Data{kBytes, 3}, count), Error::Ok, kName, "write null")) return false;
  if (!check(count == 3, kName, "null took fewer bytes than written")) return false;
  ipc::Handle copy = ipc::kInvalidHandle;
  if (!check_status(null.clone(copy), Error::Ok, kName, "clone null")) return false;
  Transport copy_transport(copy);
  if (!check_status(File(copy_transport).write(0, idl::Data{kBytes, 2}, count), Error::Ok, kName, "write clone")) {
    return false;
  }
  (void)ipc::close(copy);
  (void)ipc::close(h);

  if (!check_status(fs.open("zero", flags::kReadOnly, 0, h, stat), Error::Ok, kName, "open zero")) return false;
  Transport zero_transport(h);
  File zero(zero_transport);
  if (!check_status(zero.read(0, 100, data), Error::Ok, kName, "read zero")) return false;
  bool zeros = data.size == 100;
  for (uint32_t i = 0; zeros && i < data.size; ++i) zeros = data.data[i] == 0;
  if (!check(zeros, kName, "zero did not give 100 zero bytes")) return false;
  if (!check_status(zero.read(0, 5000, data), Error::Ok, kName, "read zero 5000")) return false;
  if (!check(data.size == 3072, kName, "a large read of zero is not one message's worth")) return false;
  if (!check_status(zero.write(0, idl::Data{kBytes, 3}, count), Error::AccessDenied, kName, "write read-only zero")) {
    return false;
  }
  if (!check_status(zero.stat(stat), Error::Ok, kName, "stat zero") || !check(stat.kind == NodeKind::Device, kName,
                                                                               "zero is not a device")) {
    return false;
  }
  // Bulk reads fill the shared buffer's range and nothing else.
  constexpr uint32_t kBuffer = 4096;
  int64_t buffer = sys::membuf_create(kBuffer);
  int64_t mapping = buffer < 0 ? buffer : sys::membuf_map(uint32_t(buffer), 0, 0, kBuffer, abi::kProtRead | abi::kProtWrite);
  if (!check(mapping >= 0, kName, "membuf setup failed")) return false;
  auto* bytes = reinterpret_cast<volatile uint8_t*>(mapping);
  for (uint32_t i = 0; i < kBuffer; ++i) bytes[i] = 0xff;
  File zero_bulk(zero_transport, kBuffer);
  if (!check_status(zero_bulk.set_buffer(uint32_t(buffer), kBuffer), Error::Ok, kName, "setBuffer")) return false;
  if (!check_status(zero_bulk.read_bulk(0, idl::Bulk{100, 200}, count), Error::Ok, kName, "readBulk zero")) {
    return false;
  }
  bool filled = count == 200 && bytes[99] == 0xff && bytes[300] == 0xff;
  for (uint32_t i = 100; filled && i < 300; ++i) filled = bytes[i] == 0;
  if (!check(filled, kName, "readBulk of zero did not zero exactly its range")) return false;
  sys::mem_unmap(uint64_t(mapping), kBuffer);
  (void)ipc::close(h);

  if (!check_status(fs.open("zero", flags::kWriteOnly, 0, h, stat), Error::Ok, kName, "open zero write-only")) {
    return false;
  }
  Transport wo_transport(h);
  File write_only(wo_transport);
  if (!check_status(write_only.read(0, 1, data), Error::AccessDenied, kName, "read write-only zero")) return false;
  if (!check_status(write_only.write(0, idl::Data{kBytes, 3}, count), Error::Ok, kName, "write zero")) return false;
  (void)ipc::close(h);
  return true;
}

bool directory(FileSystem& fs) {
  ipc::Handle h = ipc::kInvalidHandle;
  Stat stat;
  if (!check_status(fs.stat("", stat), Error::Ok, kName, "stat \"\"")) return false;
  if (!check(stat.kind == NodeKind::Directory, kName, "the root is not a directory")) return false;
  if (!check_status(fs.open("", flags::kReadOnly | flags::kDirectory, 0, h, stat), Error::Ok, kName, "open \"\"")) {
    return false;
  }
  Transport t(h);
  File dir(t);
  const char* expected[] = {"null", "zero"};
  for (uint32_t i = 0; i < 3; ++i) {
    idl::Text name;
    NodeKind kind{};
    bool end = false;
    if (!check_status(dir.readdir(i, name, kind, end), Error::Ok, kName, "readdir")) return false;
    if (i == 2) return check(end, kName, "readdir lists more than null and zero");
    if (!check(!end && name == idl::Text(expected[i]) && kind == NodeKind::Device, kName, "readdir entry")) {
      return false;
    }
  }
  idl::Data data;
  if (!check_status(dir.read(0, 10, data), Error::IsDirectory, kName, "read the directory")) return false;
  (void)ipc::close(h);
  return true;
}

bool refusals(FileSystem& fs) {
  ipc::Handle h = ipc::kInvalidHandle;
  Stat stat;
  struct Case {
    const char* what;
    Status got;
    Error expected;
  };
  const Case cases[] = {
      {"open \"\" for writing", fs.open("", flags::kReadWrite, 0, h, stat), Error::IsDirectory},
      {"open nope", fs.open("nope", flags::kReadOnly, 0, h, stat), Error::NotFound},
      {"create nope", fs.open("nope", flags::kReadWrite | flags::kCreate, 0644, h, stat), Error::AccessDenied},
      {"open null/x", fs.open("null/x", flags::kReadOnly, 0, h, stat), Error::NotDirectory},
      {"open a/b", fs.open("a/b", flags::kReadOnly, 0, h, stat), Error::NotFound},
      {"exclusive create null", fs.open("null", flags::kWriteOnly | flags::kCreate | flags::kExclusive, 0, h, stat),
       Error::AlreadyExists},
      {"open null as a directory", fs.open("null", flags::kDirectory, 0, h, stat), Error::NotDirectory},
      {"stat nope", fs.stat("nope", stat), Error::NotFound},
      {"mkdir x", fs.mkdir("x", 0755), Error::AccessDenied},
      {"rmdir null", fs.rmdir("null"), Error::AccessDenied},
      {"unlink null", fs.unlink("null"), Error::AccessDenied},
      {"unlink nope", fs.unlink("nope"), Error::AccessDenied},
      {"rename null", fs.rename("null", "other"), Error::AccessDenied},
  };
  bool ok = true;
  for (const Case& c : cases) ok = check_status(c.got, c.expected, kName, c.what) && ok;
  return ok;
}

using apptest::raw_call;

bool malformed(const Devfs& devfs, FileSystem& fs) {
  ipc::Handle h = ipc::kInvalidHandle;
  Stat stat;
  if (!check_status(fs.open("null", flags::kReadWrite, 0, h, stat), Error::Ok, kName, "open null")) return false;
  uint32_t fs_id = idl::fs::kFileSystemInterfaceId;
  uint32_t file_id = idl::fs::kFileInterfaceId;
  struct Request {
    uint16_t ordinal;
    uint16_t flags;
    uint32_t interface;
    uint32_t words[6];
  };
  // open's path descriptor pointing past the message.
  Request bad_path{0, 0, fs_id, {4096, 10, 0, 0, 0, 0}};
  Request stat_of_file{5, 0, file_id, {}};
  Request unknown_ordinal{77, 0, fs_id, {}};
  Request flags_set{1, 1, fs_id, {}};
  Request short_register{0, 0, idl::fs::kDeviceRegistryInterfaceId, {}};
  struct Case {
    const char* what;
    Error got;
    Error expected;
  };
  const Case cases[] = {
      {"4-byte request", raw_call(devfs.fs, "abcd", 4), Error::Malformed},
      {"File request on the file system", raw_call(devfs.fs, &stat_of_file, 8), Error::WrongType},
      {"unknown ordinal", raw_call(devfs.fs, &unknown_ordinal, 8), Error::NoSyscall},
      {"flags set", raw_call(devfs.fs, &flags_set, 16), Error::Malformed},
      {"path outside the message", raw_call(devfs.fs, &bad_path, 24), Error::Malformed},
      {"garbage to the registry", raw_call(devfs.registry, "0123456789abcdef", 16), Error::WrongType},
      {"short register", raw_call(devfs.registry, &short_register, 8),
       Error::Malformed},
      {"garbage to a file", raw_call(h, "xy", 2), Error::Malformed},
      {"stat with a tail", raw_call(h, &stat_of_file, 16), Error::Malformed},
  };
  bool ok = true;
  for (const Case& c : cases) ok = check_status(c.got, c.expected, kName, c.what) && ok;
  // devfs still answers.
  ok = check_status(fs.stat("zero", stat), Error::Ok, kName, "stat after malformed requests") && ok;
  (void)ipc::close(h);
  return ok;
}

}  // namespace

int test_files() {
  auto devfs = Devfs::start();
  if (!check(devfs.ok(), kName, "cannot start bin/devfs")) return 1;
  Transport t(devfs->fs);
  FileSystem fs(t);
  bool ok = null_and_zero(fs);
  ok = directory(fs) && ok;
  ok = refusals(fs) && ok;
  ok = malformed(*devfs, fs) && ok;
  ok = devfs->stop(kName) && ok;
  if (!ok) return 1;
  printf("PASS files\n");
  return 0;
}

}  // namespace devfstest
