// Walks the capnp schema of one file into a FileModel, rejecting what the
// wire format does not support (see docs/idl.md, "Not supported").
#include <algorithm>
#include <cctype>
#include <set>

#include <capnp/schema.h>

#include "model.h"
#include "names.h"

namespace codegen {
namespace {

// Ids of the annotations in idl/tessera.capnp.
constexpr uint64_t kTesseraFileId = 0xa109148c103144ceull;
constexpr uint64_t kMaxLengthId = 0xf568c252a95c415dull;
constexpr uint64_t kHandleId = 0xf0a172c3961af46aull;
constexpr uint64_t kBulkId = 0xe1bee6ab9282049full;
constexpr uint64_t kNamespaceId = 0xe678e57934e6d64full;
constexpr uint64_t kReplyToId = 0xc0b5e9ef5b2d6a31ull;

using Annotations = capnp::List<capnp::schema::Annotation>::Reader;

const capnp::schema::Annotation::Reader* find(const Annotations& list, uint64_t id,
                                              capnp::schema::Annotation::Reader& slot) {
  for (auto a : list) {
    if (a.getId() == id) {
      slot = a;
      return &slot;
    }
  }
  return nullptr;
}

std::string basename(const std::string& path) {
  size_t slash = path.rfind('/');
  return slash == std::string::npos ? path : path.substr(slash + 1);
}

std::string strip_capnp(const std::string& path) {
  const std::string ext = ".capnp";
  if (path.size() > ext.size() && path.compare(path.size() - ext.size(), ext.size(), ext) == 0) {
    return path.substr(0, path.size() - ext.size());
  }
  return path;
}

class Builder {
 public:
  Builder(const capnp::SchemaLoader& loader, uint64_t file_id, FileModel& model)
      : loader_(loader), file_id_(file_id), model_(model) {}

  void build() {
    model_.ns = namespace_of(file_id_);
    walk(loader_.get(file_id_));
    std::set<uint32_t> ids;
    for (const InterfaceInfo& i : model_.interfaces) {
      if (!ids.insert(i.id).second) {
        throw SchemaError(model_.source + ": two interfaces share the low 32 bits of their id; give one a new @id");
      }
    }
  }

 private:
  // Declarations nested in a file, struct or interface, in source order.
  void walk(capnp::Schema scope) {
    for (auto nested : scope.getProto().getNestedNodes()) {
      capnp::Schema child = loader_.get(nested.getId());
      switch (child.getProto().which()) {
        case capnp::schema::Node::STRUCT: named_struct(child.asStruct()); break;
        case capnp::schema::Node::ENUM: named_enum(child.asEnum()); break;
        case capnp::schema::Node::INTERFACE: model_.interfaces.push_back(interface(child.asInterface())); break;
        default: break;  // constants and annotations generate nothing
      }
      walk(child);
    }
  }

  std::string display(capnp::Schema s) { return s.getProto().getDisplayName(); }

  uint64_t file_of(capnp::Schema s) {
    auto proto = s.getProto();
    while (!proto.isFile()) proto = loader_.get(proto.getScopeId()).getProto();
    return proto.getId();
  }

  std::string namespace_of(uint64_t file_id) {
    auto file = loader_.get(file_id).getProto();
    capnp::schema::Annotation::Reader slot;
    std::string ns;
    if (auto* a = find(file.getAnnotations(), kNamespaceId, slot)) {
      ns = a->getValue().getText();
    } else {
      ns = "idl::";
      for (char c : strip_capnp(basename(file.getDisplayName()))) ns += std::isalnum(static_cast<unsigned char>(c)) ? c : '_';
    }
    if (ns == "idl" || ns == "idl::wire") {
      throw SchemaError(std::string(file.getDisplayName()) + ": namespace " + ns +
                        " is the runtime's; set $Tessera.namespace");
    }
    return ns;
  }

  // Foo.Bar in the schema is FooBar in C++.
  std::string local_name(capnp::Schema s) {
    std::string name = display(s);
    name = name.substr(name.find(':') + 1);
    name.erase(std::remove(name.begin(), name.end(), '.'), name.end());
    return name;
  }

  // Sets cxx (how code in this file's namespace names the type) and whether
  // it comes from another file, whose header is then included.
  template <class Info>
  void name_type(Info& info, capnp::Schema s) {
    info.name = local_name(s);
    uint64_t file = file_of(s);
    info.external = file != file_id_;
    info.cxx = info.external ? "::" + namespace_of(file) + "::" + info.name : info.name;
    if (info.external) {
      std::string header = strip_capnp(basename(loader_.get(file).getProto().getDisplayName())) + ".idl.h";
      if (std::find(model_.includes.begin(), model_.includes.end(), header) == model_.includes.end()) {
        model_.includes.push_back(header);
      }
    }
  }

  const EnumInfo* named_enum(capnp::EnumSchema e) {
    uint64_t id = e.getProto().getId();
    if (auto it = model_.enum_pool.find(id); it != model_.enum_pool.end()) return it->second.get();
    auto info = std::make_unique<EnumInfo>();
    name_type(*info, e);
    for (auto enumerant : e.getEnumerants()) info->enumerants.push_back(pascal_case(enumerant.getProto().getName()));
    if (info->enumerants.size() > 0xffff) throw SchemaError(display(e) + ": too many enumerants");
    const EnumInfo* result = info.get();
    model_.enum_pool[id] = std::move(info);
    if (!result->external) model_.enums.push_back(result);
    return result;
  }

  const StructInfo* named_struct(capnp::StructSchema s) {
    uint64_t id = s.getProto().getId();
    if (auto it = model_.struct_pool.find(id); it != model_.struct_pool.end()) {
      if (in_progress_.count(id)) {
        throw SchemaError(display(s) + ": contains itself; structs are inline, so they cannot be recursive");
      }
      return it->second.get();
    }
    auto owned = std::make_unique<StructInfo>();
    StructInfo* info = owned.get();
    model_.struct_pool[id] = std::move(owned);
    in_progress_.insert(id);
    name_type(*info, s);
    fill_fields(*info, s, display(s));
    in_progress_.erase(id);
    if (!info->external) model_.structs.push_back(info);
    return info;
  }

  void fill_fields(StructInfo& info, capnp::StructSchema s, const std::string& where) {
    auto proto = s.getProto();
    if (proto.getIsGeneric()) throw SchemaError(where + ": generic structs are not supported");
    if (proto.getStruct().getDiscriminantCount() != 0) throw SchemaError(where + ": unions are not supported");
    std::vector<capnp::StructSchema::Field> fields;
    for (auto f : s.getFields()) fields.push_back(f);
    std::sort(fields.begin(), fields.end(), [](auto& a, auto& b) {
      return a.getProto().getCodeOrder() < b.getProto().getCodeOrder();
    });
    for (auto f : fields) {
      std::string field_where = where + "." + std::string(f.getProto().getName());
      if (f.getProto().isGroup()) throw SchemaError(field_where + ": groups are not supported");
      if (f.getProto().getSlot().getHadExplicitDefault()) {
        throw SchemaError(field_where + ": default values are not supported (every field starts at zero)");
      }
      info.fields.push_back(FieldInfo{snake_case(f.getProto().getName()), field_type(f, field_where), 0});
    }
    lay_out(info);
  }

  TypeInfo field_type(capnp::StructSchema::Field f, const std::string& where) {
    Annotations annotations = f.getProto().getAnnotations();
    capnp::schema::Annotation::Reader slot;
    // A Reply is a handle too (checked where it may stand: reply_field()).
    const bool handle = find(annotations, kHandleId, slot) != nullptr || find(annotations, kReplyToId, slot) != nullptr;
    const bool bulk = find(annotations, kBulkId, slot) != nullptr;
    const auto* max_length = find(annotations, kMaxLengthId, slot);
    const uint32_t max = max_length ? max_length->getValue().getUint32() : 0;
    const capnp::Type type = f.getType();
    const auto which = type.which();
    using W = capnp::schema::Type::Which;

    if (handle && which != W::UINT32) {
      throw SchemaError(where + ": $Tessera.handle and $Tessera.replyTo need a UInt32 field");
    }
    if (bulk && which != W::DATA) throw SchemaError(where + ": $Tessera.bulk needs a Data field");
    if (max_length && which != W::TEXT && which != W::DATA && which != W::LIST) {
      throw SchemaError(where + ": $Tessera.maxLength applies to Text, Data and List fields only");
    }
    auto need_bound = [&](const char* what) {
      if (!max_length) {
        throw SchemaError(where + ": unbounded " + what + "; add $Tessera.maxLength(N)" +
                          (which == W::DATA ? " or $Tessera.bulk" : ""));
      }
    };

    TypeInfo t;
    switch (which) {
      case W::UINT32:
        if (handle) {
          t.kind = Kind::Handle;
          t.cxx = "ipc::Handle";
          t.size = t.align = 4;
          return t;
        }
        return element_type(type, where);
      case W::TEXT:
        need_bound("Text");
        t.kind = Kind::Text;
        t.cxx = "::idl::Text";
        break;
      case W::DATA:
        if (bulk) {
          t.kind = Kind::Bulk;
          t.cxx = "::idl::Bulk";
          t.max = max_length ? max : 0xffffffffu;
          t.size = 8;
          t.align = 4;
          return t;
        }
        need_bound("Data");
        t.kind = Kind::Data;
        t.cxx = "::idl::Data";
        break;
      case W::LIST: {
        need_bound("List");
        t.kind = Kind::List;
        t.element = std::make_shared<TypeInfo>(element_type(type.asList().getElementType(), where));
        bool plain = t.element->kind != Kind::Struct || t.element->record->plain;
        if (!plain) {
          throw SchemaError(where + ": a List element must be fixed-size: no Text, Data, List, handles or bulk " +
                            "inside (" + t.element->cxx + " has some)");
        }
        t.cxx = "::idl::List<" + t.element->cxx + ">";
        break;
      }
      default: return element_type(type, where);
    }
    t.max = max;
    t.size = 8;  // descriptor {uint32 offset, uint32 length}
    t.align = 4;
    return t;
  }

  // A fixed-size type: what a field without annotations or a List element is.
  TypeInfo element_type(capnp::Type type, const std::string& where) {
    using W = capnp::schema::Type::Which;
    auto scalar = [](const char* cxx, uint32_t size) {
      TypeInfo t;
      t.cxx = cxx;
      t.size = t.align = size;
      return t;
    };
    switch (type.which()) {
      case W::BOOL: {
        TypeInfo t = scalar("bool", 1);
        t.kind = Kind::Bool;
        return t;
      }
      case W::INT8: return scalar("int8_t", 1);
      case W::INT16: return scalar("int16_t", 2);
      case W::INT32: return scalar("int32_t", 4);
      case W::INT64: return scalar("int64_t", 8);
      case W::UINT8: return scalar("uint8_t", 1);
      case W::UINT16: return scalar("uint16_t", 2);
      case W::UINT32: return scalar("uint32_t", 4);
      case W::UINT64: return scalar("uint64_t", 8);
      case W::FLOAT32: return scalar("float", 4);
      case W::FLOAT64: return scalar("double", 8);
      case W::ENUM: {
        TypeInfo t = scalar("", 2);
        t.kind = Kind::Enum;
        t.cxx = named_enum(type.asEnum())->cxx;
        return t;
      }
      case W::STRUCT: {
        const StructInfo* record = named_struct(type.asStruct());
        TypeInfo t;
        t.kind = Kind::Struct;
        t.cxx = record->cxx;
        t.record = record;
        t.size = record->size;
        t.align = record->align;
        return t;
      }
      case W::VOID: throw SchemaError(where + ": Void fields are not supported");
      case W::TEXT:
      case W::DATA:
      case W::LIST: throw SchemaError(where + ": a List element must be fixed-size (no Text, Data or List)");
      case W::INTERFACE: throw SchemaError(where + ": capabilities are not supported; pass a $Tessera.handle");
      case W::ANY_POINTER: throw SchemaError(where + ": AnyPointer is not supported");
    }
    throw SchemaError(where + ": unknown type");
  }

  // Makes m one-way if one of its params is a $Tessera.replyTo field; the
  // annotation stands on a method's params only, once.
  static void reply_field(MethodInfo& m, capnp::InterfaceSchema::Method method, const std::string& where) {
    capnp::schema::Annotation::Reader slot;
    for (auto f : method.getResultType().getFields()) {
      if (find(f.getProto().getAnnotations(), kReplyToId, slot)) {
        throw SchemaError(where + "(results): $Tessera.replyTo belongs on a params field");
      }
    }
    for (auto f : method.getParamType().getFields()) {
      if (!find(f.getProto().getAnnotations(), kReplyToId, slot)) continue;
      if (m.one_way) throw SchemaError(where + "(params): more than one $Tessera.replyTo field");
      m.one_way = true;
      m.reply_ordinal = slot.getValue().getUint16();
      std::string name = snake_case(f.getProto().getName());
      for (const FieldInfo& field : m.params.fields) {
        if (field.name == name) m.reply_offset = field.offset;
      }
    }
  }

  InterfaceInfo interface(capnp::InterfaceSchema schema) {
    const std::string where = display(schema);
    auto proto = schema.getProto();
    if (proto.getIsGeneric()) throw SchemaError(where + ": generic interfaces are not supported");
    if (schema.getSuperclasses().size() != 0) throw SchemaError(where + ": interface inheritance is not supported");
    InterfaceInfo info;
    info.name = local_name(schema);
    info.snake = snake_case(info.name);
    info.id = static_cast<uint32_t>(proto.getId());
    for (auto method : schema.getMethods()) {
      std::string method_name = method.getProto().getName();
      std::string method_where = where + "." + method_name;
      if (method.getProto().getImplicitParameters().size() != 0) {
        throw SchemaError(method_where + ": generic methods are not supported");
      }
      if (method.isStreaming()) throw SchemaError(method_where + ": streaming methods are not supported");
      MethodInfo m;
      m.name = snake_case(method_name);
      m.ordinal = method.getOrdinal();
      std::string prefix = info.name + pascal_case(method_name);
      m.params.name = m.params.cxx = prefix + "Params";
      m.results.name = m.results.cxx = prefix + "Results";
      fill_fields(m.params, method.getParamType(), method_where + "(params)");
      fill_fields(m.results, method.getResultType(), method_where + "(results)");
      reply_field(m, method, method_where);
      check_message_bounds(info, m, model_.source);
      info.methods.push_back(std::move(m));
    }
    return info;
  }

  const capnp::SchemaLoader& loader_;
  uint64_t file_id_;
  FileModel& model_;
  std::set<uint64_t> in_progress_;
};

}  // namespace

std::unique_ptr<FileModel> build_model(const capnp::SchemaLoader& loader, uint64_t file_id, const std::string& source) {
  auto model = std::make_unique<FileModel>();
  model->source = source;
  if (file_id == kTesseraFileId) return model;  // the annotations: nothing to generate (no output)
  model->output = strip_capnp(source) + ".idl.h";
  Builder(loader, file_id, *model).build();
  return model;
}

}  // namespace codegen
