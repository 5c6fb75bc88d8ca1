// What one client can take from a file server: a full file system answers
// NoSpace and keeps what it holds; opens and clones stop at ramfs's limits
// (servers/ramfs/server.h) with AccessDenied, and come back when closed.
#include <string.h>

#include "../../servers/ramfs/server.h"
#include "fstest.h"
#include "ipc/syscall.h"

namespace fstest {

namespace {

constexpr uint32_t kCreateRw = flags::kReadWrite | flags::kCreate;
constexpr uint32_t kChunk = 256 * 1024;
constexpr uint64_t kFileSize = uint64_t{8} << 20;
// Far more than the machine's memory (128 MiB), so the fill must end in NoSpace.
constexpr uint32_t kMaxFillFiles = 64;
constexpr uint64_t kKeptSize = uint64_t{1} << 20;
constexpr uint64_t kLateFreedBytes = 64 * 1024;  // a few kernel stacks

// A shared buffer of kChunk bytes, mapped here.
struct Chunk {
  int64_t handle = -1;
  uint8_t* bytes = nullptr;

  bool create() {
    handle = sys::membuf_create(kChunk);
    if (handle < 0) return false;
    int64_t address = sys::membuf_map(uint32_t(handle), 0, 0, kChunk, abi::kProtRead | abi::kProtWrite);
    bytes = address < 0 ? nullptr : reinterpret_cast<uint8_t*>(address);
    return bytes != nullptr;
  }
  ~Chunk() {
    if (bytes) sys::mem_unmap(reinterpret_cast<uint64_t>(bytes), kChunk);
    if (handle >= 0) (void)ipc::close(uint32_t(handle));
  }
  // Gives file a duplicate of the buffer.
  Status share_with(File& file) {
    auto copy = ipc::duplicate(uint32_t(handle), abi::rights::kRead | abi::rights::kWrite | abi::rights::kMap |
                                                     abi::rights::kTransfer);
    if (!copy) return copy.error();
    return file->set_buffer(*copy, kChunk);
  }
};

uint8_t byte_of(uint32_t file, uint64_t position) { return uint8_t(file * 31 + position / kChunk); }

void fill_chunk(Chunk& chunk, uint32_t file, uint64_t position) { memset(chunk.bytes, byte_of(file, position), kChunk); }

bool chunk_holds(const Chunk& chunk, uint32_t length, uint32_t file, uint64_t position) {
  for (uint32_t i = 0; i < length; ++i) {
    if (chunk.bytes[i] != byte_of(file, position)) return false;
  }
  return true;
}

// Writes file's bytes up to size; the bytes stored, and the error that
// stopped it (Ok if all were).
uint64_t write_file(File& file, Chunk& chunk, uint32_t id, uint64_t size, Error& stopped) {
  stopped = Error::Ok;
  uint64_t done = 0;
  while (done < size) {
    // After a short write the rest of the same chunk follows, from where
    // it stopped in the buffer: every byte keeps its position's value.
    uint32_t within = uint32_t(done % kChunk);
    fill_chunk(chunk, id, done);
    uint32_t count = 0;
    Status s = file->write_bulk(done, idl::Bulk{within, kChunk - within}, count);
    if (!s) {
      stopped = s.error();
      break;
    }
    // A short write stored what fitted: the next one says why.
    done += count;
    if (count == 0) {
      stopped = Error::BadState;  // an empty success would loop forever
      break;
    }
  }
  return done;
}

// The first size bytes of file read back as written.
bool file_holds(File& file, Chunk& chunk, uint32_t id, uint64_t size) {
  for (uint64_t at = 0; at < size; at += kChunk) {
    uint32_t want = uint32_t(size - at < kChunk ? size - at : kChunk);
    uint32_t count = 0;
    if (!file->read_bulk(at, idl::Bulk{0, kChunk}, count).ok() || count != want) return false;
    if (!chunk_holds(chunk, want, id, at)) return false;
  }
  return true;
}

bool open_with_buffer(Check& check, FileSystem& fs, File& file, const char* path, uint32_t open_flags,
                      Chunk& chunk) {
  return check.ok(file.open(fs, path, open_flags), path) && check.ok(chunk.share_with(file), "setBuffer");
}

void fill_name(char (&name)[32], uint32_t i) { snprintf(name, sizeof name, "full/fill%u", i); }

}  // namespace

int full(FileSystem& fs) {
  Check check("full");
  Chunk chunk;
  if (!check.that(chunk.create(), "a shared buffer")) return check.failures();
  check.ok(fs.client.mkdir("full", 0755), "mkdir full");
  File kept(ipc::kInvalidHandle, kChunk);
  if (!open_with_buffer(check, fs, kept, "full/kept", kCreateRw, chunk)) return check.failures();
  Error stopped;
  check.that(write_file(kept, chunk, 0, kKeptSize, stopped) == kKeptSize, "write full/kept");

  // Fill until the server says NoSpace.
  uint64_t sizes[kMaxFillFiles] = {};
  uint32_t files = 0;
  stopped = Error::Ok;
  while (stopped == Error::Ok && files < kMaxFillFiles) {
    char name[32];
    fill_name(name, files);
    File fill(ipc::kInvalidHandle, kChunk);
    Status opened = fill.open(fs, name, kCreateRw);
    if (!opened) {
      stopped = opened.error();
      break;
    }
    if (!check.ok(chunk.share_with(fill), "setBuffer on a fill file")) break;
    sizes[files] = write_file(fill, chunk, files + 1, kFileSize, stopped);
    ++files;
  }
  if (!check.status(stopped, Error::NoSpace, "filling the file system ends in NoSpace") ||
      !check.that(files > 0, "no fill file was created")) {
    return check.failures();
  }
  uint64_t total = 0;
  for (uint32_t i = 0; i < files; ++i) total += sizes[i];
  printf("full: NoSpace after %lu MiB in %u files, %ld frames free\n", (unsigned long)(total >> 20), files,
         (long)sys::frames_free());
  check.that(sys::frames_free() >= int64_t(ramfs::MemoryTree::kSystemReserveFrames) / 2,
             "the file system left the reserve free for everyone else");

  // Nothing written before is lost, and the server still answers.
  check.that(file_holds(kept, chunk, 0, kKeptSize), "full/kept reads back intact");
  // The first fill file, and the last, which NoSpace cut short.
  for (uint32_t i : {uint32_t{0}, files - 1}) {
    char name[32];
    fill_name(name, i);
    File fill(ipc::kInvalidHandle, kChunk);
    if (!open_with_buffer(check, fs, fill, name, flags::kReadOnly, chunk)) break;
    Stat stat;
    check.that(fill->stat(stat).ok() && stat.size == sizes[i], "a fill file has the size its writes reported");
    check.that(file_holds(fill, chunk, i + 1, sizes[i]), "a fill file reads back intact");
  }
  // Still full: writing ends in NoSpace. Memory the kernel frees late (an
  // exited thread's kernel stack goes at its hart's next switch) may come
  // back after the fill, and ramfs may take it, so a few blocks may fit
  // first: seen, 4 (one stack) when the fill had ended exactly at the
  // reserve.
  uint64_t fitted = 0;
  uint32_t count = 1;
  Status s = Error::Ok;
  while (s && count > 0 && fitted <= kLateFreedBytes) {
    s = kept->write_bulk(kKeptSize + fitted, idl::Bulk{0, kChunk}, count);
    if (s) fitted += count;
  }
  check.status(s, Error::NoSpace, "a write while full");
  check.that(fitted <= kLateFreedBytes, "a write while full stored more than memory freed late can hold");

  // Freeing makes room again.
  for (uint32_t i = 0; i < files; ++i) {
    char name[32];
    fill_name(name, i);
    check.ok(fs.client.unlink(name), "unlink a fill file");
  }
  File after(ipc::kInvalidHandle, kChunk);
  if (open_with_buffer(check, fs, after, "full/after", kCreateRw, chunk)) {
    check.that(write_file(after, chunk, 7, kFileSize, stopped) == kFileSize && stopped == Error::Ok,
               "8 MiB fit again once the fill files are gone");
    check.that(file_holds(after, chunk, 7, kFileSize), "the new file reads back");
  }
  after.close();
  kept.close();
  check.ok(fs.client.unlink("full/after"), "unlink full/after");
  check.ok(fs.client.unlink("full/kept"), "unlink full/kept");
  check.ok(fs.client.rmdir("full"), "rmdir full");
  return check.failures();
}

int limits(FileSystem& fs) {
  Check check("limits");
  check.ok(fs.client.mkdir("limits", 0755), "mkdir limits");
  make_file(check, fs, "limits/f", "limited");

  // Clones: an open and its clones share kLimits.channels_per_open channels.
  File first;
  if (!check.ok(first.open(fs, "limits/f", flags::kReadOnly), "open")) return check.failures();
  ipc::Handle clones[ramfs::kLimits.channels_per_open - 1];
  uint32_t cloned = 0;
  while (cloned < ramfs::kLimits.channels_per_open - 1 && first->clone(clones[cloned]).ok()) ++cloned;
  check.that(cloned == ramfs::kLimits.channels_per_open - 1, "clones up to the limit");
  ipc::Handle end = ipc::kInvalidHandle;
  check.status(first->clone(end), Error::AccessDenied, "a clone past the limit");
  {
    ipc::ChannelTransport transport(clones[0]);
    check.status(FileClient(transport).clone(end), Error::AccessDenied, "a clone of a clone past the limit");
  }
  // The server learns of a close from its port, after the calls already
  // waiting there: the calls below give it time to.
  (void)ipc::close(clones[--cloned]);
  File other;
  check.ok(other.open(fs, "limits/f", flags::kReadOnly), "another open is not limited by the first one's clones");
  check.ok(other->clone(end), "another open can clone");
  check.ok(first->clone(clones[cloned]), "a clone once one channel has closed");
  check.that(File(end).holds("limited"), "the other open's clone reads");
  check.status(first->clone(end), Error::AccessDenied, "the freed channel was taken again");
  ++cloned;
  for (uint32_t i = 0; i < cloned; ++i) (void)ipc::close(clones[i]);
  first.close();
  other.close();

  // Opens: the FileSystem client holds at most kLimits.open_files.
  static File opens[ramfs::kLimits.open_files];
  uint32_t opened = 0;
  while (opened < ramfs::kLimits.open_files && opens[opened].open(fs, "limits/f", flags::kReadOnly).ok()) ++opened;
  check.that(opened == ramfs::kLimits.open_files, "opens up to the limit");
  File extra;
  check.status(extra.open(fs, "limits/f", flags::kReadOnly), Error::AccessDenied, "an open past the limit");
  opens[0].close();
  check.ok(extra.open(fs, "limits/f", flags::kReadOnly), "an open once one has closed");
  check.that(extra.holds("limited"), "the new open reads");
  extra.close();
  for (File& open : opens) open.close();
  check.ok(fs.client.unlink("limits/f"), "unlink limits/f");
  check.ok(fs.client.rmdir("limits"), "rmdir limits");
  return check.failures();
}

}  // namespace fstest
