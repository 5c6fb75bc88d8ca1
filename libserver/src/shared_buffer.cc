#include "server/shared_buffer.h"

#include "ipc/syscall.h"

namespace server {

Status SharedBuffer::map(ipc::Handle membuf, uint32_t size, bool read_only_ok) {
  bool writable = true;
  int64_t address = size == 0 ? int64_t(Error::InvalidArgument)
                              : sys::membuf_map(membuf, 0, 0, size, abi::kProtRead | abi::kProtWrite);
  if (read_only_ok && address == int64_t(Error::AccessDenied)) {
    writable = false;
    address = sys::membuf_map(membuf, 0, 0, size, abi::kProtRead);
  }
  (void)ipc::close(membuf);
  if (sys::failed(address)) return sys::error_of(address);
  unmap();
  data_ = reinterpret_cast<uint8_t*>(address);
  size_ = size;
  writable_ = writable;
  return {};
}

void SharedBuffer::unmap() {
  if (data_) sys::mem_unmap(reinterpret_cast<uint64_t>(data_), size_);
  data_ = nullptr;
  size_ = 0;
  writable_ = false;
}

Result<ipc::Handle> SharedBuffer::duplicate(ipc::Handle membuf) {
  int64_t info = sys::handle_info(membuf);
  if (sys::failed(info)) return sys::error_of(info);
  return ipc::duplicate(membuf, uint32_t(info));  // the low half is the rights
}

}  // namespace server
