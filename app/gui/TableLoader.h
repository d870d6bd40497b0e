#pragma once
// Reads and inspects a CSV file off the GUI thread and hands back the result as a signal.
#include "data/QualityReport.h"
#include "data/Table.h"

#include <QFutureWatcher>
#include <QObject>

#include <memory>

namespace genrelab {

struct LoadedData {
    QString path;
    std::shared_ptr<const Table> table;   // null when loading failed
    QualityReport report;
    QString error;                        // what went wrong, with file, line and column
    QString note;                         // read, but with something to say (bytes that were not UTF-8)
    double milliseconds = 0;
};

class TableLoader : public QObject {
    Q_OBJECT
public:
    explicit TableLoader(QObject* parent = nullptr);
    ~TableLoader() override;

    // Starts loading; a load still running is superseded (its result is dropped).
    void load(const QString& path, const QString& target = {});
    bool isLoading() const { return running_ > 0; }
    // Drops the result of every load still running (the reading itself finishes on its pool
    // thread and is then freed); the file open before stays. Emits cancelled() if one was running.
    void cancel();

    // The same work, on the calling thread (for the CLI-like paths and tests).
    static LoadedData loadNow(const QString& path, const QString& target = {});

signals:
    void loaded(const genrelab::LoadedData& data);
    void cancelled();

private:
    int generation_ = 0;  // only the newest request's result is delivered
    int running_ = 0;
};

} // namespace genrelab

Q_DECLARE_METATYPE(genrelab::LoadedData)
