#pragma once
// Writing files so that a failure leaves no half-written file: QSaveFile writes a temporary
// and renames it over the target only when everything was written.
#include <QByteArray>
#include <QString>

#include <functional>

class QIODevice;

namespace genrelab {

// Returns an empty string on success, else a message naming the file and the reason.
QString writeFileAtomically(const QString& path, const QByteArray& bytes);
// For writers that need a device (QPdfWriter, QSvgGenerator, QImage::save).
QString writeDeviceAtomically(const QString& path, const std::function<bool(QIODevice&)>& write);

} // namespace genrelab
