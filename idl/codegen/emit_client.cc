// Emits a client stub: one method per schema method, taking the params as
// arguments and the results as out-parameters, returning Status.
#include <set>

#include "emit.h"

namespace codegen {
namespace {

// Scalars and views by value, structs by const reference.
std::string argument_type(const TypeInfo& t) {
  return t.kind == Kind::Struct ? "const " + t.cxx + "&" : t.cxx;
}

// Breaks a long argument list into one argument a line, aligned after `lead`.
std::string wrap(const std::string& args, const std::string& lead) {
  if (lead.size() + args.size() < 110) return args;
  std::string wrapped;
  for (char c : args) {
    wrapped += c;
    if (c == ',') wrapped += "\n" + std::string(lead.size() - 1, ' ');
  }
  return wrapped;
}

}  // namespace

void emit_client(const InterfaceInfo& iface, std::string& out) {
  const std::string cls = iface.name + "Client";
  out += "\n// Calls " + iface.name + " through a Transport, which provides\n";
  out += "//   ipc::Message& message();           the buffer requests are built in and replies read from\n";
  out += "//   Status call(ipc::Message& msg);    sends msg and receives the reply into it\n";
  out += "//   void drop_handles(const ipc::Handle*, uint32_t);  optional: closes handles of a bad reply\n";
  out += "//   Status call_registers(uint32_t& bytes, uint32_t& handle_count, uint64_t (&words)[10]);\n";
  out += "//       optional: sends a message of `bytes` (at most 80, no handles) held in words, and\n";
  out += "//       receives the reply's length, handle count and first 80 bytes into them (the rest of\n";
  out += "//       it, and its handles, into message()); requests that fit go this way\n";
  if (iface.has_one_way()) {
    out += "//   Status send(ipc::Message& msg);    sends msg without waiting (the one-way methods)\n";
  }
  out += "// Views among the results (Text, Data, List) point into the transport's message\n";
  out += "// and are valid until its next call.\n";
  out += "template <class Transport>\n";
  out += "class " + cls + " {\n";
  out += " public:\n";
  out += "  // bulk_size: the size of the buffer shared with the server for $Tessera.bulk fields.\n";
  out += "  explicit " + cls + "(Transport& transport, uint32_t bulk_size = 0)\n";
  out += "      : transport_(transport), bulk_size_(bulk_size) {}\n";
  for (const MethodInfo& m : iface.methods) {
    std::set<std::string> taken;
    std::string args;
    std::string init;
    for (const FieldInfo& f : m.params.fields) {
      args += (args.empty() ? "" : ", ") + argument_type(f.type) + " " + f.name;
      init += (init.empty() ? "" : ", ") + f.name;
      taken.insert(f.name);
    }
    std::string copies;
    for (const FieldInfo& f : m.results.fields) {
      if (m.one_way) break;
      std::string name = taken.count(f.name) ? f.name + "_out" : f.name;
      args += (args.empty() ? "" : ", ") + f.type.cxx + "& " + name;
      copies += "    " + name + " = results_." + f.name + ";\n";
    }
    out += "\n  Status " + m.name + "(" + wrap(args, "  Status " + m.name + "(") + ") {\n";
    if (m.one_way) {
      // No results: the server answers the Reply among the params.
      out += "    return ::idl::wire::send(transport_, bulk_size_, " + m.params.name + "{" + init + "});\n  }\n";
      continue;
    }
    out += "    " + m.results.name + " results_{};\n";
    const std::string call = "::idl::wire::call(transport_, bulk_size_, " + m.params.name + "{" + init + "}, results_)";
    if (copies.empty()) {
      out += "    return " + call + ";\n";
    } else {
      out += "    TRY(" + call + ");\n";
      out += copies;
      out += "    return Error::Ok;\n";
    }
    out += "  }\n";
  }
  out += "\n private:\n";
  out += "  Transport& transport_;\n";
  out += "  uint32_t bulk_size_;\n";
  out += "};\n";
}

}  // namespace codegen
