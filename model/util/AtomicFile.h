#pragma once
// Writing result files so that a failure never leaves a lost, half-written or mixed result:
// the one writer behind the CLI, the app's sessions and bundles, and table and plot exports.
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

namespace genrelab {

// A failed write; what() names the file and the system's reason ("No space left on device").
class FileWriteError : public std::runtime_error {
public:
    FileWriteError(const std::string& path, const std::string& message);
    const std::string& path() const { return path_; }

private:
    std::string path_;
};

struct FileContent {
    std::string path;
    std::string bytes;
};

// Over a regular file or at a new path: writes a temporary file in the same folder (every
// write, the fsync and the close checked) and renames it over the path, so the previous file
// stays whole until the new one is. Anything else that takes writes (a character device such
// as /dev/null, a FIFO, /dev/stdout) is written directly: renaming would replace the device
// with a regular file. Folders, sockets and block devices are refused. A symbolic link to a
// regular file is followed: its target is replaced, the link stays. Throws FileWriteError; on
// failure the temporary is removed.
void writeFileAtomically(const std::string& path, std::string_view bytes);

// A set of files that belong together (one run's draws per chain, a table in several
// formats): every temporary is written before the first rename, so a failure on any file
// leaves every previous file as it was. Only a failing rename (rare: the folder changed
// under the writer) can leave part of the set replaced; the error says which files were.
void writeFilesAtomically(const std::vector<FileContent>& files);

} // namespace genrelab
