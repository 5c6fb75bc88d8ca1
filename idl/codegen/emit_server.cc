// Emits a dispatcher: a switch on the method ordinal, each case handing the
// message to idl::wire::serve with the Params/Results types of that method
// and the Impl's handler. Every check lives in serve (the runtime).
#include "emit.h"

namespace codegen {

namespace {

// The switch on the request's ordinal of a dispatcher: a case for each
// method that is one-way or not (`one_way`), handing the message to `serve`
// (a function of idl::wire's runtime) with the method's handler; `fallback`
// for any other ordinal.
void emit_switch(const InterfaceInfo& iface, bool one_way, const std::string& serve, const std::string& fallback,
                 std::string& out) {
  out += "  using namespace ::idl::wire;\n";
  out += "  switch (request_ordinal(msg)) {\n";
  for (const MethodInfo& m : iface.methods) {
    if (m.one_way != one_way) continue;
    out += "    case " + std::to_string(m.ordinal) + ":\n";
    out += "      return " + serve + "<" + m.params.name + ", " + m.results.name + ">(\n";
    out += "          impl, msg, bulk_size, [&](const auto& in, auto& out) { return impl." + m.name + "(in, out); });\n";
  }
  out += "    default:\n";
  out += "      return " + fallback + ";\n";
  out += "  }\n";
  out += "}\n";
}

// The dispatcher of asynchronous messages: the one-way methods only.
void emit_message_server(const InterfaceInfo& iface, std::string& out) {
  out += "\n// Serves the one-way request to " + iface.name + " in msg (an asynchronous message; a\n";
  out += "// call of a one-way method gets NoSyscall from dispatch_" + iface.snake + "). Returns the Reply\n";
  out += "// the request names, to be answered with what msg then holds (the results, or the\n";
  out += "// handler's or a check's error); kInvalidHandle if it names none (a message of\n";
  out += "// another method, or one too broken to): its handles are dropped then.\n";
  out += "template <class Impl>\n";
  out += "ipc::Handle dispatch_" + iface.snake + "_message(Impl& impl, ipc::Message& msg, uint32_t bulk_size = 0) {\n";
  emit_switch(iface, true, "serve_one_way", "drop_message(impl, msg)", out);
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
  // (A one-way method is a message, never a call: dispatch_*_message.)
  emit_switch(iface, false, "serve", "reject_unknown(impl, msg, " + id_name + ")", out);
  if (iface.has_one_way()) emit_message_server(iface, out);
}

}  // namespace codegen
