// poweroff: writes back every file system and turns the machine off,
// through /dev/power (init serves it: servers/init/power_device.h).
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

int main(int argc, char**) {
  if (argc > 1) {
    fprintf(stderr, "usage: poweroff\n");
    return 2;
  }
  int fd = open("/dev/power", O_WRONLY);
  // Returns only if the machine stays on.
  if (fd < 0 || write(fd, "off\n", 4) < 0) {
    fprintf(stderr, "poweroff: /dev/power: %s\n", strerror(errno));
    return 1;
  }
  return 1;
}
