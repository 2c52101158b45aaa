#include "scoring/io/text_file.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"

namespace trustfit::io {
namespace {

std::string Subject(const std::string& path, const TextFileOptions& options) {
  return options.what.empty() ? path : absl::StrCat(options.what, " ", path);
}

absl::Status ReadError(const std::string& path, const TextFileOptions& options,
                       int error) {
  const std::string message = absl::StrCat(
      "cannot read ", Subject(path, options), ": ", std::strerror(error));
  if (error == ENOENT) return absl::NotFoundError(message);
  if (error == EACCES) return absl::PermissionDeniedError(message);
  return absl::InvalidArgumentError(message);
}

// Closes the descriptor on every path out of ReadTextFile.
class FileDescriptor {
 public:
  explicit FileDescriptor(int fd) : fd_(fd) {}
  FileDescriptor(const FileDescriptor&) = delete;
  FileDescriptor& operator=(const FileDescriptor&) = delete;
  ~FileDescriptor() {
    if (fd_ >= 0) close(fd_);
  }
  int get() const { return fd_; }

 private:
  int fd_;
};

}  // namespace

absl::StatusOr<std::string> ReadTextFile(const std::string& path,
                                         const TextFileOptions& options) {
  // O_NONBLOCK so that a FIFO given by mistake fails below instead of
  // waiting for a writer; it changes nothing for a regular file.
  const int flags =
      O_RDONLY | O_CLOEXEC | (options.regular_only ? O_NONBLOCK : 0);
  const FileDescriptor fd(open(path.c_str(), flags));
  if (fd.get() < 0) return ReadError(path, options, errno);
  struct stat info {};
  if (fstat(fd.get(), &info) != 0) return ReadError(path, options, errno);
  if (options.regular_only && !S_ISREG(info.st_mode)) {
    return absl::InvalidArgumentError(
        absl::StrCat(Subject(path, options), " is not a regular file"));
  }
  if (S_ISDIR(info.st_mode)) return ReadError(path, options, EISDIR);
  std::string text;
  char buffer[16384];
  while (true) {
    const ssize_t n = read(fd.get(), buffer, sizeof buffer);
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) return ReadError(path, options, errno);
    if (n == 0) return text;
    text.append(buffer, static_cast<size_t>(n));
    if (text.size() > options.max_bytes) {
      return absl::InvalidArgumentError(
          absl::StrCat(Subject(path, options), " is larger than ",
                       options.max_bytes, " bytes"));
    }
  }
}

}  // namespace trustfit::io
