// Tests of the code idl_codegen generates, on idl/codegen/test/all_types.capnp:
// values round-trip client -> dispatcher -> handler -> reply, and every kind
// of malformed message is answered with an error without reaching a handler.
#include <doctest/doctest.h>

#include <cmath>
#include <cstring>
#include <limits>
#include <string>
#include <vector>

#include "all_types.idl.h"

namespace {

using namespace idl::test;
using idl::Bulk;
using idl::Data;
using idl::List;
using idl::Text;

constexpr uint32_t kBulkSize = 4096;

// Fails a test if any of these runs: the message should have been rejected.
struct Server {
  int calls = 0;
  std::vector<ipc::Handle> dropped;
  ipc::Handle first = 0, second = 0;
  uint32_t next_handle = 100;
  bool oversized_reply = false;

  Status nothing(const EverythingNothingParams&, EverythingNothingResults&) {
    ++calls;
    return Error::Ok;
  }
  Status scalars(const EverythingScalarsParams& in, EverythingScalarsResults& out) {
    ++calls;
    out = {in.i8, in.i16, in.i32, in.i64, in.u8, in.u16, in.u32, in.u64, in.b, in.f32, in.f64, in.color};
    return Error::Ok;
  }
  Status structs(const EverythingStructsParams& in, EverythingStructsResults& out) {
    ++calls;
    out.sample = in.sample;
    out.point = in.point;
    return Error::Ok;
  }
  // Answers with views into the request itself.
  Status strings(const EverythingStringsParams& in, EverythingStringsResults& out) {
    ++calls;
    out.name = in.name;
    out.blob = in.blob;
    out.total = in.name.size + in.blob.size;
    if (oversized_reply) out.name = Text("this text is longer than thirty-two bytes");
    return Error::Ok;
  }
  Status lists(const EverythingListsParams& in, EverythingListsResults& out) {
    ++calls;
    out = {in.numbers, in.points, in.samples, in.flags, in.colors};
    return Error::Ok;
  }
  Status handles(const EverythingHandlesParams& in, EverythingHandlesResults& out) {
    ++calls;
    first = in.first;
    second = in.second;
    out.made = next_handle++;
    return Error::Ok;
  }
  Status labeled(const EverythingLabeledParams& in, EverythingLabeledResults& out) {
    ++calls;
    out.item = in.item;
    out.item.at.x += 1;
    out.item.file = in.item.file + 1;
    return Error::Ok;
  }
  Status bulk(const EverythingBulkParams& in, EverythingBulkResults& out) {
    ++calls;
    out.written = Bulk{in.source.offset + in.limited.length, in.source.length};
    return Error::Ok;
  }
  Status fail(const EverythingFailParams& in, EverythingFailResults& out) {
    ++calls;
    out.never = 1;
    return static_cast<Error>(in.code);
  }
  Status move(const EverythingMoveParams& in, EverythingMoveResults& out) {
    ++calls;
    out = {in.x + 1, in.y - 1};
    return Error::Ok;
  }
  // One-way: x is the name's length, y the extra handle; "fail" fails.
  Status hand_off(const EverythingHandOffParams& in, EverythingHandOffResults& out) {
    ++calls;
    if (in.name == Text("fail")) return Error::NotFound;
    out = {int32_t(in.name.size), int32_t(in.extra)};
    return Error::Ok;
  }
  void drop_handles(const ipc::Handle* handles, uint32_t count) { dropped.assign(handles, handles + count); }
};

// A transport that hands the message straight to the dispatcher.
struct Loopback {
  Server server;
  ipc::Message msg;
  int calls = 0;
  std::vector<ipc::Handle> dropped;

  ipc::Message& message() { return msg; }
  Status call(ipc::Message& m) {
    ++calls;
    dispatch_everything(server, m, kBulkSize);
    return Error::Ok;
  }
  void drop_handles(const ipc::Handle* handles, uint32_t count) { dropped.assign(handles, handles + count); }
};

// A transport that keeps the request and answers with whatever reply the test sets.
struct Scripted {
  ipc::Message msg;
  ipc::Message request;
  ipc::Message reply;
  std::vector<ipc::Handle> dropped;

  ipc::Message& message() { return msg; }
  Status call(ipc::Message& m) {
    request = m;
    m = reply;
    return Error::Ok;
  }
  Status send(ipc::Message& m) {
    request = m;
    return Error::Ok;
  }
  void drop_handles(const ipc::Handle* handles, uint32_t count) { dropped.assign(handles, handles + count); }
};

Error reply_status(const ipc::Message& msg) {
  int32_t status;
  std::memcpy(&status, msg.data + 4, 4);
  return static_cast<Error>(status);
}

uint16_t reply_ordinal(const ipc::Message& msg) {
  uint16_t ordinal;
  std::memcpy(&ordinal, msg.data, 2);
  return ordinal;
}

template <class T>
void poke(ipc::Message& msg, uint32_t offset, T value) {
  std::memcpy(msg.data + offset, &value, sizeof(T));
}

template <class T>
T peek(const ipc::Message& msg, uint32_t offset) {
  T value;
  std::memcpy(&value, msg.data + offset, sizeof(T));
  return value;
}

// Builds a request with the client stub, as it would be sent.
template <class Build>
ipc::Message request_of(Build build) {
  Scripted t;
  t.reply.bytes = 0;
  EverythingClient<Scripted> client(t, kBulkSize);
  build(client);
  return t.request;
}

// Dispatches msg to a fresh server; checks the handler never ran.
Error rejected_with(ipc::Message msg, std::vector<ipc::Handle>* dropped = nullptr) {
  Server server;
  dispatch_everything(server, msg, kBulkSize);
  CHECK(server.calls == 0);
  CHECK(msg.bytes == 8);
  CHECK(msg.handle_count == 0);
  if (dropped) *dropped = server.dropped;
  return reply_status(msg);
}

ipc::Message strings_request() {
  return request_of([](auto& c) {
    Text name;
    Data blob;
    uint32_t total;
    (void)c.strings("name", Data{reinterpret_cast<const uint8_t*>("\x01\x02\x03"), 3}, name, blob, total);
  });
}

}  // namespace

TEST_CASE("IdlTest.NullCallIsEightBytesEachWay") {
  Loopback t;
  EverythingClient<Loopback> client(t);
  CHECK(client.nothing().ok());
  CHECK(t.server.calls == 1);
  CHECK(t.msg.bytes == 8);
  CHECK(peek<uint64_t>(t.msg, 0) == 0);  // ordinal 0, flags 0, status 0

  ipc::Message req = request_of([](auto& c) { (void)c.nothing(); });
  CHECK(req.bytes == 8);
  CHECK(req.bytes <= ipc::kRegisterBytes);
  CHECK(peek<uint64_t>(req, 0) == (uint64_t{kEverythingInterfaceId} << 32));
}

TEST_CASE("IdlTest.ScalarsRoundTrip") {
  Loopback t;
  EverythingClient<Loopback> client(t);
  int8_t i8;
  int16_t i16;
  int32_t i32;
  int64_t i64;
  uint8_t u8;
  uint16_t u16;
  uint32_t u32;
  uint64_t u64;
  bool b;
  float f32;
  double f64;
  Color color;
  REQUIRE(client
              .scalars(INT8_MIN, INT16_MIN, INT32_MIN, INT64_MIN, UINT8_MAX, UINT16_MAX, UINT32_MAX, UINT64_MAX, true,
                       -1.5f, std::numeric_limits<double>::infinity(), Color::Blue, i8, i16, i32, i64, u8, u16, u32,
                       u64, b, f32, f64, color)
              .ok());
  CHECK(i8 == INT8_MIN);
  CHECK(i16 == INT16_MIN);
  CHECK(i32 == INT32_MIN);
  CHECK(i64 == INT64_MIN);
  CHECK(u8 == UINT8_MAX);
  CHECK(u16 == UINT16_MAX);
  CHECK(u32 == UINT32_MAX);
  CHECK(u64 == UINT64_MAX);
  CHECK(b == true);
  CHECK(f32 == -1.5f);
  CHECK(std::isinf(f64));
  CHECK(color == Color::Blue);

  REQUIRE(client.scalars(1, 2, 3, 4, 5, 6, 7, 8, false, 0.25f, std::nan(""), Color::Red, i8, i16, i32, i64, u8, u16,
                         u32, u64, b, f32, f64, color)
              .ok());
  CHECK(i8 == 1);
  CHECK(u64 == 8);
  CHECK(b == false);
  CHECK(std::isnan(f64));
  CHECK(color == Color::Red);
  CHECK(t.server.calls == 2);
}

TEST_CASE("IdlTest.StructsRoundTripAndPaddingIsZero") {
  Loopback t;
  std::memset(t.msg.data, 0xAA, sizeof t.msg.data);
  EverythingClient<Loopback> client(t);
  Sample sample{true, Color::Green, 2.5, Point{-3, 4}};
  Sample sample_out;
  Point point_out;
  REQUIRE(client.structs(Point{7, -8}, sample, sample_out, point_out).ok());
  CHECK(point_out.x == 7);
  CHECK(point_out.y == -8);
  CHECK(sample_out.flag);
  CHECK(sample_out.color == Color::Green);
  CHECK(sample_out.value == 2.5);
  CHECK(sample_out.where.x == -3);
  CHECK(sample_out.where.y == 4);

  // Reply: sample @8 (flag @8, pad @9, color @10, pad @12..15), point @32.
  CHECK(t.msg.bytes == 40);
  CHECK(t.msg.data[9] == 0);
  CHECK(peek<uint32_t>(t.msg, 12) == 0);

  ipc::Message req = request_of([](auto& c) {
    Sample s;
    Point p;
    (void)c.structs(Point{1, 2}, Sample{}, s, p);
  });
  CHECK(req.bytes == 8 + 32);
}

TEST_CASE("IdlTest.NamedStructParamsRoundTrip") {
  Loopback t;
  EverythingClient<Loopback> client(t);
  int32_t x, y;
  REQUIRE(client.move(10, 20, x, y).ok());
  CHECK(x == 11);
  CHECK(y == 19);
}

TEST_CASE("IdlTest.TextAndDataRoundTrip") {
  Loopback t;
  EverythingClient<Loopback> client(t);
  const uint8_t bytes[] = {0, 1, 2, 255, 0};
  Text name;
  Data blob;
  uint32_t total = 0;
  REQUIRE(client.strings("hello, server", Data{bytes, sizeof bytes}, name, blob, total).ok());
  CHECK(name == Text("hello, server"));
  REQUIRE(blob.size == sizeof bytes);
  CHECK(std::memcmp(blob.data, bytes, sizeof bytes) == 0);
  CHECK(total == 13 + 5);

  // Empty and exactly-at-bound values.
  const std::string max_name(32, 'n');
  const std::vector<uint8_t> max_blob(64, 0x5a);
  REQUIRE(client.strings(Text(max_name.data(), 32), Data{max_blob.data(), 64}, name, blob, total).ok());
  CHECK(name == Text(max_name.c_str()));
  CHECK(blob.size == 64);
  CHECK(blob.data[63] == 0x5a);
  REQUIRE(client.strings(Text(), Data{}, name, blob, total).ok());
  CHECK(name.size == 0);
  CHECK(blob.size == 0);
  CHECK(t.server.calls == 3);
}

TEST_CASE("IdlTest.ClientRefusesArgumentsOverTheirBound") {
  Loopback t;
  EverythingClient<Loopback> client(t);
  const std::string long_name(33, 'n');
  Text name;
  Data blob;
  uint32_t total;
  CHECK(client.strings(Text(long_name.data(), 33), Data{}, name, blob, total).error() == Error::TooLarge);
  CHECK(t.calls == 0);
}

TEST_CASE("IdlTest.ListsRoundTrip") {
  Loopback t;
  EverythingClient<Loopback> client(t);
  const uint64_t numbers[] = {1, UINT64_MAX, 3};
  const Point points[] = {{1, 2}, {3, 4}, {5, 6}, {7, 8}};
  const Sample samples[] = {{true, Color::Blue, 1.0, {1, 1}}, {false, Color::Red, -2.0, {2, 2}}};
  const bool flags[] = {true, false, true, true, false, false, true, false};
  const Color colors[] = {Color::Green};
  List<uint64_t> numbers_out;
  List<Point> points_out;
  List<Sample> samples_out;
  List<bool> flags_out;
  List<Color> colors_out;
  REQUIRE(client
              .lists(List<uint64_t>(numbers, 3), List<Point>(points, 4), List<Sample>(samples, 2),
                     List<bool>(flags, 8), List<Color>(colors, 1), numbers_out, points_out, samples_out, flags_out,
                     colors_out)
              .ok());
  REQUIRE(numbers_out.size() == 3);
  CHECK(numbers_out[1] == UINT64_MAX);
  REQUIRE(points_out.size() == 4);
  CHECK(points_out[3].x == 7);
  CHECK(points_out[3].y == 8);
  REQUIRE(samples_out.size() == 2);
  CHECK(samples_out[0].flag);
  CHECK(samples_out[0].color == Color::Blue);
  CHECK(samples_out[1].value == -2.0);
  CHECK(samples_out[1].where.y == 2);
  REQUIRE(flags_out.size() == 8);
  for (uint32_t i = 0; i < 8; ++i) CHECK(flags_out[i] == flags[i]);
  REQUIRE(colors_out.size() == 1);
  CHECK(colors_out[0] == Color::Green);

  const Point too_many[5] = {};
  CHECK(client
            .lists(List<uint64_t>(), List<Point>(too_many, 5), List<Sample>(), List<bool>(), List<Color>(), numbers_out,
                   points_out, samples_out, flags_out, colors_out)
            .error() == Error::TooLarge);
}

TEST_CASE("IdlTest.HandlesMoveBothWays") {
  Loopback t;
  EverythingClient<Loopback> client(t);
  ipc::Handle made = 0;
  REQUIRE(client.handles(11, 22, made).ok());
  CHECK(t.server.first == 11);
  CHECK(t.server.second == 22);
  CHECK(made == 100);
  CHECK(t.msg.handle_count == 1);
  CHECK(t.msg.handles[0] == 100);

  ipc::Message req = request_of([](auto& c) {
    ipc::Handle h;
    (void)c.handles(5, 6, h);
  });
  CHECK(req.bytes == 16);
  CHECK(req.handle_count == 2);
  CHECK(peek<uint32_t>(req, 8) == 0);  // indices into handles[]
  CHECK(peek<uint32_t>(req, 12) == 1);
}

TEST_CASE("IdlTest.NestedStructWithTextAndHandleRoundTrips") {
  Loopback t;
  EverythingClient<Loopback> client(t);
  Labeled out;
  REQUIRE(client.labeled(Labeled{"label", Point{1, 2}, 40}, out).ok());
  CHECK(out.name == Text("label"));
  CHECK(out.at.x == 2);
  CHECK(out.file == 41);
  CHECK(t.msg.handle_count == 1);
}

TEST_CASE("IdlTest.BulkRangesAreCheckedAgainstTheSharedBuffer") {
  Loopback t;
  EverythingClient<Loopback> client(t, kBulkSize);
  Bulk written;
  REQUIRE(client.bulk(Bulk{100, 200}, Bulk{0, 128}, written).ok());
  CHECK(written.offset == 228);
  CHECK(written.length == 200);
  REQUIRE(client.bulk(Bulk{0, kBulkSize}, Bulk{}, written).ok());

  CHECK(client.bulk(Bulk{kBulkSize - 1, 2}, Bulk{}, written).error() == Error::OutOfRange);
  CHECK(client.bulk(Bulk{0xffffffff, 2}, Bulk{}, written).error() == Error::OutOfRange);
  CHECK(client.bulk(Bulk{0, 0}, Bulk{0, 129}, written).error() == Error::TooLarge);
  CHECK(t.calls == 2);

  // A client that believes in a larger buffer than the server's.
  EverythingClient<Loopback> greedy(t, 2 * kBulkSize);
  CHECK(greedy.bulk(Bulk{kBulkSize, 1}, Bulk{}, written).error() == Error::OutOfRange);
  CHECK(t.server.calls == 2);
}

TEST_CASE("IdlTest.HandlerErrorReachesTheClient") {
  Loopback t;
  EverythingClient<Loopback> client(t);
  uint32_t never = 0;
  CHECK(client.fail(static_cast<int32_t>(Error::NotFound), never).error() == Error::NotFound);
  CHECK(never == 0);
  CHECK(t.msg.bytes == 8);
  CHECK(client.fail(static_cast<int32_t>(Error::Busy), never).error() == Error::Busy);
  CHECK(t.server.calls == 2);
}

TEST_CASE("IdlTest.ReplyOverItsBoundBecomesTooLarge") {
  Loopback t;
  t.server.oversized_reply = true;
  EverythingClient<Loopback> client(t);
  Text name;
  Data blob;
  uint32_t total;
  CHECK(client.strings("x", Data{}, name, blob, total).error() == Error::TooLarge);
}

TEST_CASE("IdlTest.TruncatedMessagesAreMalformed") {
  ipc::Message msg = request_of([](auto& c) { (void)c.nothing(); });
  for (uint32_t bytes = 0; bytes < 8; ++bytes) {
    msg.bytes = bytes;
    CHECK(rejected_with(msg) == Error::Malformed);
  }

  ipc::Message scalars = request_of([](auto& c) {
    int8_t i8;
    int16_t i16;
    int32_t i32;
    int64_t i64;
    uint8_t u8;
    uint16_t u16;
    uint32_t u32;
    uint64_t u64;
    bool b;
    float f32;
    double f64;
    Color color;
    (void)c.scalars(1, 2, 3, 4, 5, 6, 7, 8, true, 1, 2, Color::Red, i8, i16, i32, i64, u8, u16, u32, u64, b, f32, f64,
                    color);
  });
  CHECK(scalars.bytes == 64);
  scalars.bytes = 63;
  CHECK(rejected_with(scalars) == Error::Malformed);
  scalars.bytes = 65;  // fixed-size methods take exactly their size
  CHECK(rejected_with(scalars) == Error::Malformed);

  ipc::Message strings = strings_request();
  strings.bytes = 8 + 16 - 1;  // shorter than the fixed part
  CHECK(rejected_with(strings) == Error::Malformed);

  msg.bytes = ipc::kMaxMessageBytes + 8;
  CHECK(rejected_with(msg) == Error::Malformed);
}

TEST_CASE("IdlTest.HeaderChecks") {
  ipc::Message msg = request_of([](auto& c) { (void)c.nothing(); });

  ipc::Message unknown = msg;
  poke<uint16_t>(unknown, 0, 42);
  CHECK(rejected_with(unknown) == Error::NoSyscall);

  ipc::Message other = msg;
  poke<uint32_t>(other, 4, kOtherInterfaceId);
  CHECK(rejected_with(other) == Error::WrongType);
  poke<uint16_t>(other, 0, 42);
  CHECK(rejected_with(other) == Error::WrongType);

  ipc::Message flags = msg;
  poke<uint16_t>(flags, 2, 1);
  CHECK(rejected_with(flags) == Error::Malformed);
  poke<uint16_t>(flags, 0, 42);
  CHECK(rejected_with(flags) == Error::Malformed);

  // Another interface's dispatcher refuses Everything's messages.
  struct OtherServer {
    int calls = 0;
    Status ping(const OtherPingParams&, OtherPingResults&) {
      ++calls;
      return Error::Ok;
    }
  } other_server;
  ipc::Message copy = msg;
  dispatch_other(other_server, copy);
  CHECK(other_server.calls == 0);
  CHECK(reply_status(copy) == Error::WrongType);
}

TEST_CASE("IdlTest.HandleCountsAndIndicesAreChecked") {
  ipc::Message msg = request_of([](auto& c) {
    ipc::Handle h;
    (void)c.handles(5, 6, h);
  });
  std::vector<ipc::Handle> dropped;

  ipc::Message too_few = msg;
  too_few.handle_count = 1;
  CHECK(rejected_with(too_few, &dropped) == Error::Malformed);
  CHECK(dropped == std::vector<ipc::Handle>{5});

  ipc::Message too_many = msg;
  too_many.handle_count = 3;
  too_many.handles[2] = 7;
  CHECK(rejected_with(too_many, &dropped) == Error::Malformed);
  CHECK(dropped == std::vector<ipc::Handle>{5, 6, 7});

  ipc::Message out_of_range = msg;
  poke<uint32_t>(out_of_range, 12, 2);
  CHECK(rejected_with(out_of_range, &dropped) == Error::Malformed);
  CHECK(dropped.size() == 2);

  ipc::Message twice = msg;
  poke<uint32_t>(twice, 12, 0);
  CHECK(rejected_with(twice) == Error::Malformed);

  ipc::Message none = request_of([](auto& c) { (void)c.nothing(); });
  none.handle_count = 1;
  CHECK(rejected_with(none) == Error::Malformed);

  ipc::Message forged = none;
  forged.handle_count = 1000;  // the kernel never delivers this; still no overrun
  CHECK(rejected_with(forged, &dropped) == Error::Malformed);
  CHECK(dropped.size() == ipc::kMaxMessageHandles);
}

TEST_CASE("IdlTest.BadBoolsAndEnumsAreMalformed") {
  ipc::Message scalars = request_of([](auto& c) {
    int8_t i8;
    int16_t i16;
    int32_t i32;
    int64_t i64;
    uint8_t u8;
    uint16_t u16;
    uint32_t u32;
    uint64_t u64;
    bool b;
    float f32;
    double f64;
    Color color;
    (void)c.scalars(1, 2, 3, 4, 5, 6, 7, 8, true, 1, 2, Color::Blue, i8, i16, i32, i64, u8, u16, u32, u64, b, f32, f64,
                    color);
  });
  {
    Server server;
    ipc::Message ok = scalars;
    dispatch_everything(server, ok);
    CHECK(server.calls == 1);
  }
  ipc::Message bad_bool = scalars;
  poke<uint8_t>(bad_bool, 8 + 32, 2);
  CHECK(rejected_with(bad_bool) == Error::Malformed);
  ipc::Message bad_enum = scalars;
  poke<uint16_t>(bad_enum, 8 + 48, 3);
  CHECK(rejected_with(bad_enum) == Error::Malformed);

  // Inside a nested struct: structs(point @8, sample @16 {flag @16, color @18}).
  ipc::Message structs = request_of([](auto& c) {
    Sample s;
    Point p;
    (void)c.structs(Point{}, Sample{}, s, p);
  });
  ipc::Message nested_bool = structs;
  poke<uint8_t>(nested_bool, 16, 0xff);
  CHECK(rejected_with(nested_bool) == Error::Malformed);
  ipc::Message nested_enum = structs;
  poke<uint16_t>(nested_enum, 18, 0xffff);
  CHECK(rejected_with(nested_enum) == Error::Malformed);

  // Inside lists.
  const bool flags[] = {true};
  const Color colors[] = {Color::Red};
  const Sample samples[] = {Sample{}};
  auto lists = [&](auto& c) {
    List<uint64_t> n;
    List<Point> p;
    List<Sample> s;
    List<bool> f;
    List<Color> k;
    (void)c.lists(List<uint64_t>(), List<Point>(), List<Sample>(samples, 1), List<bool>(flags, 1),
                  List<Color>(colors, 1), n, p, s, f, k);
  };
  ipc::Message msg = request_of(lists);
  const uint32_t samples_at = peek<uint32_t>(msg, 8 + 16);
  const uint32_t flags_at = peek<uint32_t>(msg, 8 + 24);
  const uint32_t colors_at = peek<uint32_t>(msg, 8 + 32);
  ipc::Message list_bool = msg;
  poke<uint8_t>(list_bool, flags_at, 7);
  CHECK(rejected_with(list_bool) == Error::Malformed);
  ipc::Message list_enum = msg;
  poke<uint16_t>(list_enum, colors_at, 3);
  CHECK(rejected_with(list_enum) == Error::Malformed);
  ipc::Message list_struct_enum = msg;
  poke<uint16_t>(list_struct_enum, samples_at + 2, 9);
  CHECK(rejected_with(list_struct_enum) == Error::Malformed);
}

TEST_CASE("IdlTest.DescriptorsAreChecked") {
  const ipc::Message msg = strings_request();  // name @8, blob @16
  const uint32_t name_at = peek<uint32_t>(msg, 8);
  CHECK(name_at >= 24);
  {
    Server server;
    ipc::Message ok = msg;
    dispatch_everything(server, ok);
    CHECK(server.calls == 1);
  }

  ipc::Message too_long = msg;
  poke<uint32_t>(too_long, 12, 33);  // over maxLength(32)
  CHECK(rejected_with(too_long) == Error::TooLarge);

  ipc::Message past_end = msg;
  poke<uint32_t>(past_end, 12, 32);  // within the bound, past the message
  CHECK(rejected_with(past_end) == Error::Malformed);

  ipc::Message offset_past_end = msg;
  poke<uint32_t>(offset_past_end, 8, msg.bytes + 1);
  poke<uint32_t>(offset_past_end, 12, 0);
  CHECK(rejected_with(offset_past_end) == Error::Malformed);

  ipc::Message wraps = msg;
  poke<uint32_t>(wraps, 8, 0xfffffff0);
  poke<uint32_t>(wraps, 12, 0x20);
  CHECK(rejected_with(wraps) == Error::Malformed);

  ipc::Message into_header = msg;
  poke<uint32_t>(into_header, 8, 0);
  CHECK(rejected_with(into_header) == Error::Malformed);

  ipc::Message into_fixed = msg;
  poke<uint32_t>(into_fixed, 8, 16);
  CHECK(rejected_with(into_fixed) == Error::Malformed);

  ipc::Message with_nul = msg;
  with_nul.data[name_at + 1] = 0;
  CHECK(rejected_with(with_nul) == Error::Malformed);

  ipc::Message data_too_long = msg;
  poke<uint32_t>(data_too_long, 20, 65);
  CHECK(rejected_with(data_too_long) == Error::TooLarge);

  // Lists: count over the bound, and elements past the end.
  auto lists = [](auto& c) {
    const Point points[] = {{1, 2}};
    List<uint64_t> n;
    List<Point> p;
    List<Sample> s;
    List<bool> f;
    List<Color> k;
    (void)c.lists(List<uint64_t>(), List<Point>(points, 1), List<Sample>(), List<bool>(), List<Color>(), n, p, s, f,
                  k);
  };
  ipc::Message list = request_of(lists);
  ipc::Message list_too_long = list;
  poke<uint32_t>(list_too_long, 8 + 8 + 4, 5);
  CHECK(rejected_with(list_too_long) == Error::TooLarge);
  ipc::Message list_past_end = list;
  poke<uint32_t>(list_past_end, 8 + 8 + 4, 2);  // 2 points = 16 bytes, 8 sent
  CHECK(rejected_with(list_past_end) == Error::Malformed);
  ipc::Message misaligned = list;
  poke<uint32_t>(misaligned, 8 + 8, peek<uint32_t>(list, 8 + 8) + 2);
  poke<uint32_t>(misaligned, 8 + 8 + 4, 0);
  CHECK(rejected_with(misaligned) == Error::Malformed);
}

TEST_CASE("IdlTest.BulkRangesAreCheckedByTheDispatcher") {
  ipc::Message msg = request_of([](auto& c) {
    Bulk w;
    (void)c.bulk(Bulk{0, 16}, Bulk{16, 16}, w);
  });
  ipc::Message past = msg;
  poke<uint32_t>(past, 8, kBulkSize);
  CHECK(rejected_with(past) == Error::OutOfRange);
  ipc::Message over_bound = msg;
  poke<uint32_t>(over_bound, 20, 129);
  CHECK(rejected_with(over_bound) == Error::TooLarge);

  // With no shared buffer, only empty ranges pass.
  Server server;
  ipc::Message copy = msg;
  dispatch_everything(server, copy, 0);
  CHECK(server.calls == 0);
  CHECK(reply_status(copy) == Error::OutOfRange);
}

TEST_CASE("IdlTest.ErrorReplyEchoesTheOrdinal") {
  ipc::Message msg = strings_request();
  poke<uint32_t>(msg, 12, 33);
  Server server;
  dispatch_everything(server, msg, kBulkSize);
  CHECK(reply_ordinal(msg) == EverythingStringsParams::kOrdinal);
  CHECK(peek<uint16_t>(msg, 2) == 0);
}

TEST_CASE("IdlTest.ClientChecksReplies") {
  Scripted t;
  EverythingClient<Scripted> client(t);
  uint32_t never;
  auto header = [](uint16_t ordinal, uint16_t flags, int32_t status) {
    ipc::Message m;
    poke<uint16_t>(m, 0, ordinal);
    poke<uint16_t>(m, 2, flags);
    poke<int32_t>(m, 4, status);
    m.bytes = 8;
    return m;
  };
  const uint16_t fail = EverythingFailParams::kOrdinal;

  t.reply = header(fail, 0, 0);
  t.reply.bytes = 12;
  poke<uint32_t>(t.reply, 8, 99);
  CHECK(client.fail(0, never).ok());
  CHECK(never == 99);

  t.reply = header(fail, 0, 0);  // ok, but no results
  CHECK(client.fail(0, never).error() == Error::Malformed);
  t.reply = header(fail + 1, 0, 0);
  t.reply.bytes = 12;
  CHECK(client.fail(0, never).error() == Error::Malformed);
  t.reply = header(fail, 1, 0);
  t.reply.bytes = 12;
  CHECK(client.fail(0, never).error() == Error::Malformed);
  t.reply = header(fail, 0, 5);  // statuses are negative
  CHECK(client.fail(0, never).error() == Error::Malformed);
  t.reply = header(fail, 0, static_cast<int32_t>(Error::AccessDenied));
  CHECK(client.fail(0, never).error() == Error::AccessDenied);
  t.reply = header(fail, 0, 0);
  t.reply.bytes = 4;
  CHECK(client.fail(0, never).error() == Error::Malformed);

  // A reply with an unexpected handle: rejected, and the handle given back to the transport.
  t.reply = header(fail, 0, 0);
  t.reply.bytes = 12;
  t.reply.handle_count = 1;
  t.reply.handles[0] = 77;
  CHECK(client.fail(0, never).error() == Error::Malformed);
  CHECK(t.dropped == std::vector<ipc::Handle>{77});

  // A reply whose descriptor points out of the message.
  Text name;
  Data blob;
  uint32_t total;
  t.reply = header(EverythingStringsParams::kOrdinal, 0, 0);
  t.reply.bytes = 8 + 20;
  poke<uint32_t>(t.reply, 8, 28);
  poke<uint32_t>(t.reply, 12, 1);
  CHECK(client.strings("a", Data{}, name, blob, total).error() == Error::Malformed);
}

TEST_CASE("IdlTest.TransportErrorIsReturned") {
  struct Closed {
    ipc::Message msg;
    ipc::Message& message() { return msg; }
    Status call(ipc::Message&) { return Error::PeerClosed; }
  } t;
  EverythingClient<Closed> client(t);
  CHECK(client.nothing().error() == Error::PeerClosed);
}

namespace {

// A transport that also sends register-sized messages as the kernel does:
// only the first 80 bytes travel in the words, the rest of a reply and its
// handles land in the message buffer.
struct RegisterLoopback {
  Server server;
  ipc::Message msg;
  int message_calls = 0, register_calls = 0;
  std::vector<ipc::Handle> dropped;

  ipc::Message& message() { return msg; }
  Status call(ipc::Message& m) {
    ++message_calls;
    dispatch_everything(server, m, kBulkSize);
    return Error::Ok;
  }
  Status call_registers(uint32_t& bytes, uint32_t& handle_count, uint64_t (&words)[ipc::kRegisterWords]) {
    ++register_calls;
    REQUIRE(bytes <= ipc::kRegisterBytes);
    REQUIRE(handle_count == 0);
    // Stale bytes in the buffer: the request must not depend on them.
    std::memset(msg.data, 0xa5, sizeof msg.data);
    std::memcpy(msg.data, words, bytes);
    msg.bytes = bytes;
    msg.handle_count = 0;
    dispatch_everything(server, msg, kBulkSize);
    bytes = msg.bytes;
    handle_count = msg.handle_count;
    std::memcpy(words, msg.data, sizeof words);
    return Error::Ok;
  }
  void drop_handles(const ipc::Handle* handles, uint32_t count) { dropped.assign(handles, handles + count); }
};

// Answers every register call with the reply the test sets.
struct RegisterScripted {
  ipc::Message msg;
  ipc::Message reply;
  std::vector<ipc::Handle> dropped;

  ipc::Message& message() { return msg; }
  Status call(ipc::Message&) { return Error::NoSyscall; }  // never used for register-sized requests
  Status call_registers(uint32_t& bytes, uint32_t& handle_count, uint64_t (&words)[ipc::kRegisterWords]) {
    msg = reply;
    bytes = reply.bytes;
    handle_count = reply.handle_count;
    std::memcpy(words, reply.data, sizeof words);
    return Error::Ok;
  }
  void drop_handles(const ipc::Handle* handles, uint32_t count) { dropped.assign(handles, handles + count); }
};

}  // namespace

TEST_CASE("IdlTest.RegisterSizedCallsTravelInRegisters") {
  RegisterLoopback t;
  EverythingClient<RegisterLoopback> client(t, kBulkSize);
  CHECK(client.nothing().ok());
  int32_t x, y;
  REQUIRE(client.move(10, -20, x, y).ok());
  CHECK(x == 11);
  CHECK(y == -21);
  uint32_t never = 0;
  REQUIRE(client.fail(0, never).ok());
  CHECK(never == 1);
  Bulk written;
  REQUIRE(client.bulk(Bulk{100, 200}, Bulk{0, 128}, written).ok());
  CHECK(written.offset == 228);
  CHECK(written.length == 200);
  CHECK(t.register_calls == 4);
  CHECK(t.message_calls == 0);
  CHECK(t.server.calls == 4);

  // What does not fit goes through the buffer as before.
  Text name;
  Data blob;
  uint32_t total;
  REQUIRE(client.strings("name", Data{}, name, blob, total).ok());
  CHECK(total == 4);
  CHECK(t.message_calls == 1);
  CHECK(t.register_calls == 4);
}

TEST_CASE("IdlTest.RegisterCallsKeepEveryCheck") {
  RegisterLoopback t;
  EverythingClient<RegisterLoopback> client(t, kBulkSize);
  uint32_t never = 0;
  // A handler's error comes back as an error reply.
  CHECK(client.fail(static_cast<int32_t>(Error::AccessDenied), never).error() == Error::AccessDenied);
  // Arguments are checked before anything is sent.
  Bulk written;
  CHECK(client.bulk(Bulk{kBulkSize - 1, 2}, Bulk{}, written).error() == Error::OutOfRange);
  CHECK(client.bulk(Bulk{0, 0}, Bulk{0, 129}, written).error() == Error::TooLarge);
  CHECK(t.register_calls == 1);
  CHECK(t.server.calls == 1);
}

TEST_CASE("IdlTest.RegisterRepliesAreChecked") {
  RegisterScripted t;
  EverythingClient<RegisterScripted> client(t);
  uint32_t never = 0;
  const uint16_t fail = EverythingFailParams::kOrdinal;
  auto reply = [&](uint16_t ordinal, int32_t status, uint32_t bytes) {
    ipc::Message m;
    std::memset(m.data, 0, sizeof m.data);
    poke<uint16_t>(m, 0, ordinal);
    poke<int32_t>(m, 4, status);
    poke<uint32_t>(m, 8, 99);
    m.bytes = bytes;
    return m;
  };

  t.reply = reply(fail, 0, 12);
  REQUIRE(client.fail(0, never).ok());
  CHECK(never == 99);

  t.reply = reply(fail + 1, 0, 12);
  CHECK(client.fail(0, never).error() == Error::Malformed);
  t.reply = reply(fail, 0, 16);  // longer than the results
  CHECK(client.fail(0, never).error() == Error::Malformed);
  t.reply = reply(fail, 0, 8);  // no results
  CHECK(client.fail(0, never).error() == Error::Malformed);
  t.reply = reply(fail, static_cast<int32_t>(Error::NotFound), 8);
  CHECK(client.fail(0, never).error() == Error::NotFound);
  t.reply = reply(fail, 5, 8);  // statuses are negative
  CHECK(client.fail(0, never).error() == Error::Malformed);

  // A handle nobody expects: refused, and given back to the transport.
  t.reply = reply(fail, 0, 12);
  t.reply.handle_count = 1;
  t.reply.handles[0] = 77;
  CHECK(client.fail(0, never).error() == Error::Malformed);
  CHECK(t.dropped == std::vector<ipc::Handle>{77});
}

TEST_CASE("IdlTest.RegisterTransportErrorIsReturned") {
  struct Closed {
    ipc::Message msg;
    ipc::Message& message() { return msg; }
    Status call(ipc::Message&) { return Error::PeerClosed; }
    Status call_registers(uint32_t&, uint32_t&, uint64_t (&)[ipc::kRegisterWords]) { return Error::TimedOut; }
  } t;
  EverythingClient<Closed> client(t);
  CHECK(client.nothing().error() == Error::TimedOut);
}

namespace {

// A handOff request as the client stub sends it: extra handle 7, Reply 9.
ipc::Message hand_off_request(const char* name) {
  return request_of([&](auto& c) { REQUIRE(c.hand_off(name, 7, 9).ok()); });
}

}  // namespace

TEST_CASE("IdlTest.OneWayRequestIsSentWithItsReplyHandle") {
  ipc::Message req = hand_off_request("abc");
  CHECK(req.handle_count == 2);
  CHECK(req.handles[peek<uint32_t>(req, EverythingHandOffParams::kReplyAt)] == 9);
  CHECK(EverythingHandOffParams::kReplyOrdinal == 9);
}

TEST_CASE("IdlTest.OneWayResultsAnswerTheReplyAsTheNamedMethod") {
  ipc::Message msg = hand_off_request("abc");
  Server server;
  CHECK(dispatch_everything_message(server, msg) == 9);
  CHECK(server.calls == 1);
  Scripted t;
  EverythingMoveResults point;
  REQUIRE(idl::wire::read_reply(t, msg, EverythingMoveParams::kOrdinal, 0, point).ok());
  CHECK(point.x == 3);
  CHECK(point.y == 7);
}

TEST_CASE("IdlTest.OneWayHandlerErrorAnswersTheReply") {
  ipc::Message msg = hand_off_request("fail");
  Server server;
  CHECK(dispatch_everything_message(server, msg) == 9);
  CHECK(msg.bytes == 8);
  CHECK(reply_ordinal(msg) == 9);
  CHECK(reply_status(msg) == Error::NotFound);
}

TEST_CASE("IdlTest.MalformedOneWayAnswersTheReplyWithTheError") {
  auto refused = [](ipc::Message msg, Error expected) {
    Server server;
    CHECK(dispatch_everything_message(server, msg) == 9);
    CHECK(server.calls == 0);
    CHECK(msg.bytes == 8);
    CHECK(msg.handle_count == 0);
    CHECK(reply_ordinal(msg) == 9);
    CHECK(reply_status(msg) == expected);
    // Every other handle is dropped; the Reply is the caller's to answer.
    CHECK(server.dropped == std::vector<ipc::Handle>{7});
  };
  ipc::Message nul = hand_off_request("abc");
  nul.data[peek<uint32_t>(nul, 8)] = 0;  // the name's first byte
  refused(nul, Error::Malformed);
  ipc::Message long_name = hand_off_request("abc");
  poke<uint32_t>(long_name, 12, 17);
  refused(long_name, Error::TooLarge);
  ipc::Message other_interface = hand_off_request("abc");
  poke<uint32_t>(other_interface, 4, kOtherInterfaceId);
  refused(other_interface, Error::WrongType);
}

TEST_CASE("IdlTest.OneWayNamingNoReplyIsDroppedWhole") {
  ipc::Message msg = hand_off_request("abc");
  poke<uint32_t>(msg, EverythingHandOffParams::kReplyAt, 2);  // past the handles
  Server server;
  CHECK(dispatch_everything_message(server, msg) == ipc::kInvalidHandle);
  CHECK(server.calls == 0);
  CHECK(server.dropped == std::vector<ipc::Handle>{7, 9});
}

TEST_CASE("IdlTest.OneWayMethodIsNoCallAndCallsAreNoMessages") {
  ipc::Message call = hand_off_request("abc");
  std::vector<ipc::Handle> dropped;
  CHECK(rejected_with(call, &dropped) == Error::NoSyscall);
  CHECK(dropped == std::vector<ipc::Handle>{7, 9});
  ipc::Message message = request_of([](auto& c) {
    ipc::Handle h;
    (void)c.handles(5, 6, h);
  });
  Server server;
  CHECK(dispatch_everything_message(server, message) == ipc::kInvalidHandle);
  CHECK(server.calls == 0);
  CHECK(server.dropped == std::vector<ipc::Handle>{5, 6});
}
