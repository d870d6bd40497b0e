#pragma once
// An advisory lock on a folder, so that two processes writing a set of files into it take
// turns: flock on a lock file inside the folder. The lock file stays (removing it would let a
// third process lock a different file of the same name).
#include <string>

namespace genrelab {

class FolderLock {
public:
    enum class Mode { Exclusive, Shared };
    static constexpr const char* kFileName = ".genrelab.lock";

    // Waits until the lock is granted. Exclusive creates the lock file; Shared, for readers,
    // locks nothing when there is no lock file (no set was ever written there) or it may not be
    // opened. Throws FileWriteError naming the lock file when an exclusive lock cannot be had.
    FolderLock(const std::string& folder, Mode mode);
    ~FolderLock();
    FolderLock(const FolderLock&) = delete;
    FolderLock& operator=(const FolderLock&) = delete;

    bool held() const { return fd_ >= 0; }

private:
    int fd_ = -1;
};

} // namespace genrelab
