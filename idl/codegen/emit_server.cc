// Emits a dispatcher: a switch on the method ordinal, each case handing the
// message to idl::wire::serve with the Params/Results types of that method
// and the Impl's handler. Every check lives in serve (the runtime).
#include "emit.h"

namespace codegen {

namespace {

// The dispatcher of asynchronous messages: the one-way methods only.
void emit_message_server(const InterfaceInfo& iface, std::string& out) {
  out += "\n// Serves the one-way request to " + iface.name + " in msg (an asynchronous message; a\n";
  out += "// call of a one-way method gets NoSyscall from dispatch_" + iface.snake + "). Returns the Reply\n";
  out += "// the request names, to be answered with what msg then holds (the results, or the\n";
  out += "// handler's or a check's error); kInvalidHandle if it names none (a message of\n";
  out += "// another method, or one too broken to): its handles are dropped then.\n";
  out += "template <class Impl>\n";
  out += "ipc::Handle dispatch_" + iface.snake + "_message(Impl& impl, ipc::Message& msg, uint32_t bulk_size = 0) {\n";
  out += "  using namespace ::idl::wire;\n";
  out += "  switch (request_ordinal(msg)) {\n";
  for (const MethodInfo& m : iface.methods) {
    if (!m.one_way) continue;
    out += "    case " + std::to_string(m.ordinal) + ":\n";
    out += "      return serve_one_way<" + m.params.name + ", " + m.results.name + ">(\n";
    out += "          impl, msg, bulk_size, [&](const auto& in, auto& out) { return impl." + m.name + "(in, out); });\n";
  }
  out += "    default:\n";
  out += "      return drop_message(impl, msg);\n";
  out += "  }\n";
  out += "}\n";
}

}  // namespace

void emit_server(const InterfaceInfo& iface, std::string& out) {
  const std::string id_name = "k" + iface.name + "InterfaceId";
  out += "\n// Serves the request to " + iface.name + " in msg and leaves the reply in msg. Impl has\n";
  for (const MethodInfo& m : iface.methods) {
    if (m.one_way) continue;
    out += "//   Status " + m.name + "(const " + m.params.name + "&, " + m.results.name + "&);\n";
  }
  out += "// and optionally void drop_handles(const ipc::Handle*, uint32_t) for the handles of a\n";
  out += "// rejected request. A handler runs only for a request that passed every check.\n";
  out += "// bulk_size: the size of the buffer shared with this client for $Tessera.bulk fields.\n";
  out += "template <class Impl>\n";
  out += "void dispatch_" + iface.snake + "(Impl& impl, ipc::Message& msg, uint32_t bulk_size = 0) {\n";
  out += "  using namespace ::idl::wire;\n";
  out += "  switch (request_ordinal(msg)) {\n";
  for (const MethodInfo& m : iface.methods) {
    if (m.one_way) continue;  // a message, never a call: dispatch_*_message
    const std::string& p = m.params.name;
    const std::string& r = m.results.name;
    out += "    case " + std::to_string(m.ordinal) + ":\n";
    out += "      return serve<" + p + ", " + r + ">(\n";
    out += "          impl, msg, bulk_size, [&](const auto& in, auto& out) { return impl." + m.name + "(in, out); });\n";
  }
  out += "    default:\n";
  out += "      return reject_unknown(impl, msg, " + id_name + ");\n";
  out += "  }\n";
  out += "}\n";
  if (iface.has_one_way()) emit_message_server(iface, out);
}

}  // namespace codegen
