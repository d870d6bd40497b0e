#include "SamplePath.h"

#include <QCoreApplication>
#include <QDir>
#include <QFileInfo>

namespace genrelab {

QString bundledSamplePath() {
    const QString name = "music_genre_sample.csv";
    const QDir appDir(QCoreApplication::applicationDirPath());
    const QStringList candidates = {
        appDir.filePath("../share/genrelab/" + name),
        appDir.filePath("data/" + name),
        QStringLiteral(GENRELAB_SOURCE_SAMPLE),
    };
    for (const QString& candidate : candidates)
        if (QFileInfo::exists(candidate)) return QFileInfo(candidate).canonicalFilePath();
    return {};
}

} // namespace genrelab
