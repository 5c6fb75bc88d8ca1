// The emitters: each appends one part of a generated header to `out`.
//   header:  emit_header() = prologue + runtime + types + codecs + clients + dispatchers
//   emit_types.cc   enums, structs, Params/Results, and their Codec<> specialisations
//   emit_client.cc  template <class Transport> class <Iface>Client
//   emit_server.cc  template <class Impl> void dispatch_<iface>(Impl&, ipc::Message&, uint32_t)
#pragma once

#include <string>

#include "model.h"

namespace codegen {

extern const char* const kRuntime;

void emit_types(const FileModel& model, std::string& out);
void emit_codecs(const FileModel& model, std::string& out);
void emit_client(const InterfaceInfo& iface, std::string& out);
void emit_server(const InterfaceInfo& iface, std::string& out);

// The whole header for `model`.
std::string emit_header(const FileModel& model);

// "0x1234abcd"
std::string hex(uint64_t value);

}  // namespace codegen
