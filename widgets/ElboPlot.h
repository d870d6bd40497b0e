#pragma once
// The ELBO as SVI runs: every step's estimate and an exponentially smoothed curve; optionally
// the loss (-ELBO) on a log scale, where late progress stays visible.
#include <QWidget>

class QCheckBox;
class QCustomPlot;
class QCPGraph;

namespace genrelab {

class ElboPlot : public QWidget {
    Q_OBJECT
public:
    explicit ElboPlot(QWidget* parent = nullptr);
    void clear();
    void append(const QVector<double>& steps, const QVector<double>& elbo);  // already sorted by step
    void setLogScale(bool on);
    // Pathfinder's ELBO per L-BFGS iterate is an estimate per Gaussian, not a noisy trace of one
    // fit: shown as it is, without the smoothed curve, and labelled by iteration.
    void setPerIterate(bool on);
    int points() const;
    double smoothedLast() const { return smoothed_; }
    QCustomPlot* plot() const { return plot_; }

private:
    void applyScale();
    void rescale();
    QCheckBox* log_;
    QCustomPlot* plot_;
    QCPGraph *raw_, *smooth_;
    double smoothed_ = 0;
    bool hasSmoothed_ = false;
    int nonPositiveLosses_ = 0;  // raw steps with ELBO >= 0: a log scale cannot show their loss
};

} // namespace genrelab
