#include "util/FolderLock.h"

#include "util/AtomicFile.h"

#include <cerrno>
#include <system_error>

#include <fcntl.h>
#include <sys/file.h>
#include <unistd.h>

namespace genrelab {

FolderLock::FolderLock(const std::string& folder, Mode mode) {
    const std::string path = (folder.empty() ? std::string(".") : folder) + "/" + kFileName;
    const bool exclusive = mode == Mode::Exclusive;
    fd_ = exclusive ? ::open(path.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0666) : ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
    if (fd_ < 0) {
        if (!exclusive) return;
        throw FileWriteError(path, "cannot create the folder's lock file: " + std::generic_category().message(errno));
    }
    while (::flock(fd_, exclusive ? LOCK_EX : LOCK_SH) != 0) {
        if (errno == EINTR) continue;
        const int error = errno;
        ::close(fd_);
        fd_ = -1;
        if (!exclusive) return;
        throw FileWriteError(path, "cannot lock the folder: " + std::generic_category().message(error));
    }
}

FolderLock::~FolderLock() {
    if (fd_ >= 0) ::close(fd_);  // closing the descriptor releases the lock
}

} // namespace genrelab
