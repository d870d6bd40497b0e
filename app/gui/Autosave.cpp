#include "Autosave.h"

#include "AtomicFile.h"

#include <QCoreApplication>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QStandardPaths>

#include <cerrno>

#include <signal.h>

namespace genrelab {
namespace {

// Whether the process named in a marker still runs (then it is another window of the app, not
// a crash). A marker that cannot be read counts as left behind.
bool markerOwnerIsAlive(const QString& markerPath) {
    QFile marker(markerPath);
    if (!marker.open(QIODevice::ReadOnly)) return false;
    bool ok = false;
    const qint64 pid = marker.readAll().trimmed().toLongLong(&ok);
    if (!ok || pid <= 0 || pid == QCoreApplication::applicationPid()) return false;
    return ::kill(static_cast<pid_t>(pid), 0) == 0 || errno == EPERM;
}

} // namespace

Autosave::Autosave(std::function<std::string()> snapshot, QString folder, QObject* parent)
    : QObject(parent), snapshot_(std::move(snapshot)) {
    if (folder.isEmpty()) folder = QStandardPaths::writableLocation(QStandardPaths::AppDataLocation);
    const QDir dir(folder);
    sessionPath_ = dir.filePath("autosave-session.json");
    markerPath_ = dir.filePath("running.pid");
    crashed_ = QFile::exists(markerPath_) && QFile::exists(sessionPath_) && !markerOwnerIsAlive(markerPath_);
    connect(&timer_, &QTimer::timeout, this, [this] { saveNow(); });
}

QString Autosave::start(int intervalMs) {
    QDir().mkpath(QFileInfo(markerPath_).absolutePath());
    lastError_ = writeFileAtomically(markerPath_, QByteArray::number(QCoreApplication::applicationPid()) + "\n");
    if (!lastError_.isEmpty()) return lastError_;
    running_ = true;
    timer_.start(intervalMs);
    return {};
}

QString Autosave::saveNow() {
    if (!running_) return {};
    std::string text = snapshot_();
    if (text == lastWritten_) return {};
    lastError_ = writeFileAtomically(sessionPath_, QByteArray::fromStdString(text));
    if (!lastError_.isEmpty()) return lastError_;  // the previous autosave stays; the next tick tries again
    lastWritten_ = std::move(text);
    ++writes_;
    emit saved(sessionPath_);
    return {};
}

void Autosave::finish() {
    timer_.stop();
    if (!running_) return;
    running_ = false;
    QFile::remove(sessionPath_);
    QFile::remove(markerPath_);
}

} // namespace genrelab
