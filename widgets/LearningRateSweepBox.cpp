#include "LearningRateSweepBox.h"

#include <QFormLayout>
#include <QLabel>
#include <QLineEdit>
#include <QLocale>
#include <QPushButton>
#include <QRegularExpression>
#include <QSpinBox>

#include <cmath>
#include <limits>

namespace genrelab {

namespace {
QString number(double v) { return QLocale::c().toString(v, 'g', 6); }
} // namespace

LearningRateSweepBox::LearningRateSweepBox(QWidget* parent)
    : QGroupBox(tr("Learning-rate sweep (SVI)"), parent), rates_(new QLineEdit(this)), rows_(new QSpinBox(this)), steps_(new QSpinBox(this)),
      run_(new QPushButton(tr("Run lr sweep"), this)), useBest_(new QPushButton(this)), summary_(new QLabel(this)) {
    rates_->setText("0.001, 0.003, 0.01, 0.03, 0.1");
    rates_->setToolTip(tr("Learning rates, separated by commas. Each is fitted by SVI and judged on validation rows the test rows never touch "
                          "(genrelab-cli sweep --lr)."));
    rows_->setRange(50, std::numeric_limits<int>::max());
    steps_->setRange(1, std::numeric_limits<int>::max());
    const SweepSettings defaults;
    rows_->setValue(static_cast<int>(defaults.trainRows));
    steps_->setValue(static_cast<int>(defaults.steps));
    rows_->setToolTip(tr("Training rows; validation takes max(200, rows / 5) others (--train-size)."));
    steps_->setToolTip(tr("SVI steps at most; a fit stops earlier once its windowed ELBO means change by less than 1e-4 (--steps)."));
    summary_->setWordWrap(true);
    summary_->setTextInteractionFlags(Qt::TextSelectableByMouse);
    useBest_->setVisible(false);
    auto* form = new QFormLayout(this);
    form->addRow(tr("Rates"), rates_);
    form->addRow(tr("Training rows"), rows_);
    form->addRow(tr("Steps at most"), steps_);
    form->addRow(run_);
    form->addRow(summary_);
    form->addRow(useBest_);
    connect(run_, &QPushButton::clicked, this, [this] {
        if (running_) {
            emit cancelRequested();
            return;
        }
        if (learningRates()) emit runRequested();
    });
    connect(useBest_, &QPushButton::clicked, this, [this] {
        if (sweep_.best) emit useLearningRate(sweep_.cells[*sweep_.best].a);
    });
}

std::optional<std::vector<double>> LearningRateSweepBox::learningRates() const {
    std::vector<double> rates;
    for (const QString& part : rates_->text().split(QRegularExpression("[,;\\s]+"), Qt::SkipEmptyParts)) {
        bool ok = false;
        const double v = QLocale::c().toDouble(part, &ok);
        if (!ok || !(v > 0.0) || !std::isfinite(v)) {
            summary_->setText(tr("'%1' is not a positive learning rate.").arg(part));
            return std::nullopt;
        }
        rates.push_back(v);
    }
    if (rates.empty()) {
        summary_->setText(tr("Type one or more learning rates, separated by commas."));
        return std::nullopt;
    }
    return rates;
}

void LearningRateSweepBox::setLearningRates(const QString& text) { rates_->setText(text); }

SweepSettings LearningRateSweepBox::settings() const {
    SweepSettings s;
    s.trainRows = static_cast<std::size_t>(rows_->value());
    s.steps = static_cast<std::size_t>(steps_->value());
    return s;
}

void LearningRateSweepBox::setSettings(const SweepSettings& settings) {
    rows_->setValue(static_cast<int>(settings.trainRows));
    steps_->setValue(static_cast<int>(settings.steps));
}

void LearningRateSweepBox::setRunning(bool running) {
    running_ = running;
    run_->setText(running ? tr("Cancel lr sweep") : tr("Run lr sweep"));
    for (QWidget* w : std::initializer_list<QWidget*>{rates_, rows_, steps_}) w->setEnabled(!running);
    if (running) {
        useBest_->setVisible(false);
        summary_->setText(tr("Starting…"));
    }
}

void LearningRateSweepBox::setProgress(std::size_t done, std::size_t total) {
    summary_->setText(tr("%1 of %2 learning rates fitted…").arg(done).arg(total));
}

void LearningRateSweepBox::setMessage(const QString& message) { summary_->setText(message); }

void LearningRateSweepBox::setResult(const SweepResult& result) {
    sweep_ = result;
    QStringList lines;
    for (std::size_t k = 0; k < result.cells.size(); ++k) {
        const SweepCell& c = result.cells[k];
        const QString mark = result.best && *result.best == k ? tr(" ← best") : QString();
        lines << (c.error.empty() ? tr("lr %1: log predictive %2, accuracy %3%4")
                                        .arg(number(c.a), QLocale::c().toString(c.validationLogPredictive, 'f', 4),
                                             QLocale::c().toString(c.validationAccuracy, 'f', 3), mark)
                                  : tr("lr %1: failed (%2)").arg(number(c.a), QString::fromStdString(c.error)));
    }
    lines << (result.best ? tr("Best by validation log predictive, on %1 validation rows.").arg(result.validationRows)
                          : tr("No learning rate succeeded: there is no best one."));
    summary_->setText(lines.join('\n'));
    useBest_->setVisible(result.best.has_value());
    if (result.best) useBest_->setText(tr("Use lr %1").arg(number(result.cells[*result.best].a)));
}

QString LearningRateSweepBox::resultText() const { return summary_->text(); }

} // namespace genrelab
