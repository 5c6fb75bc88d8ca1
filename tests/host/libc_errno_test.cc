// Host tests of libc's errno numbers and messages (Linux's, checked against
// the host's C library) and of the kernel-error-to-errno map.
//
// libc's <errno.h> comes first: the host's, included after it by the
// standard headers, defines the same macros again, which the compiler
// accepts silently only where the definitions are identical.
#include "../../libc/include/errno.h"

#include "../../libc/include/tessera/errno_map.h"
#include "../../libc/src/impl/strerror_impl.h"

#include <doctest/doctest.h>

#include <cstring>
#include <set>
#include <string>

namespace lib = tessera::libc;
using abi::Error;

TEST_CASE("ErrnoTest.NumbersAndMessagesMatchLinux") {
  std::set<int> seen;
  for (const lib::ErrorMessage& m : lib::kErrorMessages) {
    CAPTURE(m.number);
    CHECK(seen.insert(m.number).second);
    CHECK(std::string(m.text) == std::strerror(m.number));
    CHECK(lib::strerror(m.number) == m.text);
  }
  CHECK(seen.size() > 75);
  CHECK(ENAMETOOLONG == 36);
  CHECK(ENOSYS == 38);
  CHECK(ENOTEMPTY == 39);
  CHECK(EWOULDBLOCK == EAGAIN);
}

TEST_CASE("ErrnoTest.UnknownNumbersSayWhichNumber") {
  CHECK(std::string(lib::strerror(4242)) == std::strerror(4242));
  CHECK(std::string(lib::strerror(-7)) == std::strerror(-7));
  CHECK(std::string(lib::strerror(1000000)) == "Unknown error 1000000");
}

TEST_CASE("ErrnoTest.EveryKernelErrorHasAnErrno") {
  CHECK(tessera::errno_from_error(Error::Ok) == 0);
  CHECK(tessera::errno_from_error(Error::BadHandle) == EBADF);
  CHECK(tessera::errno_from_error(Error::WrongType) == EBADF);
  CHECK(tessera::errno_from_error(Error::AccessDenied) == EACCES);
  CHECK(tessera::errno_from_error(Error::InvalidArgument) == EINVAL);
  CHECK(tessera::errno_from_error(Error::NoMemory) == ENOMEM);
  CHECK(tessera::errno_from_error(Error::BadAddress) == EFAULT);
  CHECK(tessera::errno_from_error(Error::PeerClosed) == EPIPE);
  CHECK(tessera::errno_from_error(Error::TimedOut) == ETIMEDOUT);
  CHECK(tessera::errno_from_error(Error::ShouldWait) == EAGAIN);
  CHECK(tessera::errno_from_error(Error::TooLarge) == E2BIG);
  CHECK(tessera::errno_from_error(Error::NotFound) == ENOENT);
  CHECK(tessera::errno_from_error(Error::BadState) == EINVAL);
  CHECK(tessera::errno_from_error(Error::NoSyscall) == ENOSYS);
  CHECK(tessera::errno_from_error(Error::Malformed) == EIO);
  CHECK(tessera::errno_from_error(Error::OutOfRange) == ERANGE);
  CHECK(tessera::errno_from_error(Error::AlreadyExists) == EEXIST);
  CHECK(tessera::errno_from_error(Error::Busy) == EBUSY);
  CHECK(tessera::errno_from_error(Error::NotDirectory) == ENOTDIR);
  CHECK(tessera::errno_from_error(Error::IsDirectory) == EISDIR);
  CHECK(tessera::errno_from_error(Error::NotEmpty) == ENOTEMPTY);
  CHECK(tessera::errno_from_error(Error::CrossDevice) == EXDEV);
  CHECK(tessera::errno_from_error(Error::NameTooLong) == ENAMETOOLONG);
  CHECK(tessera::errno_from_error(Error::NoSpace) == ENOSPC);
  CHECK(tessera::errno_from_error(Error::IoError) == EIO);
  CHECK(tessera::errno_from_error(Error::ReadOnly) == EROFS);
  for (int64_t e = -1; e >= -23; --e) CHECK(tessera::errno_from_error(static_cast<Error>(e)) > 0);
}
