#pragma once
// What a drop onto the window asks to open: one local CSV file, or the reason it is refused
// (several files, a folder, another kind of file, something not on this machine).
#include <QList>
#include <QString>
#include <QUrl>

namespace genrelab {

struct DroppedFile {
    QString path;     // the file to open, when refusal is empty
    QString refusal;  // why nothing is opened, for the user
};

// The suffixes File > Open offers for data: .csv, .tsv and .txt.
bool looksLikeDataFile(const QString& path);
DroppedFile chooseDroppedFile(const QList<QUrl>& urls);

} // namespace genrelab
