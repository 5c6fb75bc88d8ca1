// The POSIX errno for each kernel error (C++ only). Callers that know more
// than the kernel does refine it (Malformed for an executable is ENOEXEC).
#pragma once

#include <errno.h>

#include "abi/error.h"

namespace tessera {

constexpr int errno_from_error(abi::Error error) {
  switch (error) {
    case abi::Error::Ok: return 0;
    case abi::Error::BadHandle: return EBADF;
    case abi::Error::WrongType: return EBADF;
    case abi::Error::AccessDenied: return EACCES;
    case abi::Error::InvalidArgument: return EINVAL;
    case abi::Error::NoMemory: return ENOMEM;
    case abi::Error::BadAddress: return EFAULT;
    case abi::Error::PeerClosed: return EPIPE;
    case abi::Error::TimedOut: return ETIMEDOUT;
    case abi::Error::ShouldWait: return EAGAIN;
    case abi::Error::TooLarge: return E2BIG;
    case abi::Error::NotFound: return ENOENT;
    case abi::Error::BadState: return EINVAL;
    case abi::Error::NoSyscall: return ENOSYS;
    case abi::Error::Malformed: return EIO;
    case abi::Error::OutOfRange: return ERANGE;
    case abi::Error::AlreadyExists: return EEXIST;
    case abi::Error::Busy: return EBUSY;
    case abi::Error::NotDirectory: return ENOTDIR;
    case abi::Error::IsDirectory: return EISDIR;
    case abi::Error::NotEmpty: return ENOTEMPTY;
    case abi::Error::CrossDevice: return EXDEV;
    case abi::Error::NameTooLong: return ENAMETOOLONG;
    case abi::Error::NoSpace: return ENOSPC;
    case abi::Error::IoError: return EIO;
    case abi::Error::ReadOnly: return EROFS;
    case abi::Error::Interrupted: return EINTR;
  }
  return EIO;
}

}  // namespace tessera
