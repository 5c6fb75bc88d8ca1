#include "config.h"

namespace init {

namespace {

bool equal(const char* a, size_t n, const char* b) {
  size_t i = 0;
  for (; i < n; ++i) {
    if (b[i] != a[i]) return false;
  }
  return b[i] == '\0';
}

// Copies a word into a fixed field; false if it does not fit.
bool copy_word(const char* word, size_t n, char* out, size_t capacity) {
  if (n == 0 || n >= capacity) return false;
  for (size_t i = 0; i < n; ++i) out[i] = word[i];
  out[n] = '\0';
  return true;
}

struct Words {
  static constexpr size_t kMax = 4 + kMaxHandles;
  const char* start[kMax];
  size_t length[kMax];
  size_t count = 0;
  bool overflow = false;
};

Words split(const char* line, size_t n) {
  Words w;
  size_t i = 0;
  while (i < n && line[i] != '#') {
    while (i < n && (line[i] == ' ' || line[i] == '\t' || line[i] == '\r')) ++i;
    if (i >= n || line[i] == '#') break;
    size_t begin = i;
    while (i < n && line[i] != ' ' && line[i] != '\t' && line[i] != '\r' && line[i] != '#') ++i;
    if (w.count == Words::kMax) {
      w.overflow = true;
      break;
    }
    w.start[w.count] = line + begin;
    w.length[w.count] = i - begin;
    ++w.count;
  }
  return w;
}

const char* parse_handle(const char* word, size_t n, HandleSpec& h) {
  struct Prefix {
    const char* text;
    HandleKind kind;
  } prefixes[] = {{"resource:", HandleKind::Resource},
                  {"serve:", HandleKind::Serve},
                  {"connect:", HandleKind::Connect},
                  {"registry:", HandleKind::Registry},
                  {"clone:", HandleKind::Clone}};
  for (const Prefix& p : prefixes) {
    size_t len = 0;
    while (p.text[len]) ++len;
    bool match = n > len;
    for (size_t i = 0; match && i < len; ++i) match = word[i] == p.text[i];
    if (!match) continue;
    h.kind = p.kind;
    return copy_word(word + len, n - len, h.name, sizeof h.name) ? nullptr : "handle name too long";
  }
  return "unknown handle kind";
}

// NAME PROGRAM RESTART HANDLE..., from word `first` on.
const char* parse_service_words(const Words& w, size_t first, ServiceSpec& s) {
  s = ServiceSpec{};
  if (!copy_word(w.start[first], w.length[first], s.name, sizeof s.name)) return "service name too long";
  if (!copy_word(w.start[first + 1], w.length[first + 1], s.program, sizeof s.program)) return "program path too long";
  if (equal(w.start[first + 2], w.length[first + 2], "always")) s.restart = Restart::Always;
  else if (equal(w.start[first + 2], w.length[first + 2], "never")) s.restart = Restart::Never;
  else if (equal(w.start[first + 2], w.length[first + 2], "essential")) s.restart = Restart::Essential;
  else return "restart policy must be always, never or essential";
  constexpr char kDevice[] = "device:";
  constexpr size_t kDeviceLength = sizeof kDevice - 1;
  for (size_t i = first + 3; i < w.count; ++i) {
    if (equal(w.start[i], w.length[i], "clock")) {
      s.clock = true;
      continue;
    }
    if (w.length[i] > kDeviceLength && equal(w.start[i], kDeviceLength, kDevice)) {
      const char* name = w.start[i] + kDeviceLength;
      size_t n = w.length[i] - kDeviceLength;
      if (!copy_word(name, n, s.device, sizeof s.device)) return "device name too long";
      copy_word(name, n, s.argument, sizeof s.argument);
      continue;
    }
    if (const char* error = parse_handle(w.start[i], w.length[i], s.handles[s.handle_count])) return error;
    ++s.handle_count;
  }
  return nullptr;
}

const char* parse_service(const Words& w, Config& config) {
  if (w.count < 4) return "service needs NAME PROGRAM RESTART";
  if (config.service_count == kMaxServices) return "too many services";
  if (const char* error = parse_service_words(w, 1, config.services[config.service_count])) return error;
  ++config.service_count;
  return nullptr;
}

const char* parse_virtio(const Words& w, Config& config) {
  if (w.count < 5) return "virtio needs ID PREFIX PROGRAM RESTART";
  if (config.virtio_driver_count == kMaxVirtioDrivers) return "too many virtio lines";
  // The slot's MMIO range and IRQ come first.
  if (w.count - 5 > kMaxHandles - 2) return "too many handles";
  VirtioDriverSpec& d = config.virtio_drivers[config.virtio_driver_count];
  d.device_id = 0;
  for (size_t i = 0; i < w.length[1]; ++i) {
    char c = w.start[1][i];
    if (c < '0' || c > '9' || d.device_id > 0xffff) return "virtio device ID must be a number";
    d.device_id = d.device_id * 10 + uint32_t(c - '0');
  }
  if (const char* error = parse_service_words(w, 2, d.service)) return error;
  ++config.virtio_driver_count;
  return nullptr;
}

const char* parse_mount(const Words& w, Config& config) {
  if (w.count != 3) return "mount needs PATH CHANNEL";
  if (config.mount_count == kMaxMounts) return "too many mounts";
  MountSpec& m = config.mounts[config.mount_count];
  if (w.start[1][0] != '/') return "mount path must be absolute";
  if (!copy_word(w.start[1], w.length[1], m.path, sizeof m.path)) return "mount path too long";
  if (!copy_word(w.start[2], w.length[2], m.channel, sizeof m.channel)) return "channel name too long";
  ++config.mount_count;
  return nullptr;
}

const char* parse_console(const Words& w, Config& config) {
  if (w.count != 2) return "console needs PROGRAM";
  if (config.console[0]) return "a second console line";
  if (!copy_word(w.start[1], w.length[1], config.console, sizeof config.console)) return "console program too long";
  return nullptr;
}

}  // namespace

ParseError parse_config(const char* text, size_t length, Config& config) {
  config = Config{};
  size_t line_number = 0;
  for (size_t i = 0; i < length;) {
    size_t end = i;
    while (end < length && text[end] != '\n') ++end;
    ++line_number;
    Words w = split(text + i, end - i);
    const char* error = nullptr;
    if (w.overflow) error = "too many handles";
    else if (w.count == 0) error = nullptr;
    else if (equal(w.start[0], w.length[0], "service")) error = parse_service(w, config);
    else if (equal(w.start[0], w.length[0], "mount")) error = parse_mount(w, config);
    else if (equal(w.start[0], w.length[0], "virtio")) error = parse_virtio(w, config);
    else if (equal(w.start[0], w.length[0], "console")) error = parse_console(w, config);
    else error = "unknown directive";
    if (error) return {line_number, error};
    i = end + 1;
  }
  return {};
}

}  // namespace init
