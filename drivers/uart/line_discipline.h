// LineDiscipline: the console's canonical mode, without hardware. Typed
// bytes go in through receive(): they are echoed, edited (backspace and DEL
// erase the last byte of the line and echo "\b \b", CR becomes LF) and
// committed a line at a time; read() hands out committed input, never past
// the end of a line. Ctrl-D commits the line without a newline; alone on a
// line it is end of file (a read of 0 bytes). Output (echo and writes) goes
// to a transmit ring with "\n" sent as "\r\n".
//
// Nothing typed is ever dropped for want of room: the driver asks
// can_receive() before it takes a byte from the UART and leaves the rest in
// the hardware (which then holds the sender back) until a reader or the
// transmitter makes room. Echo never takes the last kEchoReserve bytes of
// the transmit ring, so a write of up to kAtomicWrite bytes always finds
// room and is never split by echoed input.
//
// Pure logic on fixed buffers: no allocation, no locking (the driver holds
// its lock around every call), and it compiles on the host for tests.
#pragma once

#include <cstddef>
#include <cstdint>

namespace uart {

template <size_t N>
class ByteRing {
 public:
  size_t size() const { return tail_ - head_; }
  size_t space() const { return N - size(); }
  bool empty() const { return head_ == tail_; }
  void push(char c) { bytes_[tail_++ % N] = c; }
  char front() const { return bytes_[head_ % N]; }
  char pop() { return bytes_[head_++ % N]; }

 private:
  char bytes_[N];
  size_t head_ = 0;  // free-running; the index is taken modulo N
  size_t tail_ = 0;
};

class LineDiscipline {
 public:
  static constexpr size_t kLineMax = 1024;     // a longer line stops taking bytes
  static constexpr size_t kInputBytes = 4096;  // committed, unread input
  static constexpr size_t kMaxLines = 128;
  static constexpr size_t kOutputBytes = 8192;
  static constexpr size_t kEchoReserve = 1024;
  static constexpr size_t kAtomicWrite = kEchoReserve / 2;  // each "\n" takes two slots

  static constexpr char kBackspace = '\b';
  static constexpr char kDelete = 0x7f;
  static constexpr char kEndOfFile = 0x04;  // Ctrl-D

  // Whether receive() can take one more byte without losing it or its echo.
  bool can_receive() const;
  // A byte typed on the console.
  void receive(char c);
  // Whether read() has something to give (a line, or end of file).
  bool readable() const { return lines_ != 0; }
  // Copies up to count bytes of the first committed line to out and returns
  // how many; 0 for end of file (or when nothing is readable).
  size_t read(char* out, size_t count);

  // Queues all of data (at most kAtomicWrite bytes) if it fits in the
  // transmit ring, else nothing; returns whether it did.
  bool write(const char* data, size_t length);
  ByteRing<kOutputBytes>& output() { return output_; }

 private:
  void commit();
  void emit(char c);  // to the transmit ring, "\n" as "\r\n"; dropped when full

  char line_[kLineMax];
  size_t line_length_ = 0;
  ByteRing<kInputBytes> input_;
  // Lengths of the committed lines in input_, oldest first; the first may
  // be partly read. A length of 0 is an end of file.
  uint32_t lengths_[kMaxLines];
  size_t first_line_ = 0;
  size_t lines_ = 0;
  ByteRing<kOutputBytes> output_;
};

}  // namespace uart
