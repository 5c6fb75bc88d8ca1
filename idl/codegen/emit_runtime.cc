// The wire runtime: the part of every generated header that does not depend
// on the schema. It is emitted verbatim at the top of each header, under an
// include guard, so a generated header needs nothing but ipc/message.h and
// result.h. It is freestanding C++20: no exceptions, no heap, no libc calls
// (variable-length copies are __builtin_memcpy, which a freestanding target
// provides as memcpy, as GCC requires anyway).
#include "emit.h"

namespace codegen {

const char* const kRuntime = R"RUNTIME(
// ---- IDL wire runtime (identical in every generated header) ----
#ifndef TESSERA_IDL_WIRE_RUNTIME
#define TESSERA_IDL_WIRE_RUNTIME

#include <concepts>
#include <cstddef>
#include <cstdint>

#include "ipc/message.h"
#include "result.h"

static_assert(__BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__, "the IDL wire format is little-endian");

namespace idl {

// A view of text: `size` bytes, no NUL inside, no terminator.
struct Text {
  const char* data = nullptr;
  uint32_t size = 0;

  constexpr Text() = default;
  constexpr Text(const char* text, uint32_t length) : data(text), size(length) {}
  constexpr Text(const char* c_string) : data(c_string) {
    while (c_string[size] != 0) ++size;
  }
  friend constexpr bool operator==(Text a, Text b) {
    if (a.size != b.size) return false;
    for (uint32_t i = 0; i < a.size; ++i) {
      if (a.data[i] != b.data[i]) return false;
    }
    return true;
  }
};

// A view of bytes.
struct Data {
  const uint8_t* data = nullptr;
  uint32_t size = 0;
};

// A view of `size()` elements laid out as on the wire, which for the element
// types a list may hold is the C++ layout of T (checked by static_assert).
template <class T>
class List {
 public:
  constexpr List() = default;
  List(const T* items, uint32_t count) : bytes_(reinterpret_cast<const uint8_t*>(items)), size_(count) {}
  static List from_wire(const uint8_t* bytes, uint32_t count) {
    List list;
    list.bytes_ = bytes;
    list.size_ = count;
    return list;
  }

  uint32_t size() const { return size_; }
  // Elements are copied out rather than read through a T* into message bytes.
  T operator[](uint32_t i) const {
    T item;
    __builtin_memcpy(&item, bytes_ + size_t{i} * sizeof(T), sizeof(T));
    return item;
  }

 private:
  const uint8_t* bytes_ = nullptr;
  uint32_t size_ = 0;
};

// A range of a buffer shared by client and server ($Tessera.bulk).
struct Bulk {
  uint32_t offset = 0;
  uint32_t length = 0;
};

namespace wire {

constexpr uint32_t kHeaderBytes = 8;

// Every field on the wire is naturally aligned: the fixed part is laid out
// like a C struct from offset 8 of the 8-aligned message, and the reader
// rejects a List whose offset is not aligned for its elements. So loads and
// stores are single aligned instructions.
template <class T>
inline T load(const uint8_t* at) {
  T value;
  __builtin_memcpy(&value, __builtin_assume_aligned(at, alignof(T)), sizeof(T));
  return value;
}

template <class T>
inline void store(uint8_t* at, T value) {
  __builtin_memcpy(__builtin_assume_aligned(at, alignof(T)), &value, sizeof(T));
}

inline void zero(uint8_t* at, uint32_t n) {
  for (uint32_t i = 0; i < n; ++i) at[i] = 0;
}

// A fixed part, at offset 8 of the 8-aligned message: zeroed a word at a
// time (a Stat's 72 bytes are 9 stores, not 72).
template <uint32_t kBytes>
inline void zero_fixed(uint8_t* at) {
  uint32_t i = 0;
  for (; i + 8 <= kBytes; i += 8) store<uint64_t>(at + i, 0);
  for (; i < kBytes; ++i) at[i] = 0;
}

constexpr uint32_t align_up(uint32_t n, uint32_t align) { return (n + align - 1) & ~(align - 1); }

// Request header {ordinal, flags = 0, interface id} as one little-endian word.
constexpr uint64_t request_header(uint16_t ordinal, uint32_t interface_id) {
  return uint64_t{interface_id} << 32 | ordinal;
}

// Codec<T> says how a T goes on the wire: kSize/kAlign of its fixed part,
// kPlain (wire layout == C++ layout, so it may be a List element),
// kNeedsCheck (not every bit pattern is valid: bool, enum), kHandles (handle
// fields inside), kHasTail (Text/Data/List fields inside), encode, decode.
template <class T>
struct Codec;

class Reader;
class Writer;

template <class T>
inline void put(Writer& w, uint8_t* at, const T& value) { Codec<T>::encode(w, at, value); }
template <class T>
inline void get(Reader& r, const uint8_t* at, T& value) { Codec<T>::decode(r, at, value); }

// Reads a received message. Every check that fails records the first error;
// the caller looks at error() once at the end and then drops everything read.
class Reader {
 public:
  // `bytes` and `handle_count` of msg must already be within ipc limits.
  Reader(const ipc::Message& msg, uint32_t tail_begin, uint32_t bulk_size)
      : base_(msg.data), bytes_(msg.bytes), tail_begin_(tail_begin), handles_(msg.handles),
        handle_count_(msg.handle_count), bulk_size_(bulk_size) {}

  Error error() const { return error_; }
  void fail(Error e) {
    if (error_ == Error::Ok) error_ = e;
  }

  void text(const uint8_t* at, Text& value, uint32_t max) {
    uint32_t size = 0;
    const uint8_t* bytes = span(at, 1, 1, max, size);
    for (uint32_t i = 0; i < size; ++i) {
      if (bytes[i] == 0) return fail(Error::Malformed);
    }
    value = Text(reinterpret_cast<const char*>(bytes), size);
  }

  void data(const uint8_t* at, Data& value, uint32_t max) {
    uint32_t size = 0;
    const uint8_t* bytes = span(at, 1, 1, max, size);
    value = Data{bytes, size};
  }

  template <class T>
  void list(const uint8_t* at, List<T>& value, uint32_t max) {
    static_assert(Codec<T>::kPlain && Codec<T>::kSize == sizeof(T));
    uint32_t count = 0;
    const uint8_t* items = span(at, Codec<T>::kSize, Codec<T>::kAlign, max, count);
    if constexpr (Codec<T>::kNeedsCheck) {
      for (uint32_t i = 0; i < count; ++i) {
        T item;
        Codec<T>::decode(*this, items + size_t{i} * Codec<T>::kSize, item);
      }
    }
    value = List<T>::from_wire(items, count);
  }

  // Each handle index must name a distinct received handle; with the handle
  // count checked beforehand, every received handle is then used once.
  void handle(const uint8_t* at, ipc::Handle& value) {
    uint32_t index = load<uint32_t>(at);
    if (index >= handle_count_ || (handles_used_ & (1u << index)) != 0) return fail(Error::Malformed);
    handles_used_ |= 1u << index;
    value = handles_[index];
  }

  void bulk(const uint8_t* at, Bulk& value, uint32_t max) {
    Bulk range{load<uint32_t>(at), load<uint32_t>(at + 4)};
    if (range.length > max) return fail(Error::TooLarge);
    if (uint64_t{range.offset} + range.length > bulk_size_) return fail(Error::OutOfRange);
    value = range;
  }

 private:
  // A descriptor {offset, count} of `count` elements of `size` bytes that
  // must lie in the tail of the message, aligned. Returns null (count 0) if not.
  const uint8_t* span(const uint8_t* at, uint32_t size, uint32_t align, uint32_t max, uint32_t& count) {
    uint32_t offset = load<uint32_t>(at);
    uint32_t n = load<uint32_t>(at + 4);
    if (n > max) {
      fail(Error::TooLarge);
      return nullptr;
    }
    if (offset < tail_begin_ || offset > bytes_ || uint64_t{n} * size > bytes_ - offset || offset % align != 0) {
      fail(Error::Malformed);
      return nullptr;
    }
    count = n;
    return base_ + offset;
  }

  const uint8_t* base_;
  uint32_t bytes_;
  uint32_t tail_begin_;
  const ipc::Handle* handles_;
  uint32_t handle_count_;
  uint32_t handles_used_ = 0;
  uint32_t bulk_size_;
  Error error_ = Error::Ok;
};

// Writes a message: fixed fields wherever `at` points, variable data appended
// to the tail of msg from `tail_begin` on, handles appended to msg.handles.
class Writer {
 public:
  Writer(ipc::Message& msg, uint32_t tail_begin, uint32_t bulk_size)
      : base_(msg.data), end_(tail_begin), handles_(msg.handles), bulk_size_(bulk_size) {}

  Error error() const { return error_; }
  uint32_t end() const { return end_; }
  uint32_t handle_count() const { return handle_count_; }
  void fail(Error e) {
    if (error_ == Error::Ok) error_ = e;
  }

  void text(uint8_t* at, Text value, uint32_t max) { bytes(at, value.data, value.size, max); }
  void data(uint8_t* at, Data value, uint32_t max) { bytes(at, value.data, value.size, max); }

  template <class T>
  void list(uint8_t* at, const List<T>& value, uint32_t max) {
    uint8_t* items = reserve(at, value.size(), Codec<T>::kSize, Codec<T>::kAlign, max);
    if (items == nullptr) return;
    zero(items, value.size() * Codec<T>::kSize);
    for (uint32_t i = 0; i < value.size(); ++i) {
      Codec<T>::encode(*this, items + size_t{i} * Codec<T>::kSize, value[i]);
    }
  }

  void handle(uint8_t* at, ipc::Handle value) {
    if (handle_count_ == ipc::kMaxMessageHandles) return fail(Error::TooLarge);
    handles_[handle_count_] = value;
    store<uint32_t>(at, handle_count_++);
  }

  void bulk(uint8_t* at, Bulk value, uint32_t max) {
    if (value.length > max) return fail(Error::TooLarge);
    if (uint64_t{value.offset} + value.length > bulk_size_) return fail(Error::OutOfRange);
    store<uint32_t>(at, value.offset);
    store<uint32_t>(at + 4, value.length);
  }

 private:
  void bytes(uint8_t* at, const void* source, uint32_t size, uint32_t max) {
    uint8_t* dest = reserve(at, size, 1, 1, max);
    if (dest != nullptr && size != 0) __builtin_memcpy(dest, source, size);
  }

  // Appends room for `count` elements to the tail and writes the descriptor.
  uint8_t* reserve(uint8_t* at, uint32_t count, uint32_t size, uint32_t align, uint32_t max) {
    if (count > max) {
      fail(Error::TooLarge);
      return nullptr;
    }
    uint32_t offset = align_up(end_, align);
    if (offset + uint64_t{count} * size > ipc::kMaxMessageBytes) {
      fail(Error::TooLarge);
      return nullptr;
    }
    zero(base_ + end_, offset - end_);
    store<uint32_t>(at, offset);
    store<uint32_t>(at + 4, count);
    end_ = offset + count * size;
    return base_ + offset;
  }

  uint8_t* base_;
  uint32_t end_;
  ipc::Handle* handles_;
  uint32_t handle_count_ = 0;
  uint32_t bulk_size_;
  Error error_ = Error::Ok;
};

template <class T>
struct ScalarCodec {
  static constexpr uint32_t kSize = sizeof(T), kAlign = sizeof(T), kHandles = 0;
  static constexpr bool kPlain = true, kNeedsCheck = false, kHasTail = false;
  static void encode(Writer&, uint8_t* at, const T& value) { store<T>(at, value); }
  static void decode(Reader&, const uint8_t* at, T& value) { value = load<T>(at); }
};

template <> struct Codec<int8_t> : ScalarCodec<int8_t> {};
template <> struct Codec<int16_t> : ScalarCodec<int16_t> {};
template <> struct Codec<int32_t> : ScalarCodec<int32_t> {};
template <> struct Codec<int64_t> : ScalarCodec<int64_t> {};
template <> struct Codec<uint8_t> : ScalarCodec<uint8_t> {};
template <> struct Codec<uint16_t> : ScalarCodec<uint16_t> {};
template <> struct Codec<uint32_t> : ScalarCodec<uint32_t> {};
template <> struct Codec<uint64_t> : ScalarCodec<uint64_t> {};
template <> struct Codec<float> : ScalarCodec<float> {};
template <> struct Codec<double> : ScalarCodec<double> {};

// A bool is one byte, 0 or 1.
template <>
struct Codec<bool> {
  static constexpr uint32_t kSize = 1, kAlign = 1, kHandles = 0;
  static constexpr bool kPlain = true, kNeedsCheck = true, kHasTail = false;
  static void encode(Writer&, uint8_t* at, const bool& value) { *at = value ? 1 : 0; }
  static void decode(Reader& r, const uint8_t* at, bool& value) {
    if (*at > 1) return r.fail(Error::Malformed);
    value = *at == 1;
  }
};

// An enum is a uint16 below the number of its enumerants.
template <class E, uint16_t kCount>
struct EnumCodec {
  static constexpr uint32_t kSize = 2, kAlign = 2, kHandles = 0;
  static constexpr bool kPlain = true, kNeedsCheck = true, kHasTail = false;
  static void encode(Writer&, uint8_t* at, const E& value) { store<uint16_t>(at, static_cast<uint16_t>(value)); }
  static void decode(Reader& r, const uint8_t* at, E& value) {
    uint16_t raw = load<uint16_t>(at);
    if (raw >= kCount) return r.fail(Error::Malformed);
    value = static_cast<E>(raw);
  }
};

// Calls Owner::drop_handles(handles, count), if Owner has one, for handles
// that arrived in a message that is rejected (they would leak otherwise).
template <class Owner>
inline void drop_handles(Owner& owner, const ipc::Handle* handles, uint32_t count) {
  if (count > ipc::kMaxMessageHandles) count = ipc::kMaxMessageHandles;
  if constexpr (requires { owner.drop_handles(handles, count); }) {
    if (count != 0) owner.drop_handles(handles, count);
  }
}

// --- server side ---

inline uint16_t request_ordinal(const ipc::Message& msg) { return load<uint16_t>(msg.data); }

// An error reply: the header alone, no handles.
inline void reply_error(ipc::Message& msg, uint16_t ordinal, Error error) {
  store<uint16_t>(msg.data, ordinal);
  store<uint16_t>(msg.data + 2, 0);
  store<int32_t>(msg.data + 4, static_cast<int32_t>(error));
  msg.bytes = kHeaderBytes;
  msg.handle_count = 0;
}

// Why a request's header does not match what its ordinal expects.
inline Error header_error(const ipc::Message& msg, uint32_t interface_id) {
  if (msg.bytes >= kHeaderBytes && load<uint32_t>(msg.data + 4) != interface_id) return Error::WrongType;
  return Error::Malformed;
}

template <class Impl>
[[gnu::noinline]] void reject(Impl& impl, ipc::Message& msg, Error error) {
  uint16_t ordinal = msg.bytes >= kHeaderBytes ? request_ordinal(msg) : 0;
  drop_handles(impl, msg.handles, msg.handle_count);
  reply_error(msg, ordinal, error);
}

template <class Impl>
[[gnu::noinline]] void reject_unknown(Impl& impl, ipc::Message& msg, uint32_t interface_id) {
  Error error = header_error(msg, interface_id);
  if (error == Error::Malformed && msg.bytes >= kHeaderBytes && load<uint16_t>(msg.data + 2) == 0) {
    error = Error::NoSyscall;
  }
  reject(impl, msg, error);
}

template <class R, class Impl>
inline void write_reply(Impl& impl, ipc::Message& msg, uint16_t ordinal, uint32_t bulk_size, const R& out) {
  constexpr uint32_t kFixed = kHeaderBytes + Codec<R>::kSize;
  uint32_t end = kFixed;
  uint32_t handle_count = 0;
  if constexpr (!Codec<R>::kHasTail) {
    zero_fixed<Codec<R>::kSize>(msg.data + kHeaderBytes);
    Writer w(msg, kFixed, bulk_size);
    Codec<R>::encode(w, msg.data + kHeaderBytes, out);
    handle_count = w.handle_count();
    if (w.error() != Error::Ok) {
      drop_handles(impl, msg.handles, handle_count);
      return reply_error(msg, ordinal, w.error());
    }
  } else {
    // Results may be views into the request (a handler may answer with part
    // of what it was sent), so the request must stay intact until they are
    // copied: the tail goes after the request, the fixed part is built aside.
    alignas(8) uint8_t fixed[Codec<R>::kSize] = {};
    uint32_t tail_begin = align_up(msg.bytes > kFixed ? msg.bytes : kFixed, 8);
    Writer w(msg, tail_begin, bulk_size);
    Codec<R>::encode(w, fixed, out);
    handle_count = w.handle_count();
    if (w.error() != Error::Ok) {
      drop_handles(impl, msg.handles, handle_count);
      return reply_error(msg, ordinal, w.error());
    }
    __builtin_memcpy(msg.data + kHeaderBytes, fixed, Codec<R>::kSize);
    end = w.end();
  }
  store<uint64_t>(msg.data, ordinal);  // flags 0, status 0
  msg.bytes = end;
  msg.handle_count = handle_count;
}

// Serves one request whose ordinal selected P: checks the header, length and
// handle count, decodes and checks every field, and only then calls
// handler(const P&, R&) -> Status. Leaves the reply in msg.
template <class P, class R, class Impl, class Handler>
inline void serve(Impl& impl, ipc::Message& msg, uint32_t bulk_size, Handler&& handler) {
  constexpr uint32_t kFixed = kHeaderBytes + Codec<P>::kSize;
  const bool length_ok = Codec<P>::kHasTail ? msg.bytes >= kFixed && msg.bytes <= ipc::kMaxMessageBytes
                                            : msg.bytes == kFixed;
  if (load<uint64_t>(msg.data) != request_header(P::kOrdinal, P::kInterfaceId)) {
    return reject(impl, msg, header_error(msg, P::kInterfaceId));
  }
  if (!length_ok || msg.handle_count != Codec<P>::kHandles) return reject(impl, msg, Error::Malformed);
  P in{};
  if constexpr (Codec<P>::kSize != 0) {
    Reader r(msg, kFixed, bulk_size);
    Codec<P>::decode(r, msg.data + kHeaderBytes, in);
    if (r.error() != Error::Ok) return reject(impl, msg, r.error());
  }
  R out{};
  Status status = handler(in, out);
  if (!status.ok()) return reply_error(msg, P::kOrdinal, status.error());
  write_reply(impl, msg, P::kOrdinal, bulk_size, out);
}

// The Reply a one-way request of P names, if its index is there and below
// the handle count (a malformed request may still name one); else none.
template <class P>
inline ipc::Handle named_reply(const ipc::Message& msg) {
  if (msg.bytes < P::kReplyAt + 4 || msg.handle_count > ipc::kMaxMessageHandles) return ipc::kInvalidHandle;
  uint32_t index = load<uint32_t>(msg.data + P::kReplyAt);
  return index < msg.handle_count ? msg.handles[index] : ipc::kInvalidHandle;
}

// A one-way request that fails its checks: its handles but the Reply are
// dropped, and msg becomes the error to answer on the Reply.
template <class P, class Impl>
[[gnu::noinline]] ipc::Handle refuse_one_way(Impl& impl, ipc::Message& msg, ipc::Handle reply, Error error) {
  ipc::Handle others[ipc::kMaxMessageHandles];
  uint32_t count = 0;
  for (uint32_t i = 0; i < msg.handle_count && i < ipc::kMaxMessageHandles; ++i) {
    if (msg.handles[i] != reply) others[count++] = msg.handles[i];
  }
  drop_handles(impl, others, count);
  reply_error(msg, P::kReplyOrdinal, error);
  return reply;
}

// Serves a one-way request (an asynchronous message) whose ordinal selected
// P, after the same checks as serve(), and leaves in msg what to answer on
// the Reply it names: the handler's results or error as the reply to
// P::kReplyOrdinal, or the error of a failed check. Returns that Reply for
// the caller to answer with msg (the handler must not close it), or
// kInvalidHandle if the request names none (its handles are dropped then).
template <class P, class R, class Impl, class Handler>
inline ipc::Handle serve_one_way(Impl& impl, ipc::Message& msg, uint32_t bulk_size, Handler&& handler) {
  constexpr uint32_t kFixed = kHeaderBytes + Codec<P>::kSize;
  const bool length_ok = Codec<P>::kHasTail ? msg.bytes >= kFixed && msg.bytes <= ipc::kMaxMessageBytes
                                            : msg.bytes == kFixed;
  const ipc::Handle reply = named_reply<P>(msg);
  if (load<uint64_t>(msg.data) != request_header(P::kOrdinal, P::kInterfaceId)) {
    return refuse_one_way<P>(impl, msg, reply, header_error(msg, P::kInterfaceId));
  }
  if (!length_ok || msg.handle_count != Codec<P>::kHandles) return refuse_one_way<P>(impl, msg, reply, Error::Malformed);
  P in{};
  Reader r(msg, kFixed, bulk_size);
  Codec<P>::decode(r, msg.data + kHeaderBytes, in);
  if (r.error() != Error::Ok) return refuse_one_way<P>(impl, msg, reply, r.error());
  R out{};
  Status status = handler(in, out);
  if (!status.ok()) {
    reply_error(msg, P::kReplyOrdinal, status.error());
  } else {
    write_reply(impl, msg, P::kReplyOrdinal, bulk_size, out);
  }
  return reply;
}

// A message that is no one-way request of the interface: nobody waits for an
// answer, so its handles are dropped and nothing is answered.
template <class Impl>
[[gnu::noinline]] ipc::Handle drop_message(Impl& impl, ipc::Message& msg) {
  drop_handles(impl, msg.handles, msg.handle_count);
  msg.bytes = 0;
  msg.handle_count = 0;
  return ipc::kInvalidHandle;
}

// --- client side ---

// Checks a reply to `ordinal` and decodes it into out (views into msg).
template <class R, class Transport>
inline Status read_reply(Transport& transport, ipc::Message& msg, uint16_t ordinal, uint32_t bulk_size, R& out) {
  constexpr uint32_t kFixed = kHeaderBytes + Codec<R>::kSize;
  Error error = Error::Ok;
  if (msg.bytes < kHeaderBytes || msg.bytes > ipc::kMaxMessageBytes || msg.handle_count > ipc::kMaxMessageHandles ||
      load<uint16_t>(msg.data) != ordinal || load<uint16_t>(msg.data + 2) != 0) {
    error = Error::Malformed;
  } else if (int32_t status = load<int32_t>(msg.data + 4); status != 0) {
    bool well_formed = status < 0 && msg.bytes == kHeaderBytes && msg.handle_count == 0;
    error = well_formed ? static_cast<Error>(status) : Error::Malformed;
  } else if ((Codec<R>::kHasTail ? msg.bytes < kFixed : msg.bytes != kFixed) ||
             msg.handle_count != Codec<R>::kHandles) {
    error = Error::Malformed;
  } else if constexpr (Codec<R>::kSize != 0) {
    Reader r(msg, kFixed, bulk_size);
    Codec<R>::decode(r, msg.data + kHeaderBytes, out);
    error = r.error();
  }
  if (error != Error::Ok) drop_handles(transport, msg.handles, msg.handle_count);
  return error;
}

// Whether a message of T is all in the ten message registers: its fixed
// part fits after the header, and it has no tail and no handles.
template <class T>
constexpr bool kInRegisters =
    !Codec<T>::kHasTail && Codec<T>::kHandles == 0 && kHeaderBytes + Codec<T>::kSize <= ipc::kRegisterBytes;

template <class Transport>
concept RegisterTransport = requires(Transport& t, uint32_t& n, uint64_t (&words)[ipc::kRegisterWords]) {
  { t.call_registers(n, n, words) } -> std::same_as<Status>;
};

// A request that fits the registers, through a transport that sends them
// as they are: built and sent without the message buffer, and the reply,
// if it is the one expected and fits them too, read from them. Any other
// reply (an error, a longer one, one with handles) is put together in the
// buffer and read by read_reply, which checks everything. (Element by
// element, no loops: the compiler then keeps the words in registers.)
template <class P, class R, class Transport>
inline Status call_in_registers(Transport& transport, uint32_t bulk_size, const P& in, R& out) {
  uint64_t words[ipc::kRegisterWords] = {request_header(P::kOrdinal, P::kInterfaceId)};
  if constexpr (Codec<P>::kSize != 0) {
    Writer w(transport.message(), kHeaderBytes + Codec<P>::kSize, bulk_size);
    Codec<P>::encode(w, reinterpret_cast<uint8_t*>(&words[1]), in);
    if (w.error() != Error::Ok) return w.error();
  }
  uint32_t bytes = kHeaderBytes + Codec<P>::kSize, handle_count = 0;
  TRY(transport.call_registers(bytes, handle_count, words));
  constexpr uint32_t kReplyFixed = kHeaderBytes + Codec<R>::kSize;
  if constexpr (kInRegisters<R>) {
    // {ordinal, flags 0, status 0}, R's fields and nothing else.
    if (bytes == kReplyFixed && handle_count == 0 && words[0] == P::kOrdinal) {
      if constexpr (Codec<R>::kSize == 0) {
        return {};
      } else {
        Reader r(transport.message(), kReplyFixed, bulk_size);
        Codec<R>::decode(r, reinterpret_cast<const uint8_t*>(&words[1]), out);
        return r.error();
      }
    }
  }
  ipc::Message& msg = transport.message();
  msg.bytes = bytes;
  msg.handle_count = handle_count;
  store<uint64_t>(msg.data, words[0]);
  store<uint64_t>(msg.data + 8, words[1]);
  store<uint64_t>(msg.data + 16, words[2]);
  store<uint64_t>(msg.data + 24, words[3]);
  // (Of a reply that is no register message, the rest is in the buffer already.)
  if (abi::has_t_words(bytes, handle_count)) {
    store<uint64_t>(msg.data + 32, words[4]);
    store<uint64_t>(msg.data + 40, words[5]);
    store<uint64_t>(msg.data + 48, words[6]);
    store<uint64_t>(msg.data + 56, words[7]);
    store<uint64_t>(msg.data + 64, words[8]);
    store<uint64_t>(msg.data + 72, words[9]);
  }
  return read_reply(transport, msg, P::kOrdinal, bulk_size, out);
}

// Builds the request `in` in msg; fails (and msg is not to be sent) for an
// argument over its bound.
template <class P>
inline Status build_request(ipc::Message& msg, uint32_t bulk_size, const P& in) {
  constexpr uint32_t kFixed = kHeaderBytes + Codec<P>::kSize;
  store<uint64_t>(msg.data, request_header(P::kOrdinal, P::kInterfaceId));
  zero_fixed<Codec<P>::kSize>(msg.data + kHeaderBytes);
  Writer w(msg, kFixed, bulk_size);
  Codec<P>::encode(w, msg.data + kHeaderBytes, in);
  if (w.error() != Error::Ok) return w.error();
  msg.bytes = w.end();
  msg.handle_count = w.handle_count();
  return {};
}

// Sends `in` through transport.call() in the transport's message buffer and
// decodes the reply into `out`; a request that fits the registers goes
// through call_in_registers if the transport can send one.
template <class P, class R, class Transport>
inline Status call(Transport& transport, uint32_t bulk_size, const P& in, R& out) {
  if constexpr (kInRegisters<P> && RegisterTransport<Transport>) {
    return call_in_registers(transport, bulk_size, in, out);
  }
  ipc::Message& msg = transport.message();
  TRY(build_request(msg, bulk_size, in));
  TRY(transport.call(msg));
  return read_reply(transport, msg, P::kOrdinal, bulk_size, out);
}

// Sends the one-way request `in` through transport.send(), which does not
// wait (nothing is answered on the channel: the server answers the Reply
// among the params). On failure the handles are still the caller's.
template <class P, class Transport>
inline Status send(Transport& transport, uint32_t bulk_size, const P& in) {
  ipc::Message& msg = transport.message();
  TRY(build_request(msg, bulk_size, in));
  return transport.send(msg);
}

}  // namespace wire
}  // namespace idl

#endif  // TESSERA_IDL_WIRE_RUNTIME
)RUNTIME";

}  // namespace codegen
