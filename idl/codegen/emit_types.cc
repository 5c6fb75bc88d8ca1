// Emits the C++ types of a schema and the Codec<> that puts each on the wire.
#include "emit.h"
#include "names.h"

namespace codegen {
namespace {

void emit_struct(const StructInfo& s, uint32_t base, std::string& out) {
  if (s.fields.empty()) {
    out += "struct " + s.name + " {};\n";
    return;
  }
  out += "struct " + s.name + " {\n";
  for (const FieldInfo& f : s.fields) {
    out += "  " + f.type.cxx + " " + f.name + "{};  // @" + std::to_string(base + f.offset) + "\n";
  }
  out += "};\n";
}

void emit_interface_types(const InterfaceInfo& iface, std::string& out) {
  const std::string id_name = "k" + iface.name + "InterfaceId";
  out += "\n// interface " + iface.name + ". Offsets (@) are from the start of the message.\n";
  out += "constexpr uint32_t " + id_name + " = " + hex(iface.id) + ";\n";
  for (const MethodInfo& m : iface.methods) {
    out += "\n";
    out += "struct " + m.params.name + " {\n";
    out += "  static constexpr uint32_t kInterfaceId = " + id_name + ";\n";
    out += "  static constexpr uint16_t kOrdinal = " + std::to_string(m.ordinal) + ";\n";
    if (m.one_way) {
      out += "  // One-way: answered on the Reply whose index is at kReplyAt, as a reply to kReplyOrdinal.\n";
      out += "  static constexpr uint16_t kReplyOrdinal = " + std::to_string(m.reply_ordinal) + ";\n";
      out += "  static constexpr uint32_t kReplyAt = " + std::to_string(8 + m.reply_offset) + ";\n";
    }
    for (const FieldInfo& f : m.params.fields) {
      out += "  " + f.type.cxx + " " + f.name + "{};  // @" + std::to_string(8 + f.offset) + "\n";
    }
    out += "};\n";
    emit_struct(m.results, 8, out);
  }
}

// One line per field: how encode() or decode() handles it.
std::string field_code(const FieldInfo& f, bool encode) {
  const std::string at = "at + " + std::to_string(f.offset);
  const std::string io = encode ? "w" : "r";
  const std::string value = "v." + f.name;
  const std::string max = std::to_string(f.type.max);
  switch (f.type.kind) {
    case Kind::Text: return io + ".text(" + at + ", " + value + ", " + max + ");";
    case Kind::Data: return io + ".data(" + at + ", " + value + ", " + max + ");";
    case Kind::List: return io + ".list(" + at + ", " + value + ", " + max + ");";
    case Kind::Bulk: return io + ".bulk(" + at + ", " + value + ", " + hex(f.type.max) + ");";
    case Kind::Handle: return io + ".handle(" + at + ", " + value + ");";
    default: return std::string(encode ? "put" : "get") + "(" + io + ", " + at + ", " + value + ");";
  }
}

void emit_codec(const StructInfo& s, const std::string& cxx, std::string& out) {
  auto flag = [](bool b) { return b ? "true" : "false"; };
  out += "\ntemplate <>\n";
  out += "struct Codec<" + cxx + "> {\n";
  out += "  static constexpr uint32_t kSize = " + std::to_string(s.size) + ", kAlign = " + std::to_string(s.align) +
         ", kHandles = " + std::to_string(s.handles) + ";\n";
  out += "  static constexpr bool kPlain = " + std::string(flag(s.plain)) + ", kNeedsCheck = " + flag(s.needs_check) +
         ", kHasTail = " + flag(s.has_tail) + ";\n";
  if (s.fields.empty()) {
    out += "  static void encode(Writer&, uint8_t*, const " + cxx + "&) {}\n";
    out += "  static void decode(Reader&, const uint8_t*, " + cxx + "&) {}\n";
    out += "};\n";
    return;
  }
  out += "  static void encode(Writer& w, uint8_t* at, const " + cxx + "& v) {\n";
  for (const FieldInfo& f : s.fields) out += "    " + field_code(f, true) + "\n";
  out += "  }\n";
  out += "  static void decode(Reader& r, const uint8_t* at, " + cxx + "& v) {\n";
  for (const FieldInfo& f : s.fields) out += "    " + field_code(f, false) + "\n";
  out += "  }\n";
  out += "};\n";
  if (s.plain) {
    out += "static_assert(sizeof(" + cxx + ") == " + std::to_string(s.size) + " && alignof(" + cxx +
           ") == " + std::to_string(s.align) + ", \"wire layout == C++ layout\");\n";
  }
}

}  // namespace

void emit_types(const FileModel& model, std::string& out) {
  for (const EnumInfo* e : model.enums) {
    out += "\nenum class " + e->name + " : uint16_t {";
    for (size_t i = 0; i < e->enumerants.size(); ++i) out += (i ? ", " : " ") + e->enumerants[i];
    out += " };\n";
  }
  for (const StructInfo* s : model.structs) {
    out += "\n";
    emit_struct(*s, 0, out);
  }
  for (const InterfaceInfo& iface : model.interfaces) emit_interface_types(iface, out);
}

void emit_codecs(const FileModel& model, std::string& out) {
  const std::string ns = "::" + model.ns + "::";
  for (const EnumInfo* e : model.enums) {
    out += "\ntemplate <>\nstruct Codec<" + ns + e->name + "> : EnumCodec<" + ns + e->name + ", " +
           std::to_string(e->enumerants.size()) + "> {};\n";
  }
  for (const StructInfo* s : model.structs) emit_codec(*s, ns + s->name, out);
  for (const InterfaceInfo& iface : model.interfaces) {
    for (const MethodInfo& m : iface.methods) {
      emit_codec(m.params, ns + m.params.name, out);
      emit_codec(m.results, ns + m.results.name, out);
    }
  }
}

}  // namespace codegen
