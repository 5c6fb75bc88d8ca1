// LineDiscipline: the console's canonical mode, without hardware. Typed
// bytes go in through receive(): they are echoed, edited and committed a
// line at a time; read() hands out committed input, never past the end of a
// line. Ctrl-D commits the line without a newline; alone on a line it is
// end of file (a read of 0 bytes). Output (echo and writes) goes to a
// transmit ring with "\n" sent as "\r\n".
//
// Editing: CR becomes LF; backspace and DEL erase the byte before the
// cursor (at the end of the line, echoing "\b \b"); the left and right
// arrows move the cursor, and a byte typed in the middle of the line is
// inserted there, the rest of the line redrawn after it and the cursor put
// back (ESC [ n D); Home, End and Delete do what they say. The up and down
// arrows recall the last kHistoryLines lines (the line being typed comes
// back after the newest). Escape sequences may arrive split
// (escape_decoder.h). Ctrl-C discards the line being typed, echoes "^C"
// and a newline, and raises interrupted() for the driver, which ends the
// console's foreground process.
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

#include "escape_decoder.h"
#include "line_history.h"

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
  // A longer line stops taking bytes (Linux's canonical mode has the same
  // 4,096: a pasted line of a few KiB must arrive whole).
  static constexpr size_t kLineMax = 4096;
  static constexpr size_t kInputBytes = 2 * kLineMax;  // committed, unread input
  static constexpr size_t kMaxLines = 128;
  static constexpr size_t kOutputBytes = 16384;
  static constexpr size_t kEchoReserve = 1024;
  static constexpr size_t kAtomicWrite = kEchoReserve / 2;  // each "\n" takes two slots
  static constexpr size_t kHistoryLines = 32;
  // The most one received byte echoes: a recalled line (a cursor move, an
  // erase to the end of the line, the line).
  static constexpr size_t kLongestEcho = kLineMax + 16;

  static constexpr char kBackspace = '\b';
  static constexpr char kDelete = 0x7f;
  static constexpr char kEndOfFile = 0x04;  // Ctrl-D
  static constexpr char kInterrupt = 0x03;  // Ctrl-C

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

  // Whether Ctrl-C was typed since the last call.
  bool take_interrupt() {
    bool interrupted = interrupted_;
    interrupted_ = false;
    return interrupted;
  }

 private:
  void edit(Key key);
  void insert(char c);
  void erase_before_cursor();
  void delete_at_cursor();
  void move_left(size_t count);
  void move_right(size_t count);
  // Shows line_[from..] after the cursor and puts the cursor back at from,
  // erasing the cells of `erased` bytes that the line no longer covers.
  void redraw_tail(size_t from, size_t erased);
  void recall(bool older);
  void replace_line(const char* text, size_t length);
  void interrupt();
  void commit();
  void emit(char c);  // to the transmit ring, "\n" as "\r\n"; dropped when full
  void emit_cursor_left(size_t count);

  char line_[kLineMax];
  size_t line_length_ = 0;
  size_t cursor_ = 0;  // where in line_ typing goes
  EscapeDecoder decoder_;
  LineHistory<kHistoryLines, kLineMax> history_;
  // How far up the history the line shows (0: the line being typed, which
  // draft_ keeps meanwhile).
  size_t recalled_ = 0;
  char draft_[kLineMax];
  size_t draft_length_ = 0;
  bool interrupted_ = false;
  ByteRing<kInputBytes> input_;
  // Lengths of the committed lines in input_, oldest first; the first may
  // be partly read. A length of 0 is an end of file.
  uint32_t lengths_[kMaxLines];
  size_t first_line_ = 0;
  size_t lines_ = 0;
  ByteRing<kOutputBytes> output_;
};

}  // namespace uart
