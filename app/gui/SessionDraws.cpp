#include "SessionDraws.h"

#include "util/OutputSet.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>

#include <stdexcept>
#include <string>
#include <string_view>

namespace genrelab {
namespace {
constexpr qint64 kMaxDrawsBytes = qint64{16} << 30;  // a side file of draws; larger is not one genrelab wrote
} // namespace

std::optional<std::uint64_t> fileFnv1a64(const QString& path) {
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly)) return std::nullopt;
    const QByteArray bytes = file.readAll();
    return fnv1a64(std::string_view(bytes.constData(), static_cast<std::size_t>(bytes.size())));
}

std::vector<StoredRun> readSessionDraws(const QString& sessionPath, const DrawsReference& ref) {
    const QString path = QFileInfo(sessionPath).dir().filePath(QString::fromStdString(ref.file));
    const std::string name = QFile::encodeName(path).toStdString();
    const QFileInfo info(path);
    if (!info.exists())
        throw std::invalid_argument(name + ": the session's draws file is missing (it is saved beside the session; copy both)");
    if (!info.isFile()) throw std::invalid_argument(name + ": the session's draws file is not a regular file");
    if (info.size() > kMaxDrawsBytes) throw std::invalid_argument(name + ": larger than any draws file genrelab writes");
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly)) throw std::invalid_argument(name + ": cannot be read: " + file.errorString().toStdString());
    const QByteArray bytes = file.readAll();
    const std::string_view view(bytes.constData(), static_cast<std::size_t>(bytes.size()));
    if (static_cast<std::uint64_t>(bytes.size()) != ref.bytes || fnv1a64(view) != ref.fnv1a64)
        throw std::invalid_argument(name + ": not the draws file this session was saved with (its size or checksum differs: " +
                                    std::to_string(bytes.size()) + " bytes, the session names " + std::to_string(ref.bytes) + ")");
    std::vector<StoredRun> runs = decodeRunDraws(view, name);
    if (runs.empty()) throw std::invalid_argument(name + ": the draws file holds no run");
    return runs;
}

QString sessionDrawsPath(const QString& sessionPath) {
    const QFileInfo info(sessionPath);
    const QString base = info.suffix().compare("json", Qt::CaseInsensitive) == 0 ? info.completeBaseName() : info.fileName();
    return info.dir().filePath(base + ".draws");
}

} // namespace genrelab
