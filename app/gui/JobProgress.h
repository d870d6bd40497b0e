#pragma once
// Drives a progress bar for a job on another thread: the count done (set from reports, or read
// from a counter the job increments), the time taken and the time left (ProgressEta), refreshed
// every second so the clock moves between reports. A total of 0 shows a busy bar.
#include <QObject>
#include <QTimer>

#include <cstddef>
#include <functional>

#include <QElapsedTimer>

class QProgressBar;

namespace genrelab {

class JobProgress : public QObject {
    Q_OBJECT
public:
    explicit JobProgress(QProgressBar* bar, QObject* parent = nullptr);

    // counter, when given, is read on every refresh (it must be safe to call from the GUI thread
    // while the job runs: an atomic load).
    void start(std::size_t total, std::function<std::size_t()> counter = {});
    void setDone(std::size_t done);
    void stop();  // the bar keeps its last text; the clock stops
    QString text() const;
    bool running() const { return refresh_.isActive(); }

private:
    void show();

    QProgressBar* bar_;
    QTimer refresh_;
    QElapsedTimer clock_;
    std::function<std::size_t()> counter_;
    std::size_t done_ = 0, total_ = 0;
};

} // namespace genrelab
