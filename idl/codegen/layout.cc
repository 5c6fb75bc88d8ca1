// Struct layout and message bounds. A struct's fixed part is laid out like a
// C struct: fields in declaration order, each at the next offset aligned to
// its own alignment, the size rounded up to the largest alignment. So a
// "plain" struct (no descriptors, handles or bulk ranges) has the same bytes
// on the wire as in C++ on our little-endian targets.
#include <algorithm>

#include "model.h"

namespace codegen {
namespace {

constexpr uint64_t kMaxMessageBytes = 4096;   // ipc::kMaxMessageBytes
constexpr uint32_t kMaxMessageHandles = 4;    // ipc::kMaxMessageHandles
constexpr uint64_t kHeaderBytes = 8;

uint64_t align_up(uint64_t n, uint64_t align) { return (n + align - 1) / align * align; }

// Worst-case bytes a variable field adds to the tail, padding included (the
// writer aligns each item to its element's alignment, at most 8).
uint64_t tail_bytes(const TypeInfo& t) {
  switch (t.kind) {
    case Kind::Text:
    case Kind::Data: return t.max;
    case Kind::List: return uint64_t{t.max} * t.element->size + t.element->align - 1;
    case Kind::Struct: return t.record->max_tail;
    default: return 0;
  }
}

}  // namespace

void lay_out(StructInfo& s) {
  uint32_t offset = 0;
  s.align = 1;
  s.plain = true;
  s.needs_check = false;
  s.handles = 0;
  s.has_tail = false;
  s.max_tail = 0;
  for (FieldInfo& f : s.fields) {
    const TypeInfo& t = f.type;
    offset = static_cast<uint32_t>(align_up(offset, t.align));
    f.offset = offset;
    offset += t.size;
    s.align = std::max(s.align, t.align);
    s.max_tail += tail_bytes(t);
    switch (t.kind) {
      case Kind::Bool:
      case Kind::Enum: s.needs_check = true; break;
      case Kind::Struct:
        s.plain = s.plain && t.record->plain;
        s.needs_check = s.needs_check || t.record->needs_check;
        s.handles += t.record->handles;
        s.has_tail = s.has_tail || t.record->has_tail;
        break;
      case Kind::Text:
      case Kind::Data:
      case Kind::List:
        s.plain = false;
        s.has_tail = true;
        break;
      case Kind::Handle:
        s.plain = false;
        s.handles += 1;
        break;
      case Kind::Bulk: s.plain = false; break;
      case Kind::Scalar: break;
    }
  }
  s.size = static_cast<uint32_t>(align_up(offset, s.align));
}

void check_message_bounds(const InterfaceInfo& iface, const MethodInfo& m, const std::string& where) {
  const std::string name = where + ": " + iface.name + "." + m.name;
  if (m.params.handles > kMaxMessageHandles || m.results.handles > kMaxMessageHandles) {
    throw SchemaError(name + ": more than " + std::to_string(kMaxMessageHandles) +
                      " handles in one message");
  }
  uint64_t request = kHeaderBytes + m.params.size + m.params.max_tail;
  if (request > kMaxMessageBytes) {
    throw SchemaError(name + ": a request may need " + std::to_string(request) + " bytes, more than " +
                      std::to_string(kMaxMessageBytes) + "; lower a $Tessera.maxLength or use $Tessera.bulk");
  }
  // The reply's tail is written after the request (see write_reply in the
  // runtime), so request and reply tail must fit together.
  uint64_t reply_fixed = kHeaderBytes + m.results.size;
  uint64_t reply = m.results.has_tail ? align_up(std::max(reply_fixed, request), 8) + m.results.max_tail : reply_fixed;
  if (reply > kMaxMessageBytes) {
    throw SchemaError(name + ": a reply may need " + std::to_string(reply) + " bytes (its variable part follows " +
                      "the request), more than " + std::to_string(kMaxMessageBytes) +
                      "; lower a $Tessera.maxLength or use $Tessera.bulk");
  }
}

}  // namespace codegen
