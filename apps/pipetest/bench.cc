// pipetest bench: what pipes cost, in guest instructions under -icount
// (make bench runs "pipetest bench --icount" in the full system).
//   pipe_throughput          instructions per KiB moved by 64 KiB bulk
//                            writes and reads (writer thread to reader)
//   pipe_pingpong_roundtrip  one byte there through one pipe and back
//                            through another, between two threads: xv6's
//                            figure for this is 95,800 instructions
// One hart runs both threads and the servers, so rdinstret counts all of it.
#include <stdio.h>

#include "../ipcbench/measure.h"
#include "checks.h"

namespace pipetest {

namespace {

constexpr uint32_t kChunk = 64 * 1024;
constexpr int kThroughputSamples = 200;  // 12.5 MiB
constexpr int kPingPongSamples = 2'000;

struct Writer {
  ipc::Handle file;
  Shared shared;
} writer;

void write_chunks(void*) {
  Transport t(writer.file);
  File f(t, kChunk);
  uint32_t count = 0;
  for (int i = 0; i < bench::kWarmup + kThroughputSamples; ++i) {
    if (!f.write_bulk(0, idl::Bulk{0, kChunk}, count)) break;
  }
  (void)ipc::close(writer.file);
}

struct Echo {
  ipc::Handle in;
  ipc::Handle out;
} echo;

// Sends every byte it reads straight back, until end of file.
void echo_bytes(void*) {
  Transport in_t(echo.in), out_t(echo.out);
  File in(in_t), out(out_t);
  for (;;) {
    idl::Data data;
    if (!in.read(0, 1, data) || data.size == 0) break;
    uint8_t byte = data.data[0];
    uint32_t count = 0;
    if (!out.write(0, idl::Data{&byte, 1}, count)) break;
  }
  (void)ipc::close(echo.out);
  (void)ipc::close(echo.in);
}

bool throughput() {
  const char* kName = "bench";
  Ends ends;
  Shared in;
  writer.file = 0;
  if (!make(ends, kName) || !share(ends.write, kChunk, writer.shared, kName) || !share(ends.read, kChunk, in, kName)) {
    return false;
  }
  writer.file = ends.write;
  Thread thread;
  if (!check(thread.start(write_chunks, nullptr), kName, "start the writer")) return false;
  Transport t(ends.read);
  File f(t, kChunk);
  bool ok = true;
  uint64_t per_chunk = bench::measure(
      [&] {
        for (uint32_t got = 0; ok && got < kChunk;) {
          uint32_t count = 0;
          ok = f.read_bulk(0, idl::Bulk{0, kChunk - got}, count).ok() && count > 0;
          got += count;
        }
      },
      kThroughputSamples);
  ok = check(ok, kName, "a throughput read failed") && check(thread.join(5000), kName, "the writer did not end");
  (void)ipc::close(ends.read);
  if (ok) bench::report("pipe_throughput", per_chunk / (kChunk / 1024), "instructions_per_KiB");
  return ok;
}

bool pingpong() {
  const char* kName = "bench";
  Ends there, back;
  if (!make(there, kName) || !make(back, kName)) return false;
  echo = {there.read, back.write};
  Thread thread;
  if (!check(thread.start(echo_bytes, nullptr), kName, "start the echo")) return false;
  Transport out_t(there.write), in_t(back.read);
  File out(out_t), in(in_t);
  bool ok = true;
  uint8_t byte = 'x';
  uint64_t roundtrip = bench::measure(
      [&] {
        uint32_t count = 0;
        idl::Data data;
        ok = ok && out.write(0, idl::Data{&byte, 1}, count).ok() && in.read(0, 1, data).ok() && data.size == 1;
      },
      kPingPongSamples);
  (void)ipc::close(there.write);  // the echo sees end of file and ends
  ok = check(ok, kName, "a ping-pong failed") && check(thread.join(5000), kName, "the echo did not end");
  (void)ipc::close(back.read);
  if (ok) bench::report("pipe_pingpong_roundtrip", roundtrip, "instructions");
  return ok;
}

}  // namespace

int run_bench(int argc, char** argv) {
  printf("pipetest: start\n");
  bench::say_what_figures_count("pipetest", argc, argv);
  bool ok = throughput() && pingpong();
  printf("pipetest: done%s\n", ok ? "" : " (with failures)");
  return ok ? 0 : 1;
}

}  // namespace pipetest
