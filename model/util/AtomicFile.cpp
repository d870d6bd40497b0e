#include "util/AtomicFile.h"

#include <atomic>
#include <cerrno>
#include <climits>
#include <cstdlib>
#include <filesystem>
#include <system_error>

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

namespace genrelab {
namespace {

// std::generic_category's message is strerror's text, without strerror's shared buffer.
std::string reason(int error) { return std::generic_category().message(error); }

[[noreturn]] void fail(const std::string& path, const std::string& what, int error) {
    throw FileWriteError(path, what + ": " + reason(error));
}

// Names that stand for an open descriptor of this process: their target may be a regular file
// (a shell redirection), which must be appended to, never renamed over.
bool namesDescriptor(const std::string& path) {
    for (const char* prefix : {"/dev/stdout", "/dev/stderr", "/dev/fd/", "/proc/self/fd/"})
        if (path.rfind(prefix, 0) == 0) return true;
    return false;
}

bool writeAll(int fd, std::string_view bytes) {
    while (!bytes.empty()) {
        const ssize_t n = ::write(fd, bytes.data(), bytes.size());
        if (n < 0) {
            if (errno == EINTR) continue;
            return false;
        }
        bytes.remove_prefix(static_cast<std::size_t>(n));
    }
    return true;
}

struct PlannedWrite {
    std::string path;       // as the caller named it, for messages
    std::string_view bytes;
    bool direct = false;    // a device, FIFO or descriptor: written in place
    std::string target;     // where the bytes end up (a followed link's target)
    bool replaces = false;  // a regular file is there: its permissions carry over
    mode_t mode = 0;
    std::string temporary;  // written, not yet renamed
};

PlannedWrite plan(const std::string& path, std::string_view bytes) {
    PlannedWrite p;
    p.path = path;
    p.bytes = bytes;
    p.target = path;
    if (path.empty()) throw FileWriteError(path, "no file name given");
    if (namesDescriptor(path)) {
        p.direct = true;
        return p;
    }
    struct stat info {};
    if (::stat(p.path.c_str(), &info) != 0) {
        if (errno != ENOENT) fail(p.path, "cannot reach the file", errno);
        return p;  // a new file (or a dangling link, which the rename replaces)
    }
    if (S_ISREG(info.st_mode)) {
        p.replaces = true;
        p.mode = info.st_mode & 07777;
        struct stat link {};
        if (::lstat(p.path.c_str(), &link) == 0 && S_ISLNK(link.st_mode)) {
            char resolved[PATH_MAX];
            if (!::realpath(p.path.c_str(), resolved)) fail(p.path, "cannot follow the link", errno);
            p.target = resolved;
        }
        return p;
    }
    if (S_ISCHR(info.st_mode) || S_ISFIFO(info.st_mode)) {
        p.direct = true;
        return p;
    }
    if (S_ISDIR(info.st_mode)) throw FileWriteError(p.path, "is a folder, not a file");
    throw FileWriteError(p.path, "is a socket or a block device; not written");
}

void removeTemporary(PlannedWrite& p) {
    if (!p.temporary.empty()) ::unlink(p.temporary.c_str());
    p.temporary.clear();
}

// The temporary sits beside the target, so the rename stays within one file system.
void writeTemporary(PlannedWrite& p) {
    static std::atomic<unsigned> counter{0};
    const std::filesystem::path target(p.target);
    const std::string folder = target.has_parent_path() ? target.parent_path().string() + "/" : std::string();
    int fd = -1;
    for (int attempt = 0; fd < 0; ++attempt) {
        p.temporary = folder + "." + target.filename().string() + "." + std::to_string(::getpid()) + "." +
                      std::to_string(counter.fetch_add(1)) + ".tmp";
        fd = ::open(p.temporary.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0666);
        if (fd < 0 && (errno != EEXIST || attempt > 100)) {
            const int error = errno;
            p.temporary.clear();
            fail(p.path, "cannot create a file in its folder", error);
        }
    }
    const char* step = nullptr;
    if (p.replaces && ::fchmod(fd, p.mode) != 0) step = "cannot keep the file's permissions";
    else if (!writeAll(fd, p.bytes)) step = "writing failed";
    else if (::fsync(fd) != 0) step = "writing failed (fsync)";
    if (step) {
        const int error = errno;
        ::close(fd);
        removeTemporary(p);
        fail(p.path, step, error);
    }
    if (::close(fd) != 0) {
        const int error = errno;
        removeTemporary(p);
        fail(p.path, "writing failed (close)", error);
    }
}

void writeDirectly(const PlannedWrite& p) {
    // O_APPEND: a descriptor name may lead to a regular file a shell opened; never clobber it.
    const int fd = ::open(p.target.c_str(), O_WRONLY | O_APPEND | O_CLOEXEC);
    if (fd < 0) fail(p.path, "cannot open the file for writing", errno);
    if (!writeAll(fd, p.bytes)) {
        const int error = errno;
        ::close(fd);
        fail(p.path, "writing failed", error);
    }
    if (::close(fd) != 0) fail(p.path, "writing failed (close)", errno);
}

// The folder's entry is what makes a rename durable; a folder that cannot be synced (some
// network file systems) still holds the renamed file, so this is best effort.
void syncFolder(const std::string& target) {
    const std::filesystem::path path(target);
    const std::string folder = path.has_parent_path() ? path.parent_path().string() : ".";
    const int fd = ::open(folder.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (fd < 0) return;
    ::fsync(fd);
    ::close(fd);
}

// Temporaries first, then direct writes, then renames: nothing is replaced until every byte is written.
void writeAsOneSet(std::vector<PlannedWrite>& plans) {
    auto discardAll = [&] {
        for (auto& p : plans) removeTemporary(p);
    };
    try {
        for (auto& p : plans)
            if (!p.direct) writeTemporary(p);
        for (auto& p : plans)
            if (p.direct) writeDirectly(p);
    } catch (...) {
        discardAll();
        throw;
    }
    std::string replaced;
    for (auto& p : plans) {
        if (p.direct) continue;
        if (::rename(p.temporary.c_str(), p.target.c_str()) != 0) {
            const int error = errno;
            discardAll();
            fail(p.path, "cannot move the written file into place" +
                             (replaced.empty() ? std::string() : " (already replaced: " + replaced + ")"),
                 error);
        }
        p.temporary.clear();
        syncFolder(p.target);
        replaced += (replaced.empty() ? "" : ", ") + p.path;
    }
}

} // namespace

FileWriteError::FileWriteError(const std::string& path, const std::string& message)
    : std::runtime_error((path.empty() ? std::string("<no file>") : path) + ": " + message), path_(path) {}

void writeFileAtomically(const std::string& path, std::string_view bytes) {
    std::vector<PlannedWrite> plans;
    plans.push_back(plan(path, bytes));
    writeAsOneSet(plans);
}

void writeFilesAtomically(const std::vector<FileContent>& files) {
    std::vector<PlannedWrite> plans;
    plans.reserve(files.size());
    for (const auto& file : files) plans.push_back(plan(file.path, file.bytes));
    writeAsOneSet(plans);
}

} // namespace genrelab
