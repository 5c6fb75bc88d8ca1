// init: the first user process. For now it is the boot-time console: it
// prints its arguments, runs the program its command line names (if any),
// then reads commands from the console and runs each program from the boot
// archive, reporting how it ended. (The supervisor that starts the servers
// from a boot configuration replaces this loop when the servers exist.)
//
// init alone holds the root capabilities the kernel made at boot (every
// device's MMIO range and IRQ, and power). It lists them at start; a
// command word "+name" moves the handles of the resource called name to the
// program it starts (a driver started by hand), after which init no longer
// has them.
#include <stdio.h>
#include <string.h>

#include "abi/rights.h"
#include "abi/syscall.h"
#include "ipc/startup.h"
#include "ipc/syscall.h"

namespace {

constexpr size_t kLineMax = 256;
constexpr size_t kMaxPassed = 8;  // process_spawn's limit

void report(const char* program, int64_t status) {
  if (status >= 0 && (status & abi::kExitFault)) {
    printf("init: %s was killed by a fault (cause %ld)\n", program, long(status & 0xff));
  } else if (status >= 0) {
    printf("init: %s exited with status %ld\n", program, long(status));
  } else {
    printf("init: %s: %s\n", program, abi::error_name(sys::error_of(status)));
  }
}

abi::ObjectType type_of(const abi::BootResource& r) { return static_cast<abi::ObjectType>(r.type); }

void list_resources() {
  for (const abi::BootResource& r : ipc::boot_resources()) {
    switch (type_of(r)) {
      case abi::ObjectType::MmioRange:
        printf("init: resource %s mmio %#lx+%#lx irq %u\n", r.name, r.base, r.size, r.irq);
        break;
      case abi::ObjectType::Irq: printf("init: resource %s irq %u\n", r.name, r.irq); break;
      case abi::ObjectType::Power: printf("init: resource %s\n", r.name); break;
      default: printf("init: resource %s of type %u\n", r.name, r.type);
    }
  }
}

// Adds the handles of every boot resource called name; false if none is.
bool add_resource_handles(const char* name, uint32_t* handles, size_t& count) {
  bool found = false;
  for (const abi::BootResource& r : ipc::boot_resources()) {
    if (strcmp(r.name, name) != 0 || count == kMaxPassed) continue;
    handles[count++] = r.handle;
    found = true;
  }
  return found;
}

uint32_t power_handle() {
  for (const abi::BootResource& r : ipc::boot_resources()) {
    if (type_of(r) == abi::ObjectType::Power) return r.handle;
  }
  return 0;
}

// Maps each virtio-mmio slot's registers and shows what they identify:
// proof that device memory reaches user space.
void show_devices() {
  constexpr uint32_t kVirtioMagic = 0x74726976;  // "virt"
  for (const abi::BootResource& r : ipc::boot_resources()) {
    if (type_of(r) != abi::ObjectType::MmioRange || strncmp(r.name, "virtio", 6) != 0) continue;
    int64_t address = sys::mmio_map(r.handle);
    if (sys::failed(address)) {
      printf("init: %s: %s\n", r.name, abi::error_name(sys::error_of(address)));
      continue;
    }
    auto* registers = reinterpret_cast<volatile uint32_t*>(address);
    uint32_t magic = registers[0], version = registers[1], device = registers[2];
    printf("init: device %s at %#lx: magic %#x%s version %u device id %u\n", r.name, r.base, magic,
           magic == kVirtioMagic ? "" : " (not virtio)", version, device);
    sys::mem_unmap(uint64_t(address), r.size);
  }
}

// Runs bin/<words[0]> with the other words as its argv, except "+name"
// words, which pass boot resources, and waits for it.
void run(char* const* words, int count) {
  char path[64];
  int path_length = snprintf(path, sizeof path, "bin/%s", words[0]);
  if (path_length >= int(sizeof path)) {
    printf("init: %s: name too long\n", words[0]);
    return;
  }
  char args[kLineMax + 8];
  size_t args_length = 0;
  uint32_t handles[kMaxPassed];
  size_t handle_count = 0;
  for (int i = 0; i < count; ++i) {
    if (words[i][0] == '+') {
      if (!add_resource_handles(words[i] + 1, handles, handle_count)) {
        printf("init: %s: no such resource\n", words[i] + 1);
        return;
      }
      continue;
    }
    size_t n = strlen(words[i]) + 1;
    memcpy(args + args_length, words[i], n);
    args_length += n;
  }
  int64_t child = sys::process_spawn(path, size_t(path_length), args, args_length, handles, handle_count);
  if (sys::failed(child)) {
    report(words[0], child);
    return;
  }
  report(words[0], sys::process_wait(uint32_t(child)));
  sys::handle_close(uint32_t(child));
}

// Reads one line with echo and backspace; returns its length.
size_t read_line(char* line) {
  size_t length = 0;
  for (;;) {
    char c;
    if (sys::debug_read(&c, 1) != 1) continue;
    if (c == '\r' || c == '\n') {
      sys::debug_write("\n", 1);
      line[length] = '\0';
      return length;
    }
    if (c == 0x7f || c == '\b') {
      if (length > 0) {
        --length;
        sys::debug_write("\b \b", 3);
      }
      continue;
    }
    if (length + 1 < kLineMax) {
      line[length++] = c;
      sys::debug_write(&c, 1);
    }
  }
}

int split(char* line, char** words, int capacity) {
  int count = 0;
  for (char* p = line; *p && count < capacity;) {
    while (*p == ' ') *p++ = '\0';
    if (!*p) break;
    words[count++] = p;
    while (*p && *p != ' ') ++p;
  }
  return count;
}

}  // namespace

int main(int argc, char** argv) {
  uint64_t instret = sys::read_instret();
  printf("init: started at instret %lu\n", instret);
  for (int i = 0; i < argc; ++i) printf("init: argv[%d] = \"%s\"\n", i, argv[i]);
  list_resources();
  if (argc > 1) run(argv + 1, argc - 1);

  char line[kLineMax];
  char* words[32];
  for (;;) {
    printf("init> ");
    read_line(line);
    int count = split(line, words, 32);
    if (count == 0) continue;
    if (strcmp(words[0], "poweroff") == 0) {
      int64_t result = sys::poweroff(power_handle());
      printf("init: poweroff: %s\n", abi::error_name(sys::error_of(result)));
      continue;
    }
    if (strcmp(words[0], "devices") == 0) {
      show_devices();
      continue;
    }
    if (strcmp(words[0], "free") == 0) {
      printf("free frames: %ld\n", long(sys::frames_free()));
      continue;
    }
    run(words, count);
  }
}
