// A fault shim for LD_PRELOAD, configured by the environment:
//   SEALVAULT_TEST_FAIL_WRITE=N  the Nth write(2)/pwrite(2) or fsync(2)/fdatasync(2) to a
//                                regular file fails with ENOSPC (disk full), and every one after it;
//   SEALVAULT_TEST_READ_ONLY=1   every open with O_CREAT, mkdir, rename, link and unlink fails with EROFS
//                                (a read-only file system, which root cannot get from file modes).
// Writes to pipes and terminals (stdout, stderr) are never failed, so the command can say why.
#define _GNU_SOURCE
#include <dlfcn.h>
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <sys/types.h>
#include <unistd.h>

static long counted;

static int failsNow(int fd) {
  const char *limit = getenv("SEALVAULT_TEST_FAIL_WRITE");
  struct stat st;
  if (!limit || fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)) return 0;
  return ++counted >= atol(limit);
}

static int readOnly(void) {
  const char *flag = getenv("SEALVAULT_TEST_READ_ONLY");
  return flag && flag[0] == '1';
}

#define NEXT(name) ((__typeof__(&name))dlsym(RTLD_NEXT, #name))

ssize_t write(int fd, const void *buf, size_t count) {
  if (failsNow(fd)) { errno = ENOSPC; return -1; }
  return NEXT(write)(fd, buf, count);
}

ssize_t pwrite(int fd, const void *buf, size_t count, off_t offset) {
  if (failsNow(fd)) { errno = ENOSPC; return -1; }
  return NEXT(pwrite)(fd, buf, count, offset);
}

int fsync(int fd) {
  if (failsNow(fd)) { errno = ENOSPC; return -1; }
  return NEXT(fsync)(fd);
}

int fdatasync(int fd) {
  if (failsNow(fd)) { errno = ENOSPC; return -1; }
  return NEXT(fdatasync)(fd);
}

static mode_t modeArgument(int flags, va_list args) {
  return (flags & (O_CREAT | O_TMPFILE)) ? (mode_t)va_arg(args, int) : 0;
}

int open(const char *path, int flags, ...) {
  va_list args;
  va_start(args, flags);
  mode_t mode = modeArgument(flags, args);
  va_end(args);
  if (readOnly() && (flags & (O_CREAT | O_TMPFILE))) { errno = EROFS; return -1; }
  return NEXT(open)(path, flags, mode);
}

int open64(const char *path, int flags, ...) {
  va_list args;
  va_start(args, flags);
  mode_t mode = modeArgument(flags, args);
  va_end(args);
  if (readOnly() && (flags & (O_CREAT | O_TMPFILE))) { errno = EROFS; return -1; }
  return NEXT(open64)(path, flags, mode);
}

int openat(int dir, const char *path, int flags, ...) {
  va_list args;
  va_start(args, flags);
  mode_t mode = modeArgument(flags, args);
  va_end(args);
  if (readOnly() && (flags & (O_CREAT | O_TMPFILE))) { errno = EROFS; return -1; }
  return NEXT(openat)(dir, path, flags, mode);
}

int mkdir(const char *path, mode_t mode) {
  if (readOnly()) { errno = EROFS; return -1; }
  return NEXT(mkdir)(path, mode);
}

int rename(const char *from, const char *to) {
  if (readOnly()) { errno = EROFS; return -1; }
  return NEXT(rename)(from, to);
}

int renameat(int fromDir, const char *from, int toDir, const char *to) {
  if (readOnly()) { errno = EROFS; return -1; }
  return NEXT(renameat)(fromDir, from, toDir, to);
}

int link(const char *from, const char *to) {
  if (readOnly()) { errno = EROFS; return -1; }
  return NEXT(link)(from, to);
}

int unlink(const char *path) {
  if (readOnly()) { errno = EROFS; return -1; }
  return NEXT(unlink)(path);
}

int unlinkat(int dir, const char *path, int flags) {
  if (readOnly()) { errno = EROFS; return -1; }
  return NEXT(unlinkat)(dir, path, flags);
}
