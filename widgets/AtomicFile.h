#pragma once
// The app's face of the core's file writer (util/AtomicFile.h): Qt types in, a message out.
#include <QByteArray>
#include <QString>

#include <functional>

class QIODevice;

namespace genrelab {

// Returns an empty string on success, else a message naming the file and the reason.
QString writeFileAtomically(const QString& path, const QByteArray& bytes);
// For writers that need a device (QSvgGenerator, QImage::save): they write into memory, then
// the bytes go to the file through the core's writer.
QString writeDeviceAtomically(const QString& path, const std::function<bool(QIODevice&)>& write);

} // namespace genrelab
