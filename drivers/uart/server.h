// Server: the Device and File protocols (idl/fs.capnp) of the console,
// served by kThreads threads that all wait on one port.
//
// The read path. A read returns at once when a line is committed. When none
// is, the thread that received the read keeps it (it holds the caller) and
// checks again every kReadPollIntervalMs until a line comes, the file is
// closed or the caller gives up (a deadline passed, or it died: sleep_until
// says so), and then drops the read; the other threads go on serving
// interrupts, writes and opens. A line is never handed to a caller that
// gave up.
// Why not wait for a notification instead: the kernel refuses port_wait and
// channel_recv to a thread that holds a caller, so a thread holding a read
// cannot wait on the port the interrupts arrive at. (Since nested calls are
// allowed, it could block in a call on a "doorbell" channel that the thread
// taking the interrupt answers when a line completes; that would remove the
// polling.) Typed bytes are echoed at once by
// whichever thread takes the interrupt; only the delivery of a finished
// line to a waiting reader is up to kReadPollIntervalMs late. At most
// kThreads - 1 reads wait at a time (one thread always stays free for
// interrupts and writes); a read beyond that is answered ShouldWait.
//
// Writes never wait for the hardware: they go to the transmit ring, which
// interrupts drain (a write larger than the free space waits for the UART
// to take bytes, in its own thread).
#pragma once

#include <cstdint>

#include "console.h"
#include "fs.idl.h"
#include "ipc/ipc.h"

namespace uart {

class Server {
 public:
  static constexpr uint32_t kThreads = 4;
  static constexpr uint32_t kMaxFiles = 64;
  static constexpr uint64_t kIrqBadge = 1;
  static constexpr uint64_t kDeviceBadge = 2;
  static constexpr uint64_t kFirstFileBadge = 0x100;

  Server(ipc::Handle port, ipc::Handle irq, Console& console) : port_(port), irq_(irq), console_(console) {}

  // Serves the port until the Device channel closes (devfs is gone), then
  // ends the process. Run by every server thread.
  [[noreturn]] void serve();
  static void serve_thread(void* server) { static_cast<Server*>(server)->serve(); }

  struct OpenFile {
    bool used = false;
    bool closed = false;     // the client closed it while reads were waiting
    uint32_t flags = 0;
    uint32_t readers = 0;    // threads holding a read of this file
    ipc::Handle end = ipc::kInvalidHandle;
    uint8_t* buffer = nullptr;  // setBuffer's mapping
    uint32_t buffer_size = 0;
  };

  // Device.open and File.clone: a new File channel.
  Status open_file(uint32_t flags, ipc::Handle& file);
  // Reads a line's worth (up to count bytes), waiting as the header says.
  Result<size_t> read(OpenFile& file, char* out, size_t count);
  void write(const char* data, size_t length);
  Status set_buffer(OpenFile& file, ipc::Handle buffer, uint32_t size);
  // Copies between scratch memory and the file's shared buffer (BadState
  // without one, or if the range is no longer inside it).
  Status copy_to_buffer(OpenFile& file, uint32_t offset, const char* from, size_t length);
  Status copy_from_buffer(OpenFile& file, uint32_t offset, char* to, size_t length);

 private:
  void dispatch(uint64_t badge, ipc::Message& msg, char* scratch);
  void peer_closed(uint64_t badge);
  void free_file(OpenFile& file);  // lock held
  [[noreturn]] void shut_down();

  ipc::Handle port_;
  ipc::Handle irq_;
  Console& console_;
  uint32_t waiting_reads_ = 0;
  OpenFile files_[kMaxFiles];
};

}  // namespace uart
