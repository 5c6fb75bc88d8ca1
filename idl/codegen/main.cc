// idl_codegen: the capnp compiler plugin that turns Tessera's service schemas
// into freestanding C++ headers (docs/idl.md). Run it through capnp:
//
//   capnp compile -I idl -o path/to/idl_codegen:OUTDIR --src-prefix=DIR DIR/foo.capnp
//
// capnp parses the schemas and hands this program a CodeGeneratorRequest on
// stdin, with its working directory set to OUTDIR; for each requested file
// foo.capnp it writes foo.idl.h there.
#include <capnp/schema-loader.h>
#include <capnp/schema.capnp.h>
#include <capnp/serialize.h>

#include <filesystem>
#include <fstream>
#include <iostream>
#include <kj/exception.h>

#include "emit.h"

namespace {

void write_file(const std::string& path, const std::string& text) {
  std::filesystem::path p(path);
  if (p.has_parent_path()) std::filesystem::create_directories(p.parent_path());
  std::ofstream file(p, std::ios::binary | std::ios::trunc);
  file << text;
  if (!file) throw std::runtime_error("cannot write " + path);
}

}  // namespace

int main() {
  try {
    capnp::ReaderOptions options;
    options.traversalLimitInWords = 1u << 30;
    capnp::StreamFdMessageReader message(0, options);
    auto request = message.getRoot<capnp::schema::CodeGeneratorRequest>();
    capnp::SchemaLoader loader;
    for (auto node : request.getNodes()) loader.load(node);
    for (auto file : request.getRequestedFiles()) {
      auto model = codegen::build_model(loader, file.getId(), file.getFilename());
      // A schema without types still gets its header: the wire runtime alone.
      if (model->output.empty()) continue;
      write_file(model->output, codegen::emit_header(*model));
    }
  } catch (const codegen::SchemaError& e) {
    std::cerr << "idl_codegen: error: " << e.what() << "\n";
    return 1;
  } catch (const kj::Exception& e) {
    std::cerr << "idl_codegen: " << e.getDescription().cStr() << "\n";
    return 1;
  } catch (const std::exception& e) {
    std::cerr << "idl_codegen: " << e.what() << "\n";
    return 1;
  }
  return 0;
}
