// pipetest malformed: the pipe server answers malformed requests, and
// requests a pipe end cannot serve, with errors, and goes on serving.
#include <stdio.h>
#include <string.h>

#include "../raw_call.h"
#include "checks.h"
#include "ipc/open_flags.h"
#include "ipc/startup.h"
#include "pipe.idl.h"
#include "vfs.idl.h"

namespace pipetest {

namespace {

using apptest::raw_call;

struct Case {
  const char* what;
  Error got;
  Error expected;
};

}  // namespace

int test_malformed() {
  const char* kName = "malformed";
  auto handles = ipc::startup_handles();
  if (!check(!handles.empty(), kName, "no Vfs session")) return 1;
  Transport session(handles[0]);
  ipc::Handle maker = ipc::kInvalidHandle;
  idl::fs::Stat stat;
  if (!check_status(
          idl::vfs::VfsClient<Transport>(session).open("/dev/pipe", ipc::open_flags::kReadWrite, 0, maker, stat),
          Error::Ok, kName, "open /dev/pipe")) {
    return 1;
  }
  Ends ends;
  if (!make(ends, kName)) return 1;
  struct Request {
    uint16_t ordinal;
    uint16_t flags;
    uint32_t interface;
  };
  Request stat_request{idl::fs::FileStatParams::kOrdinal, 0, idl::fs::kFileInterfaceId};
  Request unknown{9, 0, idl::pipe::kPipeMakerInterfaceId};
  Transport mt(maker), rt(ends.read), wt(ends.write);
  idl::pipe::PipeMakerClient<Transport> maker_client(mt);
  File reading(rt), writing(wt);
  ipc::Handle r = ipc::kInvalidHandle, w = ipc::kInvalidHandle, copy = ipc::kInvalidHandle;
  idl::Data data;
  idl::Text name;
  idl::fs::NodeKind kind;
  bool end = false;
  uint32_t count = 0;
  const Case cases[] = {
      {"4-byte request to the maker", raw_call(maker, "abcd", 4), Error::Malformed},
      {"a File request to the maker", raw_call(maker, &stat_request, 8), Error::WrongType},
      {"an unknown ordinal", raw_call(maker, &unknown, 8), Error::NoSyscall},
      {"create with unknown flags", maker_client.create(0x40, r, w).error(), Error::InvalidArgument},
      {"garbage to an end", raw_call(ends.read, "xy", 2), Error::Malformed},
      {"readBulk with no buffer", reading.read_bulk(0, idl::Bulk{0, 0}, count).error(), Error::BadState},
      {"writeBulk with no buffer", writing.write_bulk(0, idl::Bulk{0, 0}, count).error(), Error::BadState},
      {"a bulk range past the buffer", File(rt, 16).read_bulk(0, idl::Bulk{0, 16}, count).error(),
       Error::OutOfRange},  // the client thinks there are 16 bytes; the server knows of none,
      {"read on the write end", writing.read(0, 1, data).error(), Error::AccessDenied},
      {"truncate", writing.truncate(0).error(), Error::InvalidArgument},
      {"readdir", reading.readdir(0, name, kind, end).error(), Error::NotDirectory},
      {"sync", writing.sync().error(), Error::InvalidArgument},
  };
  bool ok = true;
  for (const Case& c : cases) ok = check_status(c.got, c.expected, kName, c.what) && ok;
  // Still serving: the maker, the pipe and a clone.
  ok = ok && check_status(maker_client.create(0, r, w), Error::Ok, kName, "create after malformed requests") &&
       check_status(writing.clone(copy), Error::Ok, kName, "clone");
  static const uint8_t kBytes[2] = {'o', 'k'};
  Transport ct(copy);
  ok = ok && check_status(File(ct).write(0, idl::Data{kBytes, 2}, count), Error::Ok, kName, "write through a clone") &&
       check_status(reading.read(0, 16, data), Error::Ok, kName, "read") &&
       check(data.size == 2 && memcmp(data.data, "ok", 2) == 0, kName, "read the wrong bytes");
  for (ipc::Handle h : {maker, ends.read, ends.write, r, w, copy}) (void)ipc::close(h);
  if (ok) printf("PASS %s\n", kName);
  return ok ? 0 : 1;
}

}  // namespace pipetest
