// <dirent.h>: directory streams over File.readdir.
#pragma once

#include <limits.h>
#include <sys/types.h>

#ifdef __cplusplus
extern "C" {
#endif

#define DT_UNKNOWN 0
#define DT_FIFO 1
#define DT_CHR 2
#define DT_DIR 4
#define DT_REG 8

struct dirent {
  ino_t d_ino;
  unsigned char d_type;
  char d_name[NAME_MAX + 1];
};

typedef struct __dirstream DIR;

DIR* opendir(const char* path);
DIR* fdopendir(int fd);
struct dirent* readdir(DIR* dir);
void rewinddir(DIR* dir);
int closedir(DIR* dir);
int dirfd(DIR* dir);

#ifdef __cplusplus
}
#endif
