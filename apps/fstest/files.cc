// Reading and writing files: small transfers in the message, access modes,
// and bulk transfers through a shared buffer.
#include <string.h>

#include "fstest.h"
#include "ipc/syscall.h"

namespace fstest {

namespace {
constexpr uint32_t kCreateRw = flags::kReadWrite | flags::kCreate;
}

int files(FileSystem& fs) {
  Check check("files");
  check.ok(fs.client.mkdir("files", 0755), "mkdir files");
  File file;
  check.status(file.open(fs, "files/missing", flags::kReadOnly), Error::NotFound, "open a missing file");
  if (!check.ok(file.open(fs, "files/a", kCreateRw, 0600), "create files/a")) return check.failures();
  Stat stat;
  check.ok(file->stat(stat), "stat");
  check.that(stat.kind == NodeKind::File && stat.size == 0 && stat.mode == 0600 && stat.links == 1,
             "a new file's stat");

  uint32_t count;
  check.ok(file.write_text(0, "hello, ramfs", count), "write");
  check.that(count == 12, "write count");
  check.that(file.holds("hello, ramfs"), "read back");
  uint8_t bytes[4096];
  uint32_t got;
  check.ok(file.read_bytes(6, 3, bytes, got), "read in the middle");
  check.that(got == 3 && memcmp(bytes, " ra", 3) == 0, "read in the middle gives the middle");
  check.ok(file.read_bytes(12, 10, bytes, got), "read at the end");
  check.that(got == 0, "a read at the end gives 0 bytes");
  check.ok(file.read_bytes(1'000'000, 10, bytes, got), "read past the end");
  check.that(got == 0, "a read past the end gives 0 bytes");

  // A hole reads as zeros.
  check.ok(file.write_text(20, "x", count), "write past the end");
  check.ok(file.read_bytes(12, 100, bytes, got), "read across the hole");
  check.that(got == 9 && bytes[0] == 0 && bytes[7] == 0 && bytes[8] == 'x', "the hole reads as zeros");
  check.ok(file->stat(stat), "stat after growth");
  check.that(stat.size == 21, "size after a write past the end");

  // A read returns at most what a message carries.
  static uint8_t big[4000];
  memset(big, 'b', sizeof big);
  check.ok(file->write(0, idl::Data{big, 3072}, count), "write 3072 bytes");
  check.ok(file->write(3072, idl::Data{big, 928}, count), "write 928 more");
  check.ok(file.read_bytes(0, 5000, bytes, got), "read 5000");
  check.that(got == 3072, "a read is cut to 3072 bytes");

  check.ok(file->truncate(5), "truncate");
  check.ok(file.write_text(0, "HELLO", count), "rewrite");
  check.that(file.holds("HELLO"), "truncated contents");

  // The FileSystem view of the same node.
  Stat by_path;
  check.ok(file->stat(stat), "stat the open file");
  check.ok(fs.client.stat("files/a", by_path), "stat by path");
  check.that(by_path.inode == stat.inode && by_path.size == 5, "stat by path matches the open file");

  File again;
  check.status(again.open(fs, "files/a", kCreateRw | flags::kExclusive), Error::AlreadyExists, "O_EXCL");
  check.ok(again.open(fs, "files/a", kCreateRw), "O_CREAT on an existing file");
  check.that(again.holds("HELLO"), "O_CREAT keeps the contents");
  check.ok(again.open(fs, "files/a", flags::kWriteOnly | flags::kTruncate), "O_TRUNC");
  check.ok(file->stat(stat), "stat after O_TRUNC");
  check.that(stat.size == 0, "O_TRUNC empties the file");

  File log;
  check.ok(log.open(fs, "files/log", flags::kWriteOnly | flags::kCreate | flags::kAppend), "create with O_APPEND");
  check.ok(log.write_text(0, "one", count), "append one");
  check.ok(log.write_text(0, "two", count), "append two");
  File reader;
  check.ok(reader.open(fs, "files/log", flags::kReadOnly), "open the log");
  check.that(reader.holds("onetwo"), "O_APPEND writes at the end");
  return check.failures();
}

int access(FileSystem& fs) {
  Check check("access");
  check.ok(fs.client.mkdir("access", 0755), "mkdir access");
  make_file(check, fs, "access/f", "data");
  uint32_t count;
  uint8_t bytes[16];

  File reader;
  check.ok(reader.open(fs, "access/f", flags::kReadOnly), "open read-only");
  check.status(reader.write_text(0, "x", count), Error::AccessDenied, "write to a read-only open");
  check.status(reader->truncate(0), Error::AccessDenied, "truncate a read-only open");
  check.that(reader.holds("data"), "read a read-only open");

  File writer;
  check.ok(writer.open(fs, "access/f", flags::kWriteOnly), "open write-only");
  check.status(writer.read_bytes(0, 4, bytes, count), Error::AccessDenied, "read a write-only open");
  check.ok(writer.write_text(4, "!", count), "write a write-only open");
  check.that(reader.holds("data!"), "the write shows through the other open");

  File dir;
  check.status(dir.open(fs, "access", flags::kReadWrite), Error::IsDirectory, "open a directory read-write");
  check.status(dir.open(fs, "access", flags::kWriteOnly), Error::IsDirectory, "open a directory write-only");
  check.ok(dir.open(fs, "access", flags::kReadOnly), "open a directory read-only");
  check.status(dir.read_bytes(0, 4, bytes, count), Error::IsDirectory, "read a directory");
  check.status(dir->truncate(0), Error::AccessDenied, "truncate a directory");

  File bad;
  check.status(bad.open(fs, "access/f", flags::kAccessMask), Error::InvalidArgument, "access mode 3");
  return check.failures();
}

namespace {

constexpr uint32_t kBufferSize = 64 * 1024;

// A handle to buffer with those of rights it has, or an invalid one (which
// the test then reports through the call that uses it).
ipc::Handle duplicate(int64_t buffer, uint32_t rights) {
  auto has = static_cast<uint32_t>(sys::handle_info(uint32_t(buffer)));
  auto copy = ipc::duplicate(uint32_t(buffer), rights & has);
  return copy ? *copy : ipc::kInvalidHandle;
}

uint8_t pattern(uint64_t position) { return static_cast<uint8_t>(position * 7 + (position >> 12)); }

// A buffer's contents against pattern() from file position start.
bool matches(const uint8_t* bytes, size_t length, uint64_t start) {
  for (size_t i = 0; i < length; ++i) {
    if (bytes[i] != pattern(start + i)) return false;
  }
  return true;
}

}  // namespace

int bulk(FileSystem& fs) {
  Check check("bulk");
  check.ok(fs.client.mkdir("bulk", 0755), "mkdir bulk");
  int64_t buffer = sys::membuf_create(kBufferSize);
  if (!check.that(buffer >= 0, "membuf_create")) return check.failures();
  int64_t address = sys::membuf_map(uint32_t(buffer), 0, 0, kBufferSize, abi::kProtRead | abi::kProtWrite);
  if (!check.that(address >= 0, "membuf_map")) return check.failures();
  auto* shared = reinterpret_cast<uint8_t*>(address);

  File file(ipc::kInvalidHandle, kBufferSize);
  check.ok(file.open(fs, "bulk/f", kCreateRw), "create bulk/f");
  check.ok(file->set_buffer(duplicate(buffer, abi::rights::kAll), kBufferSize), "setBuffer");

  // 32 KiB from buffer offset 0 to file offset 4096, then back into the
  // other half: the first 4 KiB is a hole.
  for (uint32_t i = 0; i < 32768; ++i) shared[i] = pattern(4096 + i);
  uint32_t count = 0;
  check.ok(file->write_bulk(4096, idl::Bulk{0, 32768}, count), "writeBulk");
  check.that(count == 32768, "writeBulk count");
  memset(shared + 32768, 0xee, 32768);
  check.ok(file->read_bulk(0, idl::Bulk{32768, 32768}, count), "readBulk");
  check.that(count == 32768, "readBulk count");
  bool hole_zero = true;
  for (uint32_t i = 0; i < 4096; ++i) hole_zero = hole_zero && shared[32768 + i] == 0;
  check.that(hole_zero, "the hole reads as zeros through the buffer");
  check.that(matches(shared + 32768 + 4096, 32768 - 4096, 4096), "readBulk returns what writeBulk wrote");
  check.ok(file->read_bulk(4096 + 32768 - 10, idl::Bulk{0, 100}, count), "readBulk at the end");
  check.that(count == 10, "readBulk stops at the end");
  check.ok(file->read_bulk(1 << 30, idl::Bulk{0, 100}, count), "readBulk past the end");
  check.that(count == 0, "readBulk past the end gives 0 bytes");

  // 1 MiB in 64 KiB steps, read back in 48 KiB steps.
  constexpr uint64_t kBig = 1 << 20;
  for (uint64_t at = 0; at < kBig; at += kBufferSize) {
    for (uint32_t i = 0; i < kBufferSize; ++i) shared[i] = pattern(at + i);
    if (!check.ok(file->write_bulk(at, idl::Bulk{0, kBufferSize}, count), "writeBulk 1 MiB")) break;
  }
  bool same = true;
  for (uint64_t at = 0; at < kBig && same; at += 49152) {
    uint32_t want = uint32_t(kBig - at < 49152 ? kBig - at : 49152);
    same = file->read_bulk(at, idl::Bulk{8, 49152}, count).ok() && count == want && matches(shared + 8, want, at);
  }
  check.that(same, "1 MiB reads back as written");
  Stat stat;
  check.ok(file->stat(stat), "stat");
  check.that(stat.size == kBig, "size after 1 MiB");

  // The server checks ranges against the buffer it mapped: a client that
  // claims a bigger one is refused.
  FileClient claims_more(file.transport(), 4 * kBufferSize);
  check.status(claims_more.read_bulk(0, idl::Bulk{kBufferSize - 100, 200}, count), Error::OutOfRange,
               "a range past the buffer");
  check.status(file->read_bulk(0, idl::Bulk{kBufferSize - 100, 200}, count), Error::OutOfRange,
               "the client stub refuses a range past the buffer too");

  // No buffer yet: only empty ranges pass.
  File plain(ipc::kInvalidHandle, kBufferSize);
  check.ok(plain.open(fs, "bulk/f", flags::kReadWrite), "open without a buffer");
  FileClient unbuffered(plain.transport(), kBufferSize);
  check.status(unbuffered.read_bulk(0, idl::Bulk{0, 16}, count), Error::OutOfRange, "readBulk without a buffer");
  check.ok(unbuffered.read_bulk(0, idl::Bulk{0, 0}, count), "an empty readBulk without a buffer");
  check.status(plain->set_buffer(duplicate(buffer, abi::rights::kAll), 0), Error::InvalidArgument,
               "setBuffer of size 0");
  check.status(plain->set_buffer(duplicate(buffer, abi::rights::kAll), 2 * kBufferSize), Error::InvalidArgument,
               "setBuffer past the membuf");

  // A buffer the server may only read serves writeBulk, not readBulk.
  ipc::Handle read_only = duplicate(buffer, abi::rights::kRead | abi::rights::kMap | abi::rights::kTransfer);
  check.ok(plain->set_buffer(read_only, kBufferSize), "setBuffer read-only");
  check.status(plain->read_bulk(0, idl::Bulk{0, 16}, count), Error::AccessDenied, "readBulk into a read-only buffer");
  for (uint32_t i = 0; i < 16; ++i) shared[i] = pattern(i);
  check.ok(plain->write_bulk(0, idl::Bulk{0, 16}, count), "writeBulk from a read-only buffer");

  // Access modes hold for bulk transfers.
  File reader(ipc::kInvalidHandle, kBufferSize);
  check.ok(reader.open(fs, "bulk/f", flags::kReadOnly), "open read-only");
  check.ok(reader->set_buffer(duplicate(buffer, abi::rights::kAll), kBufferSize), "setBuffer read-only open");
  check.status(reader->write_bulk(0, idl::Bulk{0, 16}, count), Error::AccessDenied, "writeBulk to a read-only open");
  check.ok(reader->read_bulk(0, idl::Bulk{0, 16}, count), "readBulk from a read-only open");

  sys::mem_unmap(uint64_t(address), kBufferSize);
  (void)ipc::close(uint32_t(buffer));
  return check.failures();
}

}  // namespace fstest
