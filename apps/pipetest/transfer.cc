// pipetest order, mib, atomic: what goes in comes out, in order, whole.
#include <stdio.h>
#include <string.h>

#include "checks.h"
#include "ipc/open_flags.h"

namespace pipetest {

namespace {

uint8_t order_byte(uint32_t i) { return uint8_t(i % 251); }  // a prime, so no write size lines up with it

// order: a thread makes many inline writes of every size; this one reads
// them back with reads of other sizes.
constexpr uint32_t kOrderWrites = 400;

struct OrderWriter {
  ipc::Handle file;
  Status status;
} order_writer;

void write_in_order(void*) {
  Transport t(order_writer.file);
  File f(t);
  static uint8_t bytes[3072];
  uint32_t next = 0;
  for (uint32_t w = 0; w < kOrderWrites && order_writer.status.ok(); ++w) {
    uint32_t size = 1 + (w * 389) % 3072;
    for (uint32_t i = 0; i < size; ++i) bytes[i] = order_byte(next + i);
    uint32_t count = 0;
    order_writer.status = f.write(0, idl::Data{bytes, size}, count);
    if (order_writer.status.ok() && count != size) order_writer.status = Error::BadState;
    next += size;
  }
  (void)ipc::close(order_writer.file);  // the reader's end of file
}

}  // namespace

int test_order() {
  const char* kName = "order";
  Ends ends;
  if (!make(ends, kName)) return 1;
  order_writer = {ends.write, {}};
  Thread writer;
  if (!check(writer.start(write_in_order, nullptr), kName, "start the writer")) return 1;
  Transport t(ends.read);
  File f(t);
  uint32_t total = 0, expected_total = 0;
  for (uint32_t w = 0; w < kOrderWrites; ++w) expected_total += 1 + (w * 389) % 3072;
  for (uint32_t r = 0;; ++r) {
    idl::Data data;
    if (!check_status(f.read(0, 1 + (r * 997) % 3072, data), Error::Ok, kName, "read")) return 1;
    if (data.size == 0) break;
    for (uint32_t i = 0; i < data.size; ++i) {
      if (data.data[i] != order_byte(total + i)) {
        printf("FAIL %s: byte %u is %u, expected %u\n", kName, total + i, data.data[i], order_byte(total + i));
        return 1;
      }
    }
    total += data.size;
  }
  bool ok = check(writer.join(5000), kName, "the writer did not end") &&
            check_status(order_writer.status, Error::Ok, kName, "the writes") &&
            check(total == expected_total, kName, "end of file before every byte was read");
  (void)ipc::close(ends.read);
  if (ok) printf("PASS %s: %u bytes in %u writes\n", kName, total, kOrderWrites);
  return ok ? 0 : 1;
}

namespace {

// mib: 1 MiB in 64 KiB bulk writes from a thread, read in 64 KiB bulk reads.
constexpr uint32_t kMib = 1024 * 1024;
constexpr uint32_t kChunk = 64 * 1024;

uint8_t mib_byte(uint32_t i) { return uint8_t(i * 131 + (i >> 16)); }

struct MibWriter {
  ipc::Handle file;
  Shared shared;
  Status status;
} mib_writer;

void write_mib(void*) {
  Transport t(mib_writer.file);
  File f(t, kChunk);
  for (uint32_t at = 0; at < kMib && mib_writer.status.ok(); at += kChunk) {
    for (uint32_t i = 0; i < kChunk; ++i) mib_writer.shared.bytes[i] = mib_byte(at + i);
    uint32_t count = 0;
    mib_writer.status = f.write_bulk(0, idl::Bulk{0, kChunk}, count);
    if (mib_writer.status.ok() && count != kChunk) mib_writer.status = Error::BadState;
  }
  (void)ipc::close(mib_writer.file);
}

}  // namespace

int test_mib() {
  const char* kName = "mib";
  Ends ends;
  if (!make(ends, kName)) return 1;
  Shared in;
  mib_writer = {ends.write, {}, {}};
  if (!share(ends.write, kChunk, mib_writer.shared, kName) || !share(ends.read, kChunk, in, kName)) return 1;
  Thread writer;
  if (!check(writer.start(write_mib, nullptr), kName, "start the writer")) return 1;
  Transport t(ends.read);
  File f(t, kChunk);
  uint32_t total = 0, reads = 0;
  for (;; ++reads) {
    uint32_t count = 0;
    if (!check_status(f.read_bulk(0, idl::Bulk{0, kChunk}, count), Error::Ok, kName, "readBulk")) return 1;
    if (count == 0) break;
    for (uint32_t i = 0; i < count; ++i) {
      if (in.bytes[i] != mib_byte(total + i)) {
        printf("FAIL %s: byte %u is wrong\n", kName, total + i);
        return 1;
      }
    }
    total += count;
  }
  bool ok = check(writer.join(5000), kName, "the writer did not end") &&
            check_status(mib_writer.status, Error::Ok, kName, "the writes") &&
            check(total == kMib, kName, "end of file before 1 MiB");
  (void)ipc::close(ends.read);
  if (ok) printf("PASS %s: %u bytes in %u reads\n", kName, total, reads);
  return ok ? 0 : 1;
}

namespace {

// atomic: several threads, each on its own clone of the write end, write
// records of exactly PIPE_BUF bytes, each record one byte value (thread,
// sequence). The reader reads in sizes that do not divide a record; the
// stream must still be whole records, each thread's in its order.
constexpr uint32_t kWriters = 4;
constexpr uint32_t kRecords = 64;  // per writer: 4 x 64 x 4 KiB = 1 MiB

struct AtomicWriter {
  ipc::Handle file;
  Shared shared;
  Status status;
  uint32_t id;
} atomic_writers[kWriters];

uint8_t record_byte(uint32_t writer, uint32_t sequence) { return uint8_t(writer * kRecords + sequence); }

void write_records(void* argument) {
  auto& w = *static_cast<AtomicWriter*>(argument);
  Transport t(w.file);
  File f(t, kAtomicWrite);
  for (uint32_t s = 0; s < kRecords && w.status.ok(); ++s) {
    memset(w.shared.bytes, record_byte(w.id, s), kAtomicWrite);
    uint32_t count = 0;
    w.status = f.write_bulk(0, idl::Bulk{0, kAtomicWrite}, count);
    if (w.status.ok() && count != kAtomicWrite) w.status = Error::BadState;
  }
  (void)ipc::close(w.file);
}

uint8_t stream[kWriters * kRecords * kAtomicWrite];

}  // namespace

int test_atomic() {
  const char* kName = "atomic";
  Ends ends;
  if (!make(ends, kName)) return 1;
  constexpr uint32_t kReadSize = 5000;
  Shared in;
  if (!share(ends.read, kReadSize, in, kName)) return 1;
  Thread threads[kWriters];
  for (uint32_t i = 0; i < kWriters; ++i) {
    atomic_writers[i] = {clone(ends.write), {}, {}, i};
    if (!check(atomic_writers[i].file != ipc::kInvalidHandle, kName, "clone the write end")) return 1;
    if (!share(atomic_writers[i].file, kAtomicWrite, atomic_writers[i].shared, kName)) return 1;
  }
  (void)ipc::close(ends.write);  // end of file comes when every writer has closed its clone
  for (uint32_t i = 0; i < kWriters; ++i) {
    if (!check(threads[i].start(write_records, &atomic_writers[i]), kName, "start a writer")) return 1;
  }
  Transport t(ends.read);
  File f(t, kReadSize);
  uint32_t total = 0;
  for (;;) {
    uint32_t count = 0;
    if (!check_status(f.read_bulk(0, idl::Bulk{0, kReadSize}, count), Error::Ok, kName, "readBulk")) return 1;
    if (count == 0) break;
    if (!check(total + count <= sizeof stream, kName, "more bytes than were written")) return 1;
    memcpy(stream + total, in.bytes, count);
    total += count;
  }
  bool ok = check(total == sizeof stream, kName, "end of file before every record");
  for (uint32_t i = 0; i < kWriters; ++i) {
    ok = ok && check(threads[i].join(5000), kName, "a writer did not end") &&
         check_status(atomic_writers[i].status, Error::Ok, kName, "a writer's writes");
  }
  uint32_t next[kWriters] = {};
  uint32_t switches = 0;
  for (uint32_t r = 0; ok && r < total / kAtomicWrite; ++r) {
    const uint8_t* record = stream + r * kAtomicWrite;
    uint32_t writer = record[0] / kRecords;
    ok = check(writer < kWriters && record[0] == record_byte(writer, next[writer]), kName,
               "a record out of its writer's order");
    for (uint32_t i = 1; ok && i < kAtomicWrite; ++i) ok = check(record[i] == record[0], kName, "a record was split");
    if (ok) ++next[writer];
    if (r > 0 && record[0] / kRecords != record[-1] / kRecords) ++switches;
  }
  (void)ipc::close(ends.read);
  if (ok)
    printf("PASS %s: %u records of %u bytes, %u writer switches\n", kName, total / kAtomicWrite, kAtomicWrite,
           switches);
  return ok ? 0 : 1;
}

}  // namespace pipetest
