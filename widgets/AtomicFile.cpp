#include "AtomicFile.h"

#include "util/AtomicFile.h"

#include <QBuffer>
#include <QFile>

namespace genrelab {

QString writeFileAtomically(const QString& path, const QByteArray& bytes) {
    try {
        writeFileAtomically(std::string(QFile::encodeName(path).constData()),
                            std::string_view(bytes.constData(), static_cast<std::size_t>(bytes.size())));
    } catch (const FileWriteError& error) {
        return QString::fromLocal8Bit(error.what());
    }
    return {};
}

QString writeDeviceAtomically(const QString& path, const std::function<bool(QIODevice&)>& write) {
    QByteArray bytes;
    QBuffer buffer(&bytes);
    buffer.open(QIODevice::WriteOnly);
    if (!write(buffer)) return QObject::tr("Writing %1 failed").arg(path);
    buffer.close();
    return writeFileAtomically(path, bytes);
}

} // namespace genrelab
