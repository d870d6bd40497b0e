#include "JobProgress.h"

#include "ProgressEta.h"

#include <QProgressBar>

#include <algorithm>

namespace genrelab {

JobProgress::JobProgress(QProgressBar* bar, QObject* parent) : QObject(parent), bar_(bar) {
    refresh_.setInterval(1000);
    connect(&refresh_, &QTimer::timeout, this, &JobProgress::show);
}

void JobProgress::start(std::size_t total, std::function<std::size_t()> counter) {
    total_ = total;
    done_ = 0;
    counter_ = std::move(counter);
    clock_.start();
    refresh_.start();
    show();
}

void JobProgress::setDone(std::size_t done) {
    done_ = done;
    show();
}

void JobProgress::stop() {
    if (!refresh_.isActive()) return;
    show();
    refresh_.stop();
}

QString JobProgress::text() const {
    return ProgressEta::describe(done_, total_, clock_.isValid() ? static_cast<double>(clock_.elapsed()) / 1000.0 : 0.0);
}

void JobProgress::show() {
    if (counter_) done_ = counter_();
    bar_->setRange(0, static_cast<int>(total_));
    bar_->setValue(static_cast<int>(std::min(done_, total_)));
    bar_->setFormat(text());
    bar_->setTextVisible(true);
    bar_->setToolTip(text());  // a busy bar (total 0) draws no text in some styles
}

} // namespace genrelab
