#include "loader.h"

#include <string.h>

#include "abi/address_space.h"
#include "abi/rights.h"
#include "elf.h"
#include "image_cache.h"
#include "fs.idl.h"
#include "ipc/ipc.h"
#include "ipc/open_flags.h"
#include "ipc/program_builder.h"
#include "ipc/spawn_arguments.h"
#include "ipc/time.h"
#include "ipc/transport.h"
#include "vfs.idl.h"

namespace procmgr {

namespace {

constexpr uint64_t kMaxFileSize = 64ull << 20;
constexpr uint32_t kInlineChunk = 3072;  // File.read's limit

// A handle closed when it goes out of scope, unless released.
class OwnedHandle {
 public:
  explicit OwnedHandle(ipc::Handle h = 0) : handle_(h) {}
  OwnedHandle(const OwnedHandle&) = delete;
  OwnedHandle& operator=(const OwnedHandle&) = delete;
  ~OwnedHandle() { reset(); }
  ipc::Handle get() const { return handle_; }
  ipc::Handle release() {
    ipc::Handle h = handle_;
    handle_ = 0;
    return h;
  }
  void reset(ipc::Handle h = 0) {
    if (handle_) (void)ipc::close(handle_);
    handle_ = h;
  }

 private:
  ipc::Handle handle_;
};

// The whole file in a buffer mapped here; unmapped when done.
class FileImage {
 public:
  FileImage() = default;
  FileImage(const FileImage&) = delete;
  FileImage& operator=(const FileImage&) = delete;
  ~FileImage() {
    if (address_) sys::mem_unmap(address_, mapped_);
  }

  // The memory and the buffer, now the caller's to unmap and close.
  CachedImage release(const tessera::ElfImage& elf) {
    CachedImage image{address_, mapped_, size_, kept_.release(), elf};
    address_ = 0;
    return image;
  }

  // Reads `size` bytes of file: through a buffer shared with the file
  // server (readBulk) if it takes one, else in inline chunks.
  Status read(ipc::Handle file, uint64_t size) {
    OwnedHandle membuf;
    TRY(allocate(size, membuf));
    ipc::ChannelTransport transport(file);
    idl::fs::FileClient<ipc::ChannelTransport> client(transport, static_cast<uint32_t>(mapped_));
    // The mapping keeps the buffer; the file server gets the handle.
    if (client.set_buffer(membuf.release(), static_cast<uint32_t>(mapped_))) return read_bulk(client);
    return read_inline(client);
  }

  // Room for `size` bytes in a buffer nobody else holds (fill it with
  // copy()).
  Status reserve(uint64_t size) { return allocate(size, kept_); }
  // Copies bytes in (exactly as many as were reserved), then keeps the
  // buffer read-only: its pages become other processes' code, so not even
  // procmgr keeps a way to write them.
  Status copy(std::span<const uint8_t> bytes) {
    if (bytes.size() != size_) return Error::Malformed;
    memcpy(reinterpret_cast<uint8_t*>(address_), bytes.data(), bytes.size());
    int64_t reader = sys::handle_dup(kept_.get(), abi::rights::kRead | abi::rights::kMap);
    if (reader < 0) return static_cast<Error>(reader);
    kept_.reset(static_cast<ipc::Handle>(reader));
    sys::mem_unmap(address_, mapped_);
    address_ = 0;
    int64_t address = sys::membuf_map(kept_.get(), 0, 0, mapped_, abi::kProtRead);
    if (address < 0) return static_cast<Error>(address);
    address_ = static_cast<uint64_t>(address);
    return {};
  }
  // The buffer that holds the bytes, if this image keeps one (reserve).
  ipc::Handle buffer() const { return kept_.get(); }

  std::span<const uint8_t> bytes() const { return {reinterpret_cast<const uint8_t*>(address_), size_}; }

 private:
  // A new buffer for size bytes, mapped here; its handle in membuf.
  Status allocate(uint64_t size, OwnedHandle& membuf) {
    if (size == 0) return Error::Malformed;
    if (size > kMaxFileSize) return Error::TooLarge;
    int64_t buffer = sys::membuf_create(abi::page_round_up(size));
    if (buffer < 0) return static_cast<Error>(buffer);
    membuf.reset(static_cast<ipc::Handle>(buffer));
    int64_t address =
        sys::membuf_map(membuf.get(), 0, 0, abi::page_round_up(size), abi::kProtRead | abi::kProtWrite);
    if (address < 0) return static_cast<Error>(address);
    address_ = static_cast<uint64_t>(address);
    mapped_ = abi::page_round_up(size);
    size_ = size;
    return {};
  }

  template <class Client>
  Status read_bulk(Client& client) {
    for (uint64_t done = 0; done < size_;) {
      uint32_t count = 0;
      auto range = idl::Bulk{static_cast<uint32_t>(done), static_cast<uint32_t>(size_ - done)};
      TRY(client.read_bulk(done, range, count));
      if (count == 0 || count > size_ - done) return Error::Malformed;  // the file changed under us
      done += count;
    }
    return {};
  }

  template <class Client>
  Status read_inline(Client& client) {
    auto* out = reinterpret_cast<uint8_t*>(address_);
    for (uint64_t done = 0; done < size_;) {
      uint64_t left = size_ - done;
      idl::Data data;
      TRY(client.read(done, static_cast<uint32_t>(left < kInlineChunk ? left : kInlineChunk), data));
      if (data.size == 0 || data.size > left) return Error::Malformed;
      memcpy(out + done, data.data, data.size);
      done += data.size;
    }
    return {};
  }

  uint64_t address_ = 0;
  uint64_t mapped_ = 0;
  uint64_t size_ = 0;
  OwnedHandle kept_;  // reserve's buffer
};

// Opens the program through vfs: the file and what the server says it is.
Status open_program(ipc::Handle vfs, std::string_view path, OwnedHandle& file, ProgramIdentity& identity) {
  ipc::ChannelTransport transport(vfs);
  idl::vfs::VfsClient<ipc::ChannelTransport> client(transport);
  ipc::Handle opened = 0;
  idl::fs::Stat stat{};
  TRY(client.open(idl::Text(path.data(), static_cast<uint32_t>(path.size())), ipc::open_flags::kReadOnly, 0, opened,
                  stat));
  file.reset(opened);
  if (stat.kind == idl::fs::NodeKind::Directory) return Error::IsDirectory;
  if (stat.kind != idl::fs::NodeKind::File) return Error::AccessDenied;
  identity = {stat.inode, stat.size, stat.mtime, stat.generation};
  return {};
}

// The loader runs in several threads; the cache is shared by all. A spin
// with yield, as libc's ThreadLock: it is held only for system calls that
// never wait on anyone (no IPC).
class CacheLock {
 public:
  CacheLock() {
    while (__atomic_test_and_set(&held_, __ATOMIC_ACQUIRE)) sys::yield();
  }
  ~CacheLock() { __atomic_clear(&held_, __ATOMIC_RELEASE); }
  CacheLock(const CacheLock&) = delete;
  CacheLock& operator=(const CacheLock&) = delete;

 private:
  static inline bool held_ = false;
};

ImageCache images([](const CachedImage& image) {
  sys::mem_unmap(image.address, image.mapped);
  (void)ipc::close(image.buffer);
});

// Checks the ELF: its segments, if it is one a process can run.
Result<tessera::ElfImage> parse(std::span<const uint8_t> bytes) {
  tessera::ElfLimits limits{abi::kUserImageBase, abi::kUserImageTop, tessera::ElfImage::kMaxSegments};
  auto image = tessera::parse_elf(bytes, limits);
  if (!image) return Error::Malformed;
  return *image;
}

// Maps and fills the new process's segments; with `shared` (a cached
// image's buffer) its read-only segments are that buffer's pages.
Status load_image(ipc::ProgramBuilder& builder, std::span<const uint8_t> bytes, const tessera::ElfImage& elf,
                  ipc::Handle shared = 0) {
  return builder.load(bytes, elf, ipc::ImageMemory::Ordinary, shared);
}

// Loads the program's segments from the image its owner read before, if
// the file is still the same, else reads the file (and keeps it).
Status load_segments(ipc::ProgramBuilder& builder, const LoadRequest& request, OwnedHandle& file,
                     const ProgramIdentity& identity) {
  {
    CacheLock locked;
    if (const CachedImage* hit = images.find(request.owner, request.path, identity)) {
      return load_image(builder, {reinterpret_cast<const uint8_t*>(hit->address), hit->size}, hit->elf, hit->buffer);
    }
  }
  bool cacheable = ImageCache::cacheable(request.path, identity);
  // The file server may keep the buffer it filled, and write it later: the
  // cache keeps a copy only procmgr holds, and this load is made from it.
  // Its room is made and taken before the read's, so that the memory each
  // image takes repeats from one spawn to the next.
  FileImage kept;
  if (cacheable) {
    {
      CacheLock locked;
      images.make_room(request.owner, request.path, abi::page_round_up(identity.size));
    }
    TRY(kept.reserve(identity.size));
  }
  FileImage read;
  TRY(read.read(file.get(), identity.size));
  file.reset();
  if (!cacheable) {
    auto elf = parse(read.bytes());
    if (!elf) return elf.error();
    return load_image(builder, read.bytes(), *elf);
  }
  TRY(kept.copy(read.bytes()));
  // Parsed in procmgr's read-only copy: what the cache keeps is what was checked.
  auto elf = parse(kept.bytes());
  if (!elf) return elf.error();
  TRY(load_image(builder, kept.bytes(), *elf, kept.buffer()));
  CacheLock locked;
  images.insert(request.owner, request.path, identity, kept.release(*elf));
  return {};
}

}  // namespace

Result<ipc::Handle> load_program(LoadRequest& request) {
  OwnedHandle vfs(request.vfs);
  OwnedHandle session(request.session);
  OwnedHandle inheritance(request.inheritance);
  if (request.private_mounts) {
    ipc::ChannelTransport transport(vfs.get());
    idl::vfs::VfsClient<ipc::ChannelTransport> client(transport);
    ipc::Handle clone = 0;
    TRY(client.clone(true, clone));
    vfs.reset(clone);
  }

  OwnedHandle file;
  ProgramIdentity identity{};
  TRY(open_program(vfs.get(), request.path, file, identity));
  // A view of the child's mountspace for /proc/<pid>/mounts. A session
  // that cannot clone (a stand-in) just has none.
  OwnedHandle view;
  {
    ipc::ChannelTransport transport(vfs.get());
    ipc::Handle clone = ipc::kInvalidHandle;
    if (idl::vfs::VfsClient<ipc::ChannelTransport>(transport).clone(false, clone).ok()) view.reset(clone);
  }
  ipc::ProgramBuilder builder;
  TRY(builder.create(ipc::program_name(request.path)));
  TRY(load_segments(builder, request, file, identity));
  // The child's startup handles: [0] its Vfs session, [1] its procmgr
  // session, [2] its inheritance channel.
  uint32_t handles[3];
  OwnedHandle* given_handles[] = {&vfs, &session, &inheritance};
  for (size_t i = 0; i < 3; ++i) {
    auto given = builder.give(given_handles[i]->get());
    if (!given) return given.error();
    given_handles[i]->release();
    handles[i] = *given;
  }

  std::span<const char> argv = request.argv;
  if (argv.empty()) argv = {request.path.data(), request.path.size()};
  ipc::StackContents contents{argv, request.envp, handles, abi::kUserStackTop};
  contents.timebase = ipc::ticks_per_second();  // the children count time as procmgr does
  contents.memory_frames = ipc::aux_value(abi::kAuxMemoryFrames);
  contents.inheritance = handles[2];
  TRY(builder.give_boot_archive(contents));
  auto process = builder.start(contents, request.stack);
  if (!process) return process.error();
  request.view = view.release();
  return *process;
}

size_t stack_image_capacity(std::string_view path, std::span<const char> argv, std::span<const char> envp) {
  // An empty argv is path (stack_image.h supplies a missing NUL: 2 more bytes).
  return ipc::argument_bytes(argv, envp) + path.size() + 1 + 8 + 2 + ipc::kStackImageOverhead;
}

void forget_images(int64_t owner) {
  CacheLock locked;
  images.forget(owner);
}

}  // namespace procmgr
