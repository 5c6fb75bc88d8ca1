// Host tests of the device tree reader: the DTB QEMU's virt machine hands
// over, hand-built trees for the cases QEMU does not produce, and corrupt
// blobs (truncated, mutated, random, nested too deep).
#include <doctest/doctest.h>
#include <unistd.h>

#include <cstdint>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <random>
#include <string>
#include <vector>

#include "fdt.h"

using namespace kernel;

namespace {

using Bytes = std::vector<uint8_t>;

void put_be(Bytes& b, uint64_t v, int bytes = 4) {
  for (int i = bytes - 1; i >= 0; --i) b.push_back(uint8_t(v >> (8 * i)));
}
void set_be32(Bytes& b, size_t at, uint32_t v) {
  for (int i = 0; i < 4; ++i) b[at + i] = uint8_t(v >> (24 - 8 * i));
}
uint32_t get_be32(const Bytes& b, size_t at) { return fdt_load_be32(&b[at]); }
Bytes patched(Bytes b, size_t at, uint32_t v) {
  set_be32(b, at, v);
  return b;
}
Error error_of(const Bytes& blob) { return read_boot_facts(blob).error(); }

// Writes a version-17 blob: header, reservation block, structure, strings.
class DtbBuilder {
 public:
  DtbBuilder& begin(const std::string& name) {
    put_be(structs_, 1);
    structs_.insert(structs_.end(), name.c_str(), name.c_str() + name.size() + 1);
    return pad();
  }
  DtbBuilder& end() { return token(2); }
  DtbBuilder& token(uint32_t value) {
    put_be(structs_, value);
    return *this;
  }
  DtbBuilder& prop(const std::string& name, const Bytes& value) {
    put_be(structs_, 3);
    put_be(structs_, uint32_t(value.size()));
    put_be(structs_, string_offset(name));
    structs_.insert(structs_.end(), value.begin(), value.end());
    return pad();
  }
  DtbBuilder& cells(const std::string& name, std::initializer_list<uint32_t> values) {
    Bytes b;
    for (uint32_t v : values) put_be(b, v);
    return prop(name, b);
  }
  DtbBuilder& str(const std::string& name, const std::string& value) {
    return prop(name, Bytes(value.c_str(), value.c_str() + value.size() + 1));
  }
  DtbBuilder& reserve(uint64_t base, uint64_t size) {
    reservations_.insert(reservations_.end(), {base, size});
    return *this;
  }
  // Closes the root and reads the result.
  Error close_and_read() { return read_boot_facts(end().build()).error(); }

  Bytes build(bool with_end = true) const {
    Bytes structs = structs_;
    if (with_end) put_be(structs, 9);
    Bytes blob;
    const uint32_t off_struct = uint32_t(40 + 8 * reservations_.size() + 16);
    const uint32_t off_strings = off_struct + uint32_t(structs.size());
    const uint32_t total = off_strings + uint32_t(strings_.size());
    for (uint32_t v : {kFdtMagic, total, off_struct, off_strings, 40u, 17u, 16u, 0u, uint32_t(strings_.size()),
                       uint32_t(structs.size())}) {
      put_be(blob, v);
    }
    for (uint64_t v : reservations_) put_be(blob, v, 8);
    blob.resize(blob.size() + 16);  // the terminating entry
    blob.insert(blob.end(), structs.begin(), structs.end());
    blob.insert(blob.end(), strings_.begin(), strings_.end());
    return blob;
  }

 private:
  DtbBuilder& pad() {
    while (structs_.size() % 4) structs_.push_back(0);
    return *this;
  }
  uint32_t string_offset(const std::string& name) {  // no sharing: simple and still valid
    const size_t offset = strings_.size();
    strings_.insert(strings_.end(), name.c_str(), name.c_str() + name.size() + 1);
    return uint32_t(offset);
  }

  Bytes structs_, strings_;
  std::vector<uint64_t> reservations_;  // base, size, base, size, ...
};

// Root with 2/2 cells and 256 MiB of memory; the caller closes the root.
DtbBuilder minimal_tree() {
  DtbBuilder b;
  b.begin("").cells("#address-cells", {2}).cells("#size-cells", {2});
  b.begin("memory@80000000").str("device_type", "memory").cells("reg", {0, 0x80000000, 0, 0x10000000}).end();
  return b;
}

struct VirtDtb {
  Bytes blob;
  size_t initrd_size = 0;  // 0 when the blob came from the environment
};

// QEMU virt's DTB: from $TESSERA_TEST_DTB (the meson build), else dumped by
// running QEMU here with the same options.
const VirtDtb& virt_dtb() {
  static const VirtDtb dtb = [] {
    auto read_file = [](const std::string& path) {
      std::ifstream in(path, std::ios::binary);
      return Bytes(std::istreambuf_iterator<char>(in), {});
    };
    VirtDtb d;
    if (const char* path = std::getenv("TESSERA_TEST_DTB")) return VirtDtb{read_file(path)};
    // -append needs -kernel; any file does, since QEMU exits after the dump.
    const std::string dir = std::filesystem::temp_directory_path() / ("tessera-fdt-" + std::to_string(getpid()));
    std::filesystem::create_directories(dir);
    std::ofstream(dir + "/kernel.bin") << std::string(4096, '\0');
    std::ofstream(dir + "/initrd.bin") << "initrd-contents";
    d.initrd_size = 15;
    const std::string cmd = "qemu-system-riscv64 -machine virt,dumpdtb=" + dir + "/virt.dtb -m 256M -smp 2 " +
                            "-nographic -bios none -kernel " + dir + "/kernel.bin -append 'hello world' -initrd " +
                            dir + "/initrd.bin >/dev/null 2>&1";
    if (std::system(cmd.c_str()) == 0) d.blob = read_file(dir + "/virt.dtb");
    std::filesystem::remove_all(dir);
    return d;
  }();
  return dtb;
}

// The blob cut down to its totalsize (QEMU pads the dump to 1 MiB).
Bytes virt_blob() {
  const Bytes& blob = virt_dtb().blob;
  Result<size_t> total = fdt_total_size(blob);
  REQUIRE((total.ok() && *total <= blob.size()));
  return Bytes(blob.begin(), blob.begin() + *total);
}

// Reading must never crash; a successful read must be self-consistent.
void read_any(const Bytes& blob) {
  Result<BootFacts> facts = read_boot_facts(blob);
  if (!facts.ok()) return;
  CHECK((facts->memory_count >= 1 && facts->memory_count <= BootFacts::kMaxMemory));
  CHECK(facts->reserved_count <= BootFacts::kMaxReserved);
  CHECK(facts->virtio_count <= BootFacts::kMaxVirtio);
  const auto* begin = reinterpret_cast<const char*>(blob.data());
  const std::string_view args = facts->bootargs;
  CHECK((args.empty() || (args.data() >= begin && args.data() + args.size() <= begin + blob.size())));
}

}  // namespace

TEST_CASE("QEMU virt DTB yields the machine's boot facts") {
  const Bytes blob = virt_blob();
  Result<BootFacts> result = read_boot_facts(blob);
  REQUIRE(result.ok());
  const BootFacts& f = *result;
  REQUIRE(f.memory_count == 1);
  CHECK(f.memory[0] == MemoryRange{0x80000000, 256 << 20});
  CHECK(f.reserved_count == 0);
  CHECK(f.hart_count == 2);
  CHECK(f.hart_ids[0] == 0);
  CHECK(f.hart_ids[1] == 1);
  CHECK(f.timebase_frequency == 10000000);  // from /cpus
  CHECK(f.plic == PlicInfo{0x0c000000, 0x600000, 0x60});  // 0x60: VIRT_IRQCHIP_NUM_SOURCES in QEMU 7.2
  CHECK(f.uart == MmioDevice{0x10000000, 0x100, 10});
  CHECK(f.rtc == MmioDevice{0x101000, 0x1000, 11});  // goldfish
  REQUIRE(f.virtio_count == 8);
  for (uint32_t i = 0; i < 8; ++i) CHECK(f.virtio[i] == MmioDevice{0x10001000 + 0x1000 * i, 0x1000, i + 1});
  CHECK(f.bootargs == "hello world");
  CHECK(f.stdout_path == "/soc/serial@10000000");
  // QEMU puts the initrd in RAM; its size is known only if this test wrote it.
  REQUIRE((f.initrd || virt_dtb().initrd_size == 0));
  if (virt_dtb().initrd_size != 0) CHECK(f.initrd->size == virt_dtb().initrd_size);
  if (f.initrd) CHECK((f.initrd->base >= 0x80000000 && f.initrd->base + f.initrd->size <= 0x90000000));
}

TEST_CASE("QEMU virt DTB: total size and a balanced walk") {
  const Bytes& dump = virt_dtb().blob;
  Result<size_t> total = fdt_total_size(std::span(dump).first(40));  // header alone suffices
  const Bytes blob = virt_blob();
  Result<Fdt> fdt = Fdt::open(blob);
  REQUIRE((total.ok() && fdt.ok()));
  CHECK((*total == blob.size() && fdt->blob().size() == *total));
  FdtWalker walker = fdt->walk();
  size_t counts[4] = {};  // per FdtTokenKind
  for (size_t steps = 0; steps < blob.size() && counts[size_t(FdtTokenKind::End)] < 2; ++steps) {
    Result<FdtToken> token = walker.next();  // after End, End again
    REQUIRE(token.ok());
    ++counts[size_t(token->kind)];
  }
  CHECK((walker.depth() == 0 && counts[size_t(FdtTokenKind::BeginNode)] == counts[size_t(FdtTokenKind::EndNode)]));
  CHECK(counts[size_t(FdtTokenKind::BeginNode)] > 20);
  CHECK(counts[size_t(FdtTokenKind::Property)] > counts[size_t(FdtTokenKind::BeginNode)]);
}

TEST_CASE("every prefix of the QEMU blob is rejected or read, never overrun") {
  const Bytes blob = virt_blob();
  for (size_t length = 0; length <= blob.size(); ++length) {
    // A fresh allocation of exactly `length` bytes lets ASan see any overrun.
    const Bytes prefix(blob.begin(), blob.begin() + length);
    CHECK((error_of(prefix) == Error::Ok) == (length == blob.size()));
  }
}

TEST_CASE("blocks cut short inside the header's bounds are rejected") {
  const Bytes blob = virt_blob();
  const uint32_t struct_size = get_be32(blob, 36);
  const uint32_t strings_size = get_be32(blob, 32);
  for (uint32_t size = 0; size < struct_size; ++size) CHECK(error_of(patched(blob, 36, size)) == Error::Malformed);
  for (uint32_t size = 0; size < strings_size; ++size) read_any(patched(blob, 32, size));
  // Total size shrunk along with the buffer, blocks left where they were.
  for (size_t length = 40; length < blob.size(); length += 3) {
    CHECK(error_of(patched(Bytes(blob.begin(), blob.begin() + length), 4, uint32_t(length))) != Error::Ok);
  }
}

TEST_CASE("corrupt headers are Malformed") {
  const Bytes good = virt_blob();
  auto with = [&](size_t at, uint32_t value) { return error_of(patched(good, at, value)); };
  CHECK(with(0, 0xfeedd00d) == Error::Malformed);                     // magic
  CHECK(with(4, uint32_t(good.size() + 1)) == Error::Malformed);      // totalsize past buffer
  CHECK(with(4, 0xffffffff) == Error::Malformed);
  CHECK(with(4, 20) == Error::Malformed);                             // smaller than a header
  CHECK(with(8, 0xfffffff0) == Error::Malformed);                     // struct offset
  CHECK(with(8, 2) == Error::Malformed);                              // inside the header
  CHECK(with(12, uint32_t(good.size())) == Error::Malformed);         // strings offset + size
  CHECK(with(16, 0xfffffff8) == Error::Malformed);                    // reservation block
  CHECK(with(20, 15) == Error::Malformed);                            // version
  CHECK(with(24, 18) == Error::Malformed);                            // last compatible version
  CHECK(with(32, 0xffffffff) == Error::Malformed);                    // strings size
  CHECK(with(36, 0xffffffff) == Error::Malformed);                    // struct size
  CHECK(read_boot_facts({}).error() == Error::Malformed);
  CHECK(fdt_total_size(std::span(good).first(8)).error() == Error::Malformed);
}

TEST_CASE("mutated and random blobs never crash the reader") {
  const Bytes good = virt_blob();
  std::mt19937 rng(12345);
  for (int round = 0; round < 3000; ++round) {
    Bytes b = good;
    for (int i = 0, flips = 1 + int(rng() % 8); i < flips; ++i) {
      b[rng() % 2 ? rng() % 64 : rng() % b.size()] = uint8_t(rng());  // half of it in the header
    }
    read_any(b);
  }
  for (int round = 0; round < 2000; ++round) {
    Bytes b(16 + rng() % 4096);
    for (auto& byte : b) byte = uint8_t(rng());
    if (round % 2) {  // a plausible header over random content reaches the walker
      const uint32_t size = uint32_t(b.size()), header[] = {kFdtMagic, size, 40, uint32_t(rng() % size), 40, 17,
                                                             16, 0, uint32_t(rng() % size), size - 40};
      for (size_t i = 0; i < 10 && 4 * i + 4 <= size; ++i) set_be32(b, 4 * i, header[i]);
    }
    read_any(b);
  }
}

TEST_CASE("structure block errors") {
  SUBCASE("token sequence") {
    CHECK(error_of(minimal_tree().end().build(false)) == Error::Malformed);  // no END
    CHECK(error_of(minimal_tree().end().build(true)) == Error::Ok);
    CHECK(error_of(minimal_tree().end().end().build()) == Error::Malformed);  // unbalanced
    CHECK(error_of(minimal_tree().build()) == Error::Malformed);  // END inside a node
    CHECK(error_of(minimal_tree().end().begin("").end().build()) == Error::Malformed);  // 2 roots
    CHECK(error_of(minimal_tree().token(7).end().build()) == Error::Malformed);  // unknown
    CHECK(error_of(minimal_tree().token(4).end().token(4).build()) == Error::Ok);  // NOPs are skipped
  }
  SUBCASE("property length or name offset out of bounds") {
    const Bytes blob = DtbBuilder().begin("").str("model", "x").end().build();
    const size_t len_at = get_be32(blob, 8) + 8 + 4;  // after BEGIN_NODE "" and PROP
    REQUIRE(get_be32(blob, len_at) == 2);
    for (uint32_t len : {9u, 0x1000u, 0xfffffff0u, ~0u}) CHECK(error_of(patched(blob, len_at, len)) != Error::Ok);
    CHECK(error_of(patched(blob, len_at + 4, get_be32(blob, 32))) == Error::Malformed);
  }
  SUBCASE("node name without NUL") {
    Bytes blob = DtbBuilder().begin("abc").build(false);
    blob.back() = 'd';  // "abc\0" becomes "abcd" at the very end of the block
    CHECK(error_of(blob) == Error::Malformed);
  }
  SUBCASE("version 16 header: no structure size, block runs to totalsize") {
    Bytes blob = patched(patched(minimal_tree().end().build(), 20, 16), 36, 0);
    CHECK(error_of(blob) == Error::Ok);
  }
}

TEST_CASE("nesting deeper than the reader follows is Malformed, without recursion") {
  for (size_t depth : {31, 32, 100000}) {
    DtbBuilder b = minimal_tree();
    for (size_t i = 0; i < depth; ++i) b.begin("n");
    for (size_t i = 0; i < depth; ++i) b.end();
    CHECK((b.close_and_read() == Error::Ok) == (depth < 32));  // root + 31 levels fit
  }
}

TEST_CASE("reservations come from the reservation block and /reserved-memory") {
  DtbBuilder b = minimal_tree();
  b.reserve(0x80000000, 0x40000).reserve(0x87000000, 0x1000);
  b.begin("reserved-memory").cells("#address-cells", {1}).cells("#size-cells", {1}).cells("ranges", {});
  b.begin("mmode_resv0@80000000").cells("reg", {0x80000000, 0x20000}).str("status", "disabled").end();
  b.begin("dynamic").cells("size", {0x1000}).end();  // no reg: nothing fixed to reserve
  b.end().end();
  Result<BootFacts> facts = read_boot_facts(b.build());
  REQUIRE(facts.ok());
  const std::vector<MemoryRange> expected = {{0x80000000, 0x40000}, {0x87000000, 0x1000}, {0x80000000, 0x20000}};
  CHECK(std::vector(facts->reserved.begin(), facts->reserved.begin() + facts->reserved_count) == expected);
}

TEST_CASE("cell counts, string lists, cpus and /chosen") {
  DtbBuilder b;
  b.begin("").cells("#address-cells", {1}).cells("#size-cells", {1});
  b.begin("memory@40000000").str("device_type", "memory")
      .cells("reg", {0x40000000, 0x1000000, 0x60000000, 0x2000000, 0x70000000, 0}).end();
  b.begin("memory@90000000").str("device_type", "memory").str("status", "disabled")
      .cells("reg", {0x90000000, 0x1000}).end();
  b.begin("cpus").cells("#address-cells", {1}).cells("#size-cells", {0});
  for (uint32_t hart = 0; hart < 4; ++hart) {
    b.begin("cpu@" + std::to_string(hart)).str("device_type", "cpu").cells("reg", {hart});
    if (hart == 0) b.cells("timebase-frequency", {0, 24000000});  // 64-bit form
    if (hart >= 2) b.str("status", hart == 2 ? "disabled" : "okay");
    b.end();
  }
  b.end();
  b.begin("soc").cells("#address-cells", {2}).cells("#size-cells", {2});
  b.begin("plic@c000000").prop("compatible", {'x', 0, 'r', 'i', 's', 'c', 'v', ',', 'p', 'l', 'i', 'c', '0', 0});
  b.cells("reg", {0, 0xc000000, 0, 0x4000000}).end();
  b.begin("uart@1000").str("compatible", "ns16550a").cells("reg", {0, 0x1000, 0, 0x100}).end();
  for (uint32_t base : {0x5000, 0x6000, 0x7000}) {  // the first enabled one counts
    b.begin("rtc").str("compatible", "google,goldfish-rtc").cells("reg", {0, base, 0, 0x1000});
    b.cells("interrupts", {base >> 12});
    if (base == 0x5000) b.str("status", "disabled");
    b.end();
  }
  for (uint32_t slot : {3, 2, 4}) {
    b.begin("virtio").str("compatible", "virtio,mmio").cells("reg", {0, slot << 12, 0, 0x200});
    b.cells("interrupts", {slot});
    if (slot == 4) b.str("status", "disabled");
    b.end();
  }
  b.end();
  b.begin("chosen").cells("linux,initrd-start", {0x1, 0x0}).cells("linux,initrd-end", {0x1, 0x2000}).end();
  b.end();
  Result<BootFacts> result = read_boot_facts(b.build());
  REQUIRE(result.error() == Error::Ok);
  const BootFacts& f = *result;
  REQUIRE(f.memory_count == 2);  // the empty and the disabled range are dropped
  CHECK(f.memory[1] == MemoryRange{0x60000000, 0x2000000});
  CHECK(f.hart_count == 3);
  CHECK(f.hart_ids[0] == 0);
  CHECK(f.hart_ids[1] == 1);
  CHECK(f.hart_ids[2] == 3);  // hart 2 is disabled
  CHECK(f.timebase_frequency == 24000000);
  CHECK(f.plic == PlicInfo{0xc000000, 0x4000000, 0});  // matched on its second compatible entry
  CHECK(f.uart == MmioDevice{0x1000, 0x100, 0});
  CHECK(f.rtc == MmioDevice{0x6000, 0x1000, 6});
  REQUIRE(f.virtio_count == 2);  // sorted by address
  CHECK(f.virtio[0] == MmioDevice{0x2000, 0x200, 2});
  CHECK(f.virtio[1] == MmioDevice{0x3000, 0x200, 3});
  CHECK((f.bootargs.empty() && f.stdout_path.empty()));
  CHECK(f.initrd == MemoryRange{0x100000000, 0x2000});
}

TEST_CASE("badly shaped or excessive contents are rejected") {
  auto tree = [] { return minimal_tree(); };
  auto chosen = [] { return minimal_tree().begin("chosen"); };
  auto memory = [] { return minimal_tree().begin("m").str("device_type", "memory"); };
  auto uart = [] { return minimal_tree().begin("u").str("compatible", "ns16550a"); };
  CHECK(chosen().prop("bootargs", {'h', 'i'}).end().close_and_read() == Error::Malformed);  // no NUL
  CHECK(chosen().cells("linux,initrd-start", {0x2000}).cells("linux,initrd-end", {0x1000}).end().close_and_read() ==
        Error::Malformed);
  CHECK(chosen().prop("linux,initrd-start", {1, 2, 3}).end().close_and_read() == Error::Malformed);
  CHECK(memory().cells("reg", {0, 1, 0}).end().close_and_read() == Error::Malformed);  // ragged reg
  CHECK(memory().cells("reg", {0xffffffff, 0xffffffff, 0, 2}).end().close_and_read() == Error::Malformed);  // wraps
  CHECK(uart().cells("reg", {0, 0x1000, 0, 0x100}).prop("interrupts", {0}).end().close_and_read() ==
        Error::Malformed);
  CHECK(tree().begin("r").str("compatible", "google,goldfish-rtc").cells("reg", {0, 0x1000}).end()
            .close_and_read() == Error::Malformed);  // reg shorter than one entry
  CHECK(tree().begin("bus").cells("#address-cells", {3}).begin("u").str("compatible", "ns16550a")
            .cells("reg", {0, 0, 0, 0, 0x100}).end().end().close_and_read() == Error::Malformed);  // 3 cells
  CHECK(tree().cells("#size-cells", {1, 2}).close_and_read() == Error::Malformed);
  CHECK(tree().begin("x").end().str("model", "late").close_and_read() == Error::Malformed);  // after a subnode
  DtbBuilder many_memory = tree(), many_reserved = tree(), many_virtio = tree();
  for (int i = 0; i < 8; ++i) many_memory.begin("m").str("device_type", "memory").cells("reg", {1, 0, 0, 1}).end();
  for (int i = 0; i < 17; ++i) many_reserved.reserve(0x1000 * i, 0x1000);
  for (int i = 0; i < 33; ++i) many_virtio.begin("v").str("compatible", "virtio,mmio").cells("reg", {0, 0, 0, 1}).end();
  CHECK(many_memory.close_and_read() == Error::TooLarge);  // 9 with the minimal tree's
  CHECK(many_reserved.close_and_read() == Error::TooLarge);
  CHECK(many_virtio.close_and_read() == Error::TooLarge);
  CHECK(DtbBuilder().begin("").begin("chosen").str("bootargs", "x").end().close_and_read() == Error::NotFound);
}

TEST_CASE("property value decoders") {
  const Bytes list = {'a', 0, 'b', 'c', 0, 'd'};
  CHECK((fdt_string_list_contains(list, "a") && fdt_string_list_contains(list, "bc")));
  CHECK_FALSE(fdt_string_list_contains(list, "d"));  // unterminated tail
  CHECK_FALSE(fdt_string_list_contains(list, "b"));
  CHECK_FALSE(fdt_string_list_contains({}, ""));
  CHECK((!fdt_string(list) && !fdt_string(Bytes{}) && fdt_string(Bytes{'o', 'k', 0}) == "ok"));
  CHECK((fdt_u32(Bytes{0, 0, 1, 2}) == 0x102u && !fdt_u32(Bytes{0, 0, 1})));
  CHECK((fdt_u32_or_u64(Bytes{0, 0, 0, 1, 0, 0, 0, 2}) == 0x100000002u && !fdt_u32_or_u64(Bytes{0, 0, 0, 1, 0})));
}
