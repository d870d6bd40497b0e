#include "ReweightingView.h"

#include <QHeaderView>
#include <QLabel>
#include <QPushButton>
#include <QTableWidget>
#include <QVBoxLayout>

#include <cmath>

namespace genrelab {
namespace {

constexpr int kMaxRows = 60;
constexpr double kReliableKhat = 0.7;

QString number(double v, int decimals) { return std::isnan(v) ? QStringLiteral("n/a") : QString::number(v, 'f', decimals); }
QString signedNumber(double v, int decimals) {
    return std::isnan(v) ? QStringLiteral("n/a") : (v >= 0 ? QStringLiteral("+") : QString()) + QString::number(v, 'f', decimals);
}

// The parameters a person reads first: intercepts and the hierarchy's means and scales; the
// per-feature coefficients and network weights are too many for a glance.
bool mainParameter(const std::string& name) {
    return name.rfind("beta[", 0) != 0 && name.rfind("W", 0) != 0;
}

} // namespace

ReweightingView::ReweightingView(QWidget* parent)
    : QWidget(parent), status_(new QLabel(this)), metrics_(new QLabel(this)), table_(new QTableWidget(this)),
      refit_(new QPushButton(tr("Refit from this fit"), this)) {
    auto* title = new QLabel(tr("<b>After the fit:</b> the draws re-weighted to these priors (Pareto-smoothed importance sampling)"), this);
    title->setWordWrap(true);
    status_->setWordWrap(true);
    metrics_->setWordWrap(true);
    metrics_->setTextInteractionFlags(Qt::TextSelectableByMouse);
    table_->setColumnCount(4);
    table_->setHorizontalHeaderLabels({tr("parameter"), tr("fitted mean"), tr("re-weighted mean"), tr("90% interval")});
    table_->horizontalHeader()->setSectionResizeMode(QHeaderView::ResizeToContents);
    table_->horizontalHeader()->setStretchLastSection(true);
    table_->verticalHeader()->hide();
    table_->setEditTriggers(QAbstractItemView::NoEditTriggers);
    table_->setMinimumHeight(120);
    refit_->setToolTip(tr("Train again with these priors, starting the sampler's adaptation from the current fit"));
    refit_->hide();
    connect(refit_, &QPushButton::clicked, this, &ReweightingView::refitRequested);
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(title);
    layout->addWidget(status_);
    layout->addWidget(metrics_);
    layout->addWidget(refit_, 0, Qt::AlignLeft);
    layout->addWidget(table_, 1);
    setMessage(tr("Train a model: moving nu, tau or lambda then re-weights its draws here, without refitting."));
}

void ReweightingView::setMessage(const QString& message) {
    status_->setText(message);
    status_->setStyleSheet({});
    metrics_->clear();
    table_->setRowCount(0);
    refit_->hide();
}

void ReweightingView::setPosterior(const ReweightedPosterior& posterior, const ReweightingBasis& basis, double milliseconds,
                                   bool fittedPrior) {
    const QString draws = tr("%1 draws").arg(basis.drawCount());
    if (fittedPrior) {
        status_->setText(tr("The fitted priors (%1). Move nu, tau or lambda to see what the posterior would become.").arg(draws));
        status_->setStyleSheet({});
        refit_->hide();
    } else if (posterior.reliable()) {
        status_->setText(tr("k-hat %1 (reliable up to 0.7) · %2, effective %3 · updated in %4 ms")
                             .arg(number(posterior.khat, 2), draws, number(posterior.effectiveDraws, 0), number(milliseconds, 1)));
        status_->setStyleSheet({});
        refit_->hide();
    } else {
        status_->setText(tr("k-hat %1 is above %2: these priors move the posterior too far from the fitted draws, and the "
                            "re-weighted numbers are unreliable. Refit to know.")
                             .arg(number(posterior.khat, 2), number(kReliableKhat, 1)));
        status_->setStyleSheet(QStringLiteral("color: #b03a2e;"));
        refit_->show();
    }
    metrics_->setText(tr("elpd_loo %1 ± %2 (change %3 ± %4; %5 training rows sampled) · test accuracy %6 · log predictive %7")
                          .arg(number(posterior.elpdLoo, 1), number(posterior.elpdLooSe, 1), signedNumber(posterior.elpdLooChange, 2),
                               number(posterior.elpdLooChangeSe, 2), QString::number(basis.looLogLik.cols()),
                               number(posterior.testAccuracy, 3), number(posterior.testLogPredictive, 3)));
    const Eigen::VectorXd fitted = basis.natural.colwise().mean().transpose();
    table_->setRowCount(0);
    for (std::size_t p = 0; p < basis.names.size() && table_->rowCount() < kMaxRows; ++p) {
        if (!mainParameter(basis.names[p])) continue;
        const int row = table_->rowCount();
        const auto i = static_cast<Eigen::Index>(p);
        table_->insertRow(row);
        table_->setItem(row, 0, new QTableWidgetItem(QString::fromStdString(basis.names[p])));
        table_->setItem(row, 1, new QTableWidgetItem(number(fitted[i], 3)));
        table_->setItem(row, 2, new QTableWidgetItem(posterior.means.size() > i ? number(posterior.means[i], 3) : QStringLiteral("n/a")));
        table_->setItem(row, 3, new QTableWidgetItem(posterior.lower.size() > i
                                                         ? QStringLiteral("%1 … %2").arg(number(posterior.lower[i], 3), number(posterior.upper[i], 3))
                                                         : QStringLiteral("n/a")));
    }
}

} // namespace genrelab
