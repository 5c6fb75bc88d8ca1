// The model of one schema file as the emitters see it: every type already
// checked against what Tessera's wire format supports, every struct laid out.
// model.cc builds it from capnp's schema nodes; layout.cc lays structs out
// and bounds each message; emit_*.cc only print it.
#pragma once

#include <cstdint>
#include <map>
#include <memory>
#include <stdexcept>
#include <string>
#include <vector>

#include <capnp/schema-loader.h>

namespace codegen {

// A schema the generator cannot turn into Tessera's wire format. The message
// names the file, the declaration and what to change.
struct SchemaError : std::runtime_error {
  using std::runtime_error::runtime_error;
};

struct StructInfo;

enum class Kind { Scalar, Bool, Enum, Struct, Text, Data, List, Handle, Bulk };

// The type of a field, or of a list's elements.
struct TypeInfo {
  Kind kind = Kind::Scalar;
  std::string cxx;                    // C++ type of the field in the generated struct
  uint32_t size = 0;                  // wire size of the field in the fixed part
  uint32_t align = 1;
  uint32_t max = 0;                   // $maxLength for Text/Data/List/Bulk (Bulk: 0xffffffff if none)
  const StructInfo* record = nullptr; // Kind::Struct
  std::shared_ptr<TypeInfo> element;  // Kind::List
};

struct FieldInfo {
  std::string name;  // C++ name (snake_case)
  TypeInfo type;
  uint32_t offset = 0;  // in the struct's fixed part
};

struct StructInfo {
  std::string cxx;  // qualified when it comes from another file
  std::string name; // unqualified C++ name
  bool external = false;
  std::vector<FieldInfo> fields;
  // Filled in by lay_out():
  uint32_t size = 0;
  uint32_t align = 1;
  bool plain = true;        // wire layout == C++ layout: no descriptors, handles or bulk ranges
  bool needs_check = false; // holds a bool or an enum
  uint32_t handles = 0;
  bool has_tail = false;
  uint64_t max_tail = 0;    // worst-case tail bytes, alignment included
};

struct EnumInfo {
  std::string cxx;
  std::string name;
  bool external = false;
  std::vector<std::string> enumerants;  // PascalCase, in ordinal order
};

struct MethodInfo {
  std::string name;  // snake_case
  uint16_t ordinal = 0;
  // One-way ($Tessera.replyTo on a params field): sent, never called; the
  // server answers on that field's Reply handle as the reply to a call of
  // reply_ordinal. reply_offset: the field's offset in the params.
  bool one_way = false;
  uint16_t reply_ordinal = 0;
  uint32_t reply_offset = 0;
  StructInfo params;
  StructInfo results;
};

struct InterfaceInfo {
  std::string name;  // PascalCase, e.g. BlockDevice
  std::string snake; // e.g. block_device
  uint32_t id = 0;   // low 32 bits of the capnp id
  std::vector<MethodInfo> methods;
  bool has_one_way() const {
    for (const MethodInfo& m : methods) {
      if (m.one_way) return true;
    }
    return false;
  }
};

struct FileModel {
  std::string source;     // schema path as given to capnp
  std::string output;     // path of the header to write; empty for the annotations schema
  std::string ns;         // C++ namespace
  std::vector<std::string> includes;  // headers of imported schemas
  std::vector<const EnumInfo*> enums;
  std::vector<const StructInfo*> structs;  // definition order: dependencies first
  std::vector<InterfaceInfo> interfaces;
  // Owners of the named types (of this file and of imported ones).
  std::map<uint64_t, std::unique_ptr<StructInfo>> struct_pool;
  std::map<uint64_t, std::unique_ptr<EnumInfo>> enum_pool;
};

// Builds the model of `file_id`, a file of the request loaded into `loader`.
// Throws SchemaError for anything the wire format does not support.
std::unique_ptr<FileModel> build_model(const capnp::SchemaLoader& loader, uint64_t file_id, const std::string& source);

// Lays out s (its field types must be complete) and derives its flags.
void lay_out(StructInfo& s);

// Throws SchemaError if a worst-case request or reply of m cannot fit in one
// ipc::Message, or if it carries more handles than a message can.
void check_message_bounds(const InterfaceInfo& iface, const MethodInfo& m, const std::string& where);

}  // namespace codegen
