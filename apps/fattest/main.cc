// fattest: fatfs end to end in QEMU, before there is a disk driver. A RAM
// disk — a FAT12 image mkfs.fat and mcopy made at build time, found in the
// boot archive — is served as a BlockDevice (idl/block.capnp) by a thread
// of this program; bin/fatfs is started on it and driven through
// FileSystem and File (idl/fs.capnp), as vfs would.
//   fattest fat +bootfs      the image: a host file reads back; files,
//                            directories, rename, bulk I/O, statfs, sync;
//                            fatfs exits 0 once its clients are gone
//   fattest notfat +bootfs   a disk of zeros: fatfs logs why and exits 1
// Prints PASS/FAIL lines; exits with the number of failures.
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "block.idl.h"
#include "cpio.h"
#include "fs.idl.h"
#include "ipc/ipc.h"
#include "ipc/open_flags.h"
#include "ipc/process.h"
#include "ipc/startup.h"
#include "ipc/syscall.h"
#include "ipc/time.h"
#include "ipc/transport.h"
#include "server/server.h"
#include "server/shared_buffer.h"

namespace {

namespace block = idl::block;
namespace fs = idl::fs;
namespace flags = ipc::open_flags;
using FileSystem = fs::FileSystemClient<ipc::ChannelTransport>;
using File = fs::FileClient<ipc::ChannelTransport>;

constexpr uint32_t kBlock = 512;
constexpr size_t kMaxArchive = size_t{1} << 30;

int failures = 0;

void check(bool ok, const char* what) {
  if (!ok) {
    printf("FAIL %s\n", what);
    ++failures;
  }
}

// The disk: blocks in memory, served one request at a time.
class RamDisk final : public server::Source {
 public:
  RamDisk(uint8_t* blocks, uint64_t count) : blocks_(blocks), count_(count) {}
  void on_call(server::Call& call) override {
    Handler handler(*this);
    block::dispatch_block_device(handler, call.message());
  }

 private:
  struct Handler : server::HandleCloser {
    explicit Handler(RamDisk& d) : disk(d) {}
    RamDisk& disk;
    Status info(const block::BlockDeviceInfoParams&, block::BlockDeviceInfoResults& out) {
      out.info = block::Info{kBlock, disk.count_, false, 128};
      return {};
    }
    Status set_buffer(const block::BlockDeviceSetBufferParams& in, block::BlockDeviceSetBufferResults&) {
      return disk.buffers_[0].map(in.buffer, in.size);
    }
    Status read(const block::BlockDeviceReadParams& in, block::BlockDeviceReadResults&) {
      return disk.move(false, in.lba, in.count, 0, in.offset);
    }
    Status write(const block::BlockDeviceWriteParams& in, block::BlockDeviceWriteResults&) {
      return disk.move(true, in.lba, in.count, 0, in.offset);
    }
    Status flush(const block::BlockDeviceFlushParams&, block::BlockDeviceFlushResults&) { return {}; }
    // Each request is answered as it comes: the queue holds nothing.
    Status queue_stats(const block::BlockDeviceQueueStatsParams&, block::BlockDeviceQueueStatsResults& out) {
      out = {};
      return {};
    }
    // fatfs shares its clients' buffers here: so the test runs its
    // copy-free path against a second implementation of the protocol.
    Status add_buffer(const block::BlockDeviceAddBufferParams& in, block::BlockDeviceAddBufferResults& out) {
      for (uint32_t id = 1; id < kBuffers; ++id) {
        if (disk.buffers_[id].size() != 0) continue;
        TRY(disk.buffers_[id].map(in.buffer, in.size, true));
        out.id = id;
        return {};
      }
      (void)ipc::close(in.buffer);
      return Error::NoSpace;
    }
    Status remove_buffer(const block::BlockDeviceRemoveBufferParams& in, block::BlockDeviceRemoveBufferResults&) {
      if (in.id == 0 || in.id >= kBuffers || disk.buffers_[in.id].size() == 0) return Error::NotFound;
      disk.buffers_[in.id].unmap();
      return {};
    }
    Status read_buffer(const block::BlockDeviceReadBufferParams& in, block::BlockDeviceReadBufferResults&) {
      return disk.move(false, in.lba, in.count, in.buffer, in.offset);
    }
    Status write_buffer(const block::BlockDeviceWriteBufferParams& in, block::BlockDeviceWriteBufferResults&) {
      return disk.move(true, in.lba, in.count, in.buffer, in.offset);
    }
  };
  static constexpr uint32_t kBuffers = 4;  // setBuffer's and three more
  Status move(bool write, uint64_t lba, uint32_t count, uint32_t id, uint32_t offset) {
    if (id >= kBuffers || (id != 0 && buffers_[id].size() == 0)) return Error::NotFound;
    const server::SharedBuffer& buffer = buffers_[id];
    if (count == 0 || count > 128 || buffer.size() == 0) return Error::InvalidArgument;
    if (lba >= count_ || count > count_ - lba) return Error::OutOfRange;
    if (offset > buffer.size() || uint64_t(count) * kBlock > buffer.size() - offset) return Error::OutOfRange;
    if (id != 0) ++shared_moves_;
    uint8_t* disk_at = blocks_ + lba * kBlock;
    uint8_t* memory_at = buffer.data() + offset;
    if (write) {
      memcpy(disk_at, memory_at, size_t(count) * kBlock);
      ++writes_;
    } else {
      if (!buffer.writable()) return Error::AccessDenied;
      memcpy(memory_at, disk_at, size_t(count) * kBlock);
    }
    return {};
  }

  uint8_t* blocks_;
  uint64_t count_;
  server::SharedBuffer buffers_[kBuffers];

 public:
  uint64_t writes_ = 0;
  uint64_t shared_moves_ = 0;  // reads and writes with an addBuffer buffer
  uint32_t added_buffers() const {
    uint32_t n = 0;
    for (uint32_t id = 1; id < kBuffers; ++id) n += buffers_[id].size() != 0;
    return n;
  }
};

void serve_disk(void* server) { static_cast<server::Server*>(server)->run(); }

// Starts fatfs on a RAM disk holding image (size bytes): its process, and
// the FileSystem client end in fs_end.
Result<ipc::Handle> start_fatfs(const uint8_t* image, size_t size, ipc::Handle& fs_end, RamDisk*& disk) {
  auto* blocks = static_cast<uint8_t*>(malloc(size));
  if (!blocks) return Error::NoMemory;
  if (image)
    memcpy(blocks, image, size);
  else
    memset(blocks, 0, size);
  static server::Server disk_server;
  TRY(disk_server.init());
  disk = new RamDisk(blocks, size / kBlock);
  auto disk_end = disk_server.add_channel(disk);
  if (!disk_end) return disk_end.error();
  auto thread = ipc::start_thread(serve_disk, &disk_server);
  if (!thread) return thread.error();
  auto pair = ipc::channel_create();
  if (!pair) return pair.error();
  const char* argv[] = {"fatfs"};
  ipc::Handle handles[] = {pair->b, *disk_end};
  auto process = ipc::spawn(argv, handles);
  if (!process) return process.error();
  fs_end = pair->a;
  return *process;
}

Result<ipc::Handle> open(ipc::Handle fs_end, const char* path, uint32_t open_flags) {
  ipc::ChannelTransport t(fs_end);
  ipc::Handle file = 0;
  fs::Stat stat;
  TRY(FileSystem(t).open(path, open_flags, 0644, file, stat));
  return file;
}

// The whole file (up to capacity bytes) by inline reads.
size_t read_all(ipc::Handle fs_end, const char* path, char* out, size_t capacity) {
  auto file = open(fs_end, path, flags::kReadOnly);
  if (!file) return 0;
  ipc::ChannelTransport t(*file);
  size_t length = 0;
  while (length < capacity) {
    idl::Data data;
    if (!File(t).read(length, uint32_t(capacity - length < 3072 ? capacity - length : 3072), data) || data.size == 0)
      break;
    memcpy(out + length, data.data, data.size);
    length += data.size;
  }
  (void)ipc::close(*file);
  return length;
}

void files(ipc::Handle fs_end, const RamDisk& disk) {
  char text[256];
  size_t n = read_all(fs_end, "From the host.txt", text, sizeof text);
  const char* host_text = "Written on the host by mcopy.\n";
  check(n == strlen(host_text) && memcmp(text, host_text, n) == 0, "a file mcopy wrote reads back");

  ipc::ChannelTransport t(fs_end);
  FileSystem fsc(t);
  check(fsc.mkdir("A directory with a long name", 0755).ok(), "mkdir");
  auto file = open(fs_end, "A directory with a long name/notes.txt", flags::kReadWrite | flags::kCreate);
  check(file.ok(), "create");
  if (!file) return;
  {
    ipc::ChannelTransport ft(*file);
    uint32_t count = 0;
    const char* hello = "hello from Tessera\n";
    check(File(ft).write(0, idl::Data{reinterpret_cast<const uint8_t*>(hello), 19}, count).ok() && count == 19,
          "write");
    // 64 KiB through a shared buffer, then read back through it.
    constexpr uint32_t kBulk = 64 * 1024;
    int64_t membuf = sys::membuf_create(kBulk);
    int64_t address = sys::membuf_map(uint32_t(membuf), 0, 0, kBulk, abi::kProtRead | abi::kProtWrite);
    check(!sys::failed(membuf) && !sys::failed(address), "membuf");
    if (sys::failed(address)) return;
    auto* shared = reinterpret_cast<uint8_t*>(address);
    for (uint32_t i = 0; i < kBulk; ++i) shared[i] = uint8_t(i * 7 + 3);
    File bulk(ft, kBulk);
    auto copy = ipc::duplicate(uint32_t(membuf), uint32_t(sys::handle_info(uint32_t(membuf))));
    check(bulk.set_buffer(uint32_t(membuf), kBulk).ok(), "setBuffer");
    check(disk.added_buffers() == 1, "fatfs shares the file's buffer with the disk");
    uint64_t moves = disk.shared_moves_;
    check(bulk.write_bulk(19, idl::Bulk{0, kBulk}, count).ok() && count == kBulk, "writeBulk");
    memset(shared, 0, kBulk);
    check(bulk.read_bulk(19, idl::Bulk{0, kBulk}, count).ok() && count == kBulk, "readBulk");
    bool same = true;
    for (uint32_t i = 0; i < kBulk; ++i) same = same && shared[i] == uint8_t(i * 7 + 3);
    check(same, "bulk bytes read back");
    // The whole blocks went between the disk and this buffer, not through fatfs.
    check(disk.shared_moves_ >= moves + 2, "bulk data moves through the client's buffer");
    // A client that drops its mapping and handle leaves fatfs's and the
    // disk's: the next bulk requests are served, and nothing crashes.
    sys::mem_unmap(uint64_t(address), kBulk);
    check(bulk.write_bulk(19, idl::Bulk{0, kBulk}, count).ok() && count == kBulk, "writeBulk, the buffer unmapped");
    check(bulk.read_bulk(19, idl::Bulk{0, kBulk}, count).ok() && count == kBulk, "readBulk, the buffer unmapped");
    if (copy) {
      int64_t again = sys::membuf_map(*copy, 0, 0, kBulk, abi::kProtRead);
      same = !sys::failed(again);
      for (uint32_t i = 0; same && i < kBulk; ++i) same = reinterpret_cast<uint8_t*>(again)[i] == uint8_t(i * 7 + 3);
      check(same, "the buffer holds what was read while unmapped");
      if (!sys::failed(again)) sys::mem_unmap(uint64_t(again), kBulk);
      (void)ipc::close(*copy);
    }
    fs::Stat stat;
    check(File(ft).stat(stat).ok() && stat.size == 19 + kBulk, "stat of the open file");
    check(File(ft).sync().ok(), "File.sync");
  }
  (void)ipc::close(*file);
  check(fsc.rename("A directory with a long name/notes.txt", "moved.txt").ok(), "rename across directories");
  n = read_all(fs_end, "moved.txt", text, 19);
  check(n == 19 && memcmp(text, "hello from Tessera\n", 19) == 0, "the renamed file reads back");
  check(fsc.rmdir("A directory with a long name").ok(), "rmdir");
  fs::Stat stat;
  check(fsc.stat("A directory with a long name", stat).error() == Error::NotFound, "rmdir removed it");
  check(fsc.unlink("nothing here").error() == Error::NotFound, "unlink of nothing is NotFound");
  // The root lists what is there.
  auto root = open(fs_end, "", flags::kReadOnly | flags::kDirectory);
  check(root.ok(), "open the root");
  if (root) {
    ipc::ChannelTransport rt(*root);
    bool host = false, moved = false, end = false;
    for (uint32_t i = 0; !end && i < 16; ++i) {
      idl::Text name;
      fs::NodeKind kind;
      if (!File(rt).readdir(i, name, kind, end)) break;
      if (!end && name.size == 17 && memcmp(name.data, "From the host.txt", 17) == 0) host = true;
      if (!end && name.size == 9 && memcmp(name.data, "moved.txt", 9) == 0) moved = true;
    }
    check(host && moved && end, "readdir of the root");
    (void)ipc::close(*root);
  }
  fs::FsInfo info;
  check(fsc.statfs(info).ok() && info.type.size == 5 && memcmp(info.type.data, "fat12", 5) == 0 &&
            info.free_blocks > 0 && info.free_blocks < info.blocks,
        "statfs");
  check(fsc.sync().ok(), "FileSystem.sync");
  if (failures == 0) printf("PASS files\n");
}

int run(bool fat) {
  auto handles = ipc::startup_handles();
  if (handles.empty()) {
    printf("FAIL: no boot archive handle (run as: fattest fat +bootfs)\n");
    return 1;
  }
  int64_t address = sys::mmio_map(handles[0]);
  if (sys::failed(address)) return 1;
  tessera::CpioReader archive({reinterpret_cast<const uint8_t*>(address), kMaxArchive});
  auto image = archive.find("fat/test.img");
  if (!image) {
    printf("FAIL: no fat/test.img in the boot archive\n");
    return 1;
  }
  ipc::Handle fs_end = ipc::kInvalidHandle;
  RamDisk* disk = nullptr;
  auto process = start_fatfs(fat ? image->data.data() : nullptr, image->data.size(), fs_end, disk);
  if (!process) {
    printf("FAIL: cannot start fatfs: %s\n", abi::error_name(process.error()));
    return 1;
  }
  if (fat) files(fs_end, *disk);
  // Closing the FileSystem channel unmounts: fatfs writes back and exits.
  (void)ipc::close(fs_end);
  int64_t status = ipc::wait(*process, ipc::deadline_in_ms(10000));
  printf("fattest: fatfs exited with status %lld\n", static_cast<long long>(status));
  if (fat) {
    check(status == 0, "fatfs exits 0 when unmounted");
    check(disk->writes_ > 0, "the disk was written");
    check(disk->added_buffers() == 0, "fatfs took its clients' buffers back from the disk");
  } else {
    check(status == 1, "fatfs exits 1 on a disk that is not FAT");
  }
  if (failures == 0) printf("PASS %s\n", fat ? "unmount" : "notfat");
  return failures;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc == 2 && strcmp(argv[1], "fat") == 0) return run(true);
  if (argc == 2 && strcmp(argv[1], "notfat") == 0) return run(false);
  printf("usage: fattest fat|notfat +bootfs\n");
  return 2;
}
