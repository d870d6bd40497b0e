#include "TableLoader.h"

#include "BackgroundPool.h"
#include "data/ClassNames.h"
#include "data/DataError.h"

#include <QElapsedTimer>
#include <QtConcurrent/QtConcurrentRun>

namespace genrelab {

TableLoader::TableLoader(QObject* parent) : QObject(parent) {}

TableLoader::~TableLoader() {
    // A worker still reading must not outlive the object it reports to.
    for (auto* watcher : findChildren<QFutureWatcher<LoadedData>*>()) watcher->waitForFinished();
}

void TableLoader::load(const QString& path, const QString& target) {
    const int generation = ++generation_;
    auto* watcher = new QFutureWatcher<LoadedData>(this);
    connect(watcher, &QFutureWatcher<LoadedData>::finished, this, [this, watcher, generation] {
        --running_;
        if (generation == generation_) emit loaded(watcher->result());
        watcher->deleteLater();
    });
    ++running_;
    watcher->setFuture(runInBackground([path, target] { return loadNow(path, target); }));
}

void TableLoader::cancel() {
    if (running_ == 0) return;
    ++generation_;  // no running load is the newest request any more
    emit cancelled();
}

LoadedData TableLoader::loadNow(const QString& path, const QString& target) {
    LoadedData data;
    data.path = path;
    QElapsedTimer timer;
    timer.start();
    try {
        const std::string file = path.toStdString();
        TableOptions options;
        if (!target.isEmpty()) options.target = target.toStdString();
        auto table = std::make_shared<Table>(readTable(file, options));
        ClassNames names;
        if (auto found = findClassNamesFor(file)) {
            try {
                names = readClassNames(*found);
            } catch (const DataError&) {
                // A broken name file only costs the names; the labels still show.
            }
        }
        data.report = inspectTable(*table, names);
        data.note = QString::fromStdString(describeUtf8Repairs(*table));
        data.table = std::move(table);
    } catch (const std::exception& error) {
        data.error = QString::fromStdString(error.what());
    }
    data.milliseconds = static_cast<double>(timer.nsecsElapsed()) / 1e6;
    return data;
}

} // namespace genrelab
