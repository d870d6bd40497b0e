#pragma once
// Autosave of the session, and the offer to restore it after a crash.
//
// While the app runs, a marker file (holding the process id) says so; every interval, and
// whenever the caller asks (after each finished run), the session's JSON is written atomically
// to the app-data folder if it changed. A clean exit removes the marker and the autosave. At the
// next start, a marker left behind by a process that is gone, beside an autosave, means the
// previous run ended without a clean exit: its session can be restored.
#include <QObject>
#include <QString>
#include <QTimer>

#include <functional>
#include <string>

namespace genrelab {

class Autosave : public QObject {
    Q_OBJECT
public:
    // snapshot: the session's JSON (Session::toJson). folder: where the files live (default:
    // QStandardPaths::AppDataLocation).
    explicit Autosave(std::function<std::string()> snapshot, QString folder = {}, QObject* parent = nullptr);

    const QString& sessionPath() const { return sessionPath_; }
    const QString& markerPath() const { return markerPath_; }
    // An autosave left by a run that did not exit cleanly (checked at construction, before this
    // process writes its own marker).
    bool crashedSessionAvailable() const { return crashed_; }

    // Marks this process as running and saves every intervalMs. Returns an empty string or
    // the error of writing the marker.
    QString start(int intervalMs = 60000);
    // Writes the session if it differs from the last one written; empty string or the error.
    QString saveNow();
    // The clean exit: the marker and the autosave are removed.
    void finish();
    // After the crashed session was restored or declined: it is no longer offered.
    void forgetCrashedSession() { crashed_ = false; }
    QString lastError() const { return lastError_; }
    int writes() const { return writes_; }

signals:
    void saved(const QString& path);

private:
    std::function<std::string()> snapshot_;
    QString sessionPath_, markerPath_;
    QTimer timer_;
    std::string lastWritten_;
    QString lastError_;
    bool crashed_ = false, running_ = false;
    int writes_ = 0;
};

} // namespace genrelab
