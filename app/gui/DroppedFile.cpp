#include "DroppedFile.h"

#include <QCoreApplication>
#include <QFileInfo>

namespace genrelab {
namespace {
QString tr(const char* text) { return QCoreApplication::translate("DroppedFile", text); }
} // namespace

bool looksLikeDataFile(const QString& path) {
    const QString suffix = QFileInfo(path).suffix().toLower();
    return suffix == "csv" || suffix == "tsv" || suffix == "txt";
}

DroppedFile chooseDroppedFile(const QList<QUrl>& urls) {
    if (urls.isEmpty()) return {{}, tr("Nothing to open was dropped: drop a CSV file.")};
    if (urls.size() > 1)
        return {{}, tr("%1 files were dropped; genrelab opens one data file at a time. Drop a single CSV file.").arg(urls.size())};
    const QUrl& url = urls.front();
    if (!url.isLocalFile())
        return {{}, tr("%1 is not a file on this computer; download it first, then drop or open it.").arg(url.toDisplayString())};
    const QString path = url.toLocalFile();
    const QFileInfo info(path);
    const QString name = info.fileName().isEmpty() ? path : info.fileName();
    if (info.isDir()) return {{}, tr("%1 is a folder; drop a CSV file from it instead.").arg(name)};
    if (!info.exists()) return {{}, tr("%1 does not exist.").arg(path)};
    if (!looksLikeDataFile(path))
        return {{}, tr("%1 is not a CSV file: genrelab opens .csv, .tsv and .txt data files (a session opens with File > Open Session).")
                        .arg(name)};
    return {path, {}};
}

} // namespace genrelab
