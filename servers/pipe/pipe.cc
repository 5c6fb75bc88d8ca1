#include "pipe.h"

namespace pipe {

Pipe::~Pipe() {
  --live_;
  // Ends drop their waiters before they close; nothing should be left.
  for (Waiter** queue : {&readers_waiting_, &writers_waiting_}) {
    while (Waiter* w = *queue) {
      *queue = w->next;
      delete w;
    }
  }
}

void Pipe::open_end(End end) { ++(end == End::Read ? readers_ : writers_); }

void Pipe::close_end(End end) {
  if (end == End::Read) {
    if (--readers_ == 0) finish_all(writers_waiting_, true);
  } else {
    if (--writers_ == 0) finish_all(readers_waiting_, false);
  }
}

Result<uint32_t> Pipe::read(uint8_t* into, uint32_t count) {
  if (count == 0) return 0u;
  if (buffer_.size() == 0) return writers_ ? Result<uint32_t>(Error::ShouldWait) : Result<uint32_t>(0u);
  uint32_t n = buffer_.take(into, count);
  serve_waiters();
  return n;
}

Result<uint32_t> Pipe::write(const uint8_t* from, uint32_t count, bool nonblocking, uint32_t& done) {
  done = 0;
  if (readers_ == 0) return Error::PeerClosed;
  if (writers_waiting_) return Error::ShouldWait;  // behind them, to keep the order of writes
  if (count == 0) return 0u;
  if (count <= kAtomicWrite && buffer_.room() < count) return Error::ShouldWait;  // whole or not at all
  done = buffer_.put(from, count);
  serve_waiters();
  if (done == count || (nonblocking && done > 0)) return done;
  return Error::ShouldWait;
}

uint32_t Pipe::forget(Waiter* waiter) {
  if (unlink(readers_waiting_, waiter)) return 0;
  if (!unlink(writers_waiting_, waiter)) return 0;
  serve_waiters();
  return waiter->done;
}

void Pipe::drop_waiters_of(const void* owner) {
  for (Waiter** queue : {&readers_waiting_, &writers_waiting_}) {
    Waiter* w = *queue;
    while (w) {
      Waiter* next = w->next;
      if (w->owner == owner) {
        (void)unlink(*queue, w);
        delete w;
      }
      w = next;
    }
  }
}

void Pipe::append(Waiter*& queue, Waiter* waiter) {
  waiter->next = nullptr;
  Waiter** at = &queue;
  while (*at) at = &(*at)->next;
  *at = waiter;
}

bool Pipe::unlink(Waiter*& queue, Waiter* waiter) {
  for (Waiter** at = &queue; *at; at = &(*at)->next) {
    if (*at == waiter) {
      *at = waiter->next;
      waiter->next = nullptr;
      return true;
    }
  }
  return false;
}

void Pipe::finish_all(Waiter*& queue, bool is_write) {
  while (Waiter* w = queue) {
    queue = w->next;
    // A write that is partly in reports that part, as Linux does; the
    // next write gets PeerClosed.
    if (is_write)
      w->finish(w->done ? Result<uint32_t>(w->done) : Result<uint32_t>(Error::PeerClosed));
    else
      w->finish(0u);
    delete w;
  }
}

bool Pipe::advance(Waiter& write) {
  uint32_t left = write.count - write.done;
  if (write.count <= kAtomicWrite && buffer_.room() < left) return false;
  write.done += buffer_.put(write.bytes + write.done, left);
  return write.done == write.count;
}

void Pipe::serve_waiters() {
  for (bool moved = true; moved;) {
    moved = false;
    while (readers_waiting_ && buffer_.size() > 0) {
      Waiter* r = readers_waiting_;
      readers_waiting_ = r->next;
      r->finish(buffer_.take(r->bytes, r->count));
      delete r;
      moved = true;
    }
    while (Waiter* w = writers_waiting_) {
      uint32_t before = w->done;
      bool complete = advance(*w);
      moved = moved || w->done != before;
      if (!complete) break;
      writers_waiting_ = w->next;
      w->finish(w->done);
      delete w;
    }
  }
}

}  // namespace pipe
