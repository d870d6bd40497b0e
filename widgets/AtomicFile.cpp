#include "AtomicFile.h"

#include <QSaveFile>

namespace genrelab {

QString writeDeviceAtomically(const QString& path, const std::function<bool(QIODevice&)>& write) {
    QSaveFile file(path);
    if (!file.open(QIODevice::WriteOnly)) return QObject::tr("Cannot write %1: %2").arg(path, file.errorString());
    if (!write(file)) {
        file.cancelWriting();
        return QObject::tr("Writing %1 failed").arg(path);
    }
    if (!file.commit()) return QObject::tr("Cannot write %1: %2").arg(path, file.errorString());
    return {};
}

QString writeFileAtomically(const QString& path, const QByteArray& bytes) {
    return writeDeviceAtomically(path, [&](QIODevice& device) { return device.write(bytes) == bytes.size(); });
}

} // namespace genrelab
